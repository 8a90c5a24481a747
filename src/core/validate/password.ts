// Where a neighbor's password comes from: cleartext or a basic-auth Secret in the daemon namespace.
import type { Neighbor } from '../../../api/v1beta1/index.ts';
import { hasUnsafeCharacters, passwordError } from '../names.ts';
import { passwordUndecodable, secretPassword } from '../secret-data.ts';
import type { SecretInfo, ValidationContext } from './context.ts';
import type { ParsedPassword } from './parsed.ts';
import type { Reporter } from './reporter.ts';

export const BASIC_AUTH = 'kubernetes.io/basic-auth';

/** The Secret's password, when it is one FRR can take (otherwise the reason is reported). */
function checkSecretValue(secret: SecretInfo, path: string, reporter: Reporter): string | undefined {
  const secretRef = { kind: 'Secret', namespace: secret.namespace, name: secret.name, path: 'data.password' };
  if (secret.type !== BASIC_AUTH) {
    reporter.report(
      'SECRET_TYPE_MISMATCH',
      path,
      `Secret ${secret.namespace}/${secret.name} has type "${secret.type ?? ''}", expected ${BASIC_AUTH}`,
      { ...secretRef, path: 'type' },
    );
    return;
  }
  if (passwordUndecodable(secret)) {
    reporter.report(
      'SECRET_PASSWORD_NOT_BASE64',
      path,
      `the "password" value of Secret ${secret.namespace}/${secret.name} is not valid base64`,
      secretRef,
    );
    return;
  }
  const value = secretPassword(secret);
  if (value === undefined) {
    reporter.report(
      'SECRET_PASSWORD_MISSING',
      path,
      `Secret ${secret.namespace}/${secret.name} has no "password" key`,
      {
        ...secretRef,
        path: 'data',
      },
    );
    return;
  }
  if (hasUnsafeCharacters(value)) {
    reporter.report(
      'UNSAFE_CHARACTERS',
      path,
      'the Secret’s password contains a newline, "!", "#" or a control character',
      secretRef,
    );
    return;
  }
  const why = passwordError(value);
  if (why) reporter.report('INVALID_PASSWORD', path, `the Secret’s password ${why}`, secretRef);
  return why ? undefined : value;
}

/**
 * The neighbor's password: the cleartext one, or the referenced Secret's when it can be read (without
 * Secrets, or when the Secret is missing, there is none yet).
 */
export function checkPassword(
  neighbor: Neighbor,
  path: string,
  reporter: Reporter,
  ctx: ValidationContext,
): ParsedPassword | undefined {
  const cleartext = neighbor.password;
  const ref = neighbor.passwordSecret;
  const hasPassword = cleartext !== undefined && cleartext !== '';
  if (hasPassword) {
    const why = passwordError(cleartext);
    if (why) reporter.report('INVALID_PASSWORD', `${path}.password`, `the password ${why}`);
  }
  const own = hasPassword ? { value: cleartext, field: 'password' as const } : undefined;
  // Go's zero SecretReference serializes as {} and MetalLB writes it on every neighbor: no reference.
  if (!ref || (!ref.name && !ref.namespace)) return own;
  const refPath = `${path}.passwordSecret`;
  if (hasPassword) {
    reporter.report(
      'PASSWORD_AMBIGUOUS',
      refPath,
      'set either password or passwordSecret, not both',
      reporter.at(`${path}.password`),
    );
  }
  if (ref.namespace && ref.namespace !== ctx.namespace) {
    reporter.report(
      'PASSWORD_SECRET_NAMESPACE',
      `${refPath}.namespace`,
      `namespace "${ref.namespace}" is ignored: the Secret is read from the daemon namespace "${ctx.namespace}"`,
    );
  }
  if (!ref.name) {
    reporter.report(
      'PASSWORD_SECRET_NAME_MISSING',
      `${refPath}.name`,
      'passwordSecret needs the name of a Secret',
    );
    return own;
  }
  if (!ctx.secrets) return own;
  const secret = ctx.secrets.get(ref.name);
  if (!secret) {
    reporter.report(
      'SECRET_NOT_FOUND',
      `${refPath}.name`,
      `Secret ${ctx.namespace}/${ref.name} does not exist; the session is configured once it does`,
    );
    return own;
  }
  const value = checkSecretValue(secret, `${refPath}.name`, reporter);
  return own ?? (value === undefined ? undefined : { value, field: 'passwordSecret' });
}
