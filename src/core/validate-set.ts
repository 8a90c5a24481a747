// Validates a set of FRRConfigurations as the daemon would read them: each object on its own, plus
// what only shows across objects (the same name twice, objects outside the daemon namespace).
import type { FRRConfiguration } from '../../api/v1beta1/index.ts';
import { problem, refName, type Problem } from './problems.ts';
import type { ValidationContext } from './validate/context.ts';
import { validateFRRConfiguration } from './validate/frrconfiguration.ts';

export interface ValidatedObject {
  namespace: string;
  name: string;
  origin?: string;
  problems: Problem[];
  /** Defaulted object, when its shape is valid. */
  object?: FRRConfiguration;
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

export function validateSet(
  inputs: readonly { value: unknown; origin?: string }[],
  ctx: ValidationContext,
): { objects: ValidatedObject[]; problems: Problem[] } {
  const objects: ValidatedObject[] = [];
  const seen = new Map<string, ValidatedObject>();
  const problems: Problem[] = [];
  for (const input of inputs) {
    const result = validateFRRConfiguration(input.value, ctx);
    const source = result.problems[0]?.sources[0];
    const meta = (input.value as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
    const name = typeof meta?.name === 'string' ? meta.name : (source?.name ?? '');
    const namespace = typeof meta?.namespace === 'string' ? meta.namespace : ctx.namespace;
    const validated: ValidatedObject = {
      namespace,
      name,
      origin: input.origin,
      problems: [...result.problems],
      object: result.object,
    };
    const at = { kind: 'FRRConfiguration', namespace, name, path: '' };
    if (namespace !== ctx.namespace) {
      validated.problems.push(
        problem(
          'OUTSIDE_NAMESPACE',
          `the daemon reads FRRConfigurations from "${ctx.namespace}" only; this one is ignored`,
          at,
        ),
      );
    }
    const key = refName({ namespace, name });
    const earlier = seen.get(key);
    if (earlier && name) validated.problems.push(duplicateProblem(at, earlier.origin, input.origin));
    seen.set(key, validated);
    objects.push(validated);
    problems.push(...validated.problems);
  }
  return { objects, problems };
}
