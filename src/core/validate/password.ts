// Where a neighbor's password comes from: cleartext or a basic-auth Secret in the daemon namespace.
import type { Neighbor } from '../../../api/v1beta1/index.ts';
import { hasUnsafeCharacters, passwordError } from '../names.ts';
import { passwordUndecodable, secretPassword } from '../secret-data.ts';
import type { SecretInfo, ValidationContext } from './context.ts';
import type { Reporter } from './reporter.ts';

export const BASIC_AUTH = 'kubernetes.io/basic-auth';

function checkSecretValue(secret: SecretInfo, path: string, reporter: Reporter): void {
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
}

export function checkPassword(
  neighbor: Neighbor,
  path: string,
  reporter: Reporter,
  ctx: ValidationContext,
): void {
  const hasPassword = neighbor.password !== undefined && neighbor.password !== '';
  const ref = neighbor.passwordSecret;
  if (hasPassword) {
    const why = passwordError(neighbor.password!);
    if (why) reporter.report('INVALID_PASSWORD', `${path}.password`, `the password ${why}`);
  }
  // Go's zero SecretReference serializes as {} and MetalLB writes it on every neighbor: no reference.
  if (!ref || (!ref.name && !ref.namespace)) return;
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
    return;
  }
  if (!ctx.secrets) return;
  const secret = ctx.secrets.get(ref.name);
  if (!secret) {
    reporter.report(
      'SECRET_NOT_FOUND',
      `${refPath}.name`,
      `Secret ${ctx.namespace}/${ref.name} does not exist; the session is configured once it does`,
    );
    return;
  }
  checkSecretValue(secret, `${refPath}.name`, reporter);
}
