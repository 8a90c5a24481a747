import { describe, expect, it } from 'vitest';
import { routeDistinguisherError } from './route-distinguisher.ts';

describe('routeDistinguisherError', () => {
  it.each([
    ['65000:100', 'type 0: 2-byte ASN with a 32-bit number'],
    ['65535:4294967295', 'type 0 at its bounds'],
    ['0:0', 'zeroes'],
    ['65536:65535', 'type 2: 4-byte ASN with a 16-bit number'],
    ['4294967295:65535', 'type 2 at its bounds'],
    ['192.0.2.1:65535', 'type 1: IPv4 with a 16-bit number'],
    ['0.0.0.0:0', 'type 1 zeroes'],
  ])('accepts %s (%s) as RD, import RT and export RT', (text) => {
    expect(routeDistinguisherError(text, false)).toBeUndefined();
    expect(routeDistinguisherError(text, true)).toBeUndefined();
  });

  it.each([
    ['65000', 'no colon'],
    ['1:2:3', 'two colons'],
    ['2001:db8::1:1', 'IPv6 global administrator'],
    ['65536:65536', '4-byte ASN with a 32-bit number'],
    ['4294967295:65536', '4-byte ASN with a 32-bit number at the bound'],
    ['4294967296:1', 'ASN above 32 bits'],
    ['65535:4294967296', '2-byte ASN with a number above 32 bits'],
    ['192.0.2.1:65536', 'IPv4 with a 32-bit number'],
    ['192.0.2:1', 'short IPv4'],
    ['256.0.0.1:1', 'IPv4 octet out of range'],
    ['abc:1', 'letters as global administrator'],
    ['1:abc', 'letters as local administrator'],
    [':1', 'empty global administrator'],
    ['1:', 'empty local administrator'],
    ['-1:1', 'negative ASN'],
    ['1:-1', 'negative number'],
    ['1:+1', 'signed number'],
    ['1.5:1', 'decimal ASN'],
    ['', 'empty'],
    ['**:1', 'double wildcard'],
    ['*:abc', 'wildcard with letters'],
    ['*:', 'wildcard without a number'],
  ])('rejects %j (%s) everywhere', (text) => {
    expect(routeDistinguisherError(text, false)).toEqual(expect.any(String));
    expect(routeDistinguisherError(text, true)).toEqual(expect.any(String));
  });

  it.each(['*:0', '*:100', '*:4294967295'])(
    'accepts the wildcard %s only where allowed (import RTs)',
    (text) => {
      expect(routeDistinguisherError(text, true)).toBeUndefined();
      expect(routeDistinguisherError(text, false)).toMatch(/wildcard/);
    },
  );

  it('bounds the wildcard number to 32 bits', () => {
    expect(routeDistinguisherError('*:4294967296', true)).toMatch(/4294967295/);
  });
});
