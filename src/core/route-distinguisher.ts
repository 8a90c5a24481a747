// EVPN route distinguishers and route targets (RFC 4364 types 0, 1 and 2): "ASN2:NN32", "A.B.C.D:NN16",
// "ASN4:NN16"; import route targets may also be "*:NN32". Upstream checks these with CEL rules that
// older API servers ignore, so we check them here.
import { parseIp } from './net.ts';

const NUMBER = /^(0|[1-9]\d*)$/;

/** Why the value is invalid, or undefined when it is valid. */
export function routeDistinguisherError(text: string, allowWildcard: boolean): string | undefined {
  const fields = text.split(':');
  if (fields.length !== 2) return 'must contain exactly one colon';
  const [global, local] = fields as [string, string];
  if (!NUMBER.test(local)) return 'the local administrator must be a number';
  const localValue = Number(local);
  if (global === '*') {
    if (!allowWildcard) return 'a wildcard global administrator is only allowed in import route targets';
    return localValue <= 0xffffffff
      ? undefined
      : 'with a wildcard the local administrator must be ≤ 4294967295';
  }
  if (parseIp(global)?.family === 'ipv4') {
    return localValue <= 0xffff
      ? undefined
      : 'with an IPv4 global administrator the local part must be ≤ 65535';
  }
  if (!NUMBER.test(global)) return 'the global administrator must be an IPv4 address or a number';
  const globalValue = Number(global);
  if (globalValue > 0xffffffff) return 'the AS number must be ≤ 4294967295';
  if (globalValue > 0xffff) {
    return localValue <= 0xffff ? undefined : 'with a 4-byte AS number the local part must be ≤ 65535';
  }
  return localValue <= 0xffffffff ? undefined : 'with a 2-byte AS number the local part must be ≤ 4294967295';
}
