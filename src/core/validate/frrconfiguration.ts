// Validation of one FRRConfiguration: schema, then (when the shape is right) every semantic check.
// Never throws on bad input; returns problems and, when the shape is right, the object with defaults;
// when nothing is wrong, also what the checks parsed (see parsed.ts).
import { FRRConfiguration, type FRRConfigurationSpec } from '../../../api/v1beta1/index.ts';
import { isDnsLabel, isDnsSubdomain, quoted } from '../names.ts';
import { hasErrors, type Problem } from '../problems.ts';
import { selectorErrors } from '../select.ts';
import { checkBfdProfiles } from './bfd-profiles.ts';
import type { ValidationContext } from './context.ts';
import { checkEvpn } from './evpn.ts';
import { checkIpv4Compatible } from './ipv4-compatible.ts';
import type { ParsedConfiguration } from './parsed.ts';
import { Reporter } from './reporter.ts';
import { checkRouters } from './router.ts';
import { schemaValidator } from './schema.ts';
import { checkUnsafeStrings } from './unsafe-strings.ts';

const validateShape = schemaValidator(FRRConfiguration);

export interface ValidationResult {
  problems: Problem[];
  /** A defaulted copy of the object; undefined when its shape is wrong. */
  object?: FRRConfiguration;
  /** The object as the pipeline uses it; present exactly when no problem is an error. */
  parsed?: ParsedConfiguration;
}

function metadataOf(input: unknown): { name: string; namespace?: string } {
  const meta = (input as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  return {
    name: typeof meta?.name === 'string' ? meta.name : '',
    namespace: typeof meta?.namespace === 'string' ? meta.namespace : undefined,
  };
}

export function validateFRRConfiguration(input: unknown, ctx: ValidationContext): ValidationResult {
  const { name, namespace } = metadataOf(input);
  const reporter = new Reporter({ kind: 'FRRConfiguration', namespace: namespace ?? ctx.namespace, name });
  if (!name) reporter.report('MISSING_NAME', 'metadata.name', 'the object has no name');
  else if (!isDnsSubdomain(name)) {
    reporter.report(
      'INVALID_OBJECT_NAME',
      'metadata.name',
      `name ${quoted(name)} is not a DNS subdomain (at most 253 lower-case alphanumerics, '-' or '.', starting and ending alphanumeric)`,
    );
  }
  if (namespace !== undefined && namespace !== '' && !isDnsLabel(namespace)) {
    reporter.report(
      'INVALID_NAMESPACE_NAME',
      'metadata.namespace',
      `namespace ${quoted(namespace)} is not a DNS label (at most 63 lower-case alphanumerics or '-', starting and ending alphanumeric)`,
    );
  }

  let copy: unknown;
  try {
    copy = input === undefined ? undefined : structuredClone(input);
  } catch {
    // Only non-data values (functions, symbols) or nesting deeper than the engine's stack get here.
    reporter.report(
      'SCHEMA_INVALID',
      '',
      'the object is not plain data or is nested too deeply to be validated',
    );
    return { problems: reporter.problems };
  }
  checkUnsafeStrings((copy as { spec?: unknown } | null)?.spec, reporter);
  const shape = validateShape(copy, reporter.ref);
  reporter.add(shape);
  if (hasErrors(shape)) return { problems: reporter.problems };

  const object = copy as FRRConfiguration;
  const spec: FRRConfigurationSpec = object.spec ?? {};
  for (const e of selectorErrors(spec.nodeSelector)) {
    reporter.report('NODE_SELECTOR_INVALID', `spec.nodeSelector.${e.path}`, e.message);
  }
  checkIpv4Compatible(spec.bgp, reporter);
  const profiles = checkBfdProfiles(spec.bgp?.bfdProfiles, reporter);
  const routers = checkRouters(spec.bgp?.routers ?? [], profiles, reporter, ctx);
  checkEvpn(spec.bgp?.routers ?? [], reporter);
  if (hasErrors(reporter.problems) || !routers) return { problems: reporter.problems, object };
  const rawText = spec.raw?.rawConfig;
  const parsed: ParsedConfiguration = {
    namespace: reporter.ref.namespace,
    name,
    routers,
    bfdProfiles: spec.bgp?.bfdProfiles ?? [],
    ...(rawText ? { raw: { priority: spec.raw?.priority ?? 0, text: rawText } } : {}),
  };
  return { problems: reporter.problems, object, parsed };
}
