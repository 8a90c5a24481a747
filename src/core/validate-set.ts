// Validates a set of FRRConfigurations as the daemon would read them: each object on its own, plus
// what only shows across objects (the same name twice, objects outside the daemon namespace).
import type { FRRConfigurationSpec } from '../../api/v1beta1/index.ts';
import { problem, refName, type Problem } from './problems.ts';
import type { ValidationContext } from './validate/context.ts';
import { validateFRRConfiguration } from './validate/frrconfiguration.ts';
import type { ParsedConfiguration } from './validate/parsed.ts';

/** What validation found and read: kept (by the object cache) instead of the object itself. */
export interface ValidatedObject {
  namespace: string;
  name: string;
  origin?: string;
  problems: Problem[];
  /** False when the object's shape is wrong: nothing in it could be read. */
  wellFormed: boolean;
  /** The nodeSelector as written, when the object is well-formed. */
  nodeSelector?: FRRConfigurationSpec['nodeSelector'];
  /** The object as the pipeline uses it; present exactly when it has no errors of its own. */
  parsed?: ParsedConfiguration;
}

/** The same namespace/name given twice: the later one is used (said on the later one). */
export function duplicateProblem(
  at: { kind: string; namespace: string; name: string; path: string },
  earlierOrigin: string | undefined,
  laterOrigin: string | undefined,
): Problem {
  return problem(
    'DUPLICATE_OBJECT',
    // Origins (file:line) are known for files; objects from an informer have none worth naming.
    earlierOrigin === undefined || laterOrigin === undefined
      ? `${refName(at)} appears more than once; the last one is used`
      : `${refName(at)} appears more than once (${earlierOrigin} and ${laterOrigin}); the last one is used`,
    at,
  );
}

/** One object on its own, with OUTSIDE_NAMESPACE when it is not in the daemon namespace. */
export function validateObject(
  input: { value: unknown; origin?: string },
  ctx: ValidationContext,
): ValidatedObject {
  const result = validateFRRConfiguration(input.value, ctx);
  const source = result.problems[0]?.sources[0];
  // Any value may arrive here (a YAML document, an admission request), null included.
  const meta = (input.value as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  const name = typeof meta?.name === 'string' ? meta.name : (source?.name ?? '');
  const namespace = typeof meta?.namespace === 'string' ? meta.namespace : ctx.namespace;
  const problems = [...result.problems];
  if (namespace !== ctx.namespace) {
    problems.push(
      problem(
        'OUTSIDE_NAMESPACE',
        `the daemon reads FRRConfigurations from "${ctx.namespace}" only; this one is ignored`,
        { kind: 'FRRConfiguration', namespace, name, path: '' },
      ),
    );
  }
  return {
    namespace,
    name,
    origin: input.origin,
    problems,
    wellFormed: result.object !== undefined,
    nodeSelector: result.object?.spec?.nodeSelector,
    parsed: result.parsed,
  };
}

export function validateSet(
  inputs: readonly { value: unknown; origin?: string }[],
  ctx: ValidationContext,
): { objects: ValidatedObject[]; problems: Problem[] } {
  const objects: ValidatedObject[] = [];
  const seen = new Map<string, ValidatedObject>();
  const problems: Problem[] = [];
  for (const input of inputs) {
    const validated = validateObject(input, ctx);
    const { namespace, name } = validated;
    const key = refName({ namespace, name });
    const earlier = seen.get(key);
    if (earlier && name) {
      const at = { kind: 'FRRConfiguration', namespace, name, path: '' };
      validated.problems.push(duplicateProblem(at, earlier.origin, input.origin));
    }
    seen.set(key, validated);
    objects.push(validated);
    problems.push(...validated.problems);
  }
  return { objects, problems };
}
