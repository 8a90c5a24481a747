import { describe, expect, it } from 'vitest';
import { maxLength, parseCidr, parseIp } from './net.ts';

describe('parseIp', () => {
  it.each([
    ['192.0.2.1', 'ipv4', '192.0.2.1'],
    ['0.0.0.0', 'ipv4', '0.0.0.0'],
    ['255.255.255.255', 'ipv4', '255.255.255.255'],
    ['10.0.0.0', 'ipv4', '10.0.0.0'],
    ['::', 'ipv6', '::'],
    ['::1', 'ipv6', '::1'],
    ['fe80::1', 'ipv6', 'fe80::1'],
    ['FE80::A', 'ipv6', 'fe80::a'],
    ['2001:DB8:0:0:0:0:0:1', 'ipv6', '2001:db8::1'],
    ['2001:0db8::0001', 'ipv6', '2001:db8::1'],
    ['0:0:0:0:0:0:0:0', 'ipv6', '::'],
    ['2001:db8:0:0:1:0:0:1', 'ipv6', '2001:db8::1:0:0:1'],
    ['2001:db8::1:0:0:0', 'ipv6', '2001:db8:0:0:1::'],
    ['2001:db8:0:1:1:1:1:1', 'ipv6', '2001:db8:0:1:1:1:1:1'],
    ['1:2:3:4:5:6:7:8', 'ipv6', '1:2:3:4:5:6:7:8'],
    ['::ffff:192.0.2.1', 'ipv6', '::ffff:c000:201'],
  ])('parses %s as %s, canonical %s', (text, family, canonical) => {
    expect(parseIp(text)).toMatchObject({ family, text: canonical });
  });

  it('returns the address bytes', () => {
    expect(parseIp('192.0.2.1')?.bytes).toEqual([192, 0, 2, 1]);
    expect(parseIp('2001:db8::1')?.bytes).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
  });

  it.each([
    ['10.0.0', 'short IPv4'],
    ['10.1', 'short IPv4'],
    ['167772161', 'IPv4 as one number'],
    ['010.0.0.1', 'leading zero (octal to some parsers)'],
    ['10.0.0.01', 'leading zero in the last octet'],
    ['0x0a.0.0.1', 'hex octet'],
    ['256.0.0.1', 'octet out of range'],
    ['1.2.3.4.5', 'five octets'],
    ['1.2.3.4%eth0', 'IPv4 with a zone'],
    ['fe80::1%eth0', 'IPv6 with a zone'],
    ['fe80::1%1', 'IPv6 with a numeric zone'],
    ['::ffff:010.0.0.1', 'embedded IPv4 with a leading zero'],
    ['::ffff:1.2.3', 'short embedded IPv4'],
    ['1::2::3', 'two "::"'],
    ['12345::', 'group longer than 4 digits'],
    ['00001::', 'group of 5 digits'],
    ['::g', 'non-hex digit'],
    [':::', 'three colons'],
    ['1:2:3:4:5:6:7:8:9', 'nine groups'],
    ['2001:db8::/64', 'a prefix'],
    ['192.0.2.1/32', 'a prefix'],
    ['', 'empty'],
    [' 192.0.2.1', 'leading space'],
    ['192.0.2.1 ', 'trailing space'],
    ['192.0.2.1\n', 'trailing newline'],
    ['localhost', 'a name'],
    ['[::1]', 'bracketed'],
  ])('rejects %j (%s)', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 'ipv4', '10.0.0.0/8', 8, false],
    ['10.0.0.1/8', 'ipv4', '10.0.0.0/8', 8, true],
    ['192.0.2.1/32', 'ipv4', '192.0.2.1/32', 32, false],
    ['255.255.255.255/31', 'ipv4', '255.255.255.254/31', 31, true],
    ['0.0.0.0/0', 'ipv4', '0.0.0.0/0', 0, false],
    ['1.2.3.4/0', 'ipv4', '0.0.0.0/0', 0, true],
    ['2001:db8::/64', 'ipv6', '2001:db8::/64', 64, false],
    ['2001:DB8:0::1/64', 'ipv6', '2001:db8::/64', 64, true],
    ['2001:db8::1/128', 'ipv6', '2001:db8::1/128', 128, false],
    ['2001:db8:ffff::/33', 'ipv6', '2001:db8:8000::/33', 33, true],
    ['::/0', 'ipv6', '::/0', 0, false],
  ])('parses %s', (text, family, canonical, length, hostBitsSet) => {
    expect(parseCidr(text)).toMatchObject({ family, text: canonical, length, hostBitsSet });
  });

  it('returns the network bytes with host bits cleared', () => {
    expect(parseCidr('10.1.2.3/12')?.network).toEqual([10, 0, 0, 0]);
    expect(parseCidr('10.31.2.3/12')?.network).toEqual([10, 16, 0, 0]);
  });

  it.each([
    '10.0.0.0',
    '10.0.0.0/',
    '/24',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/+8',
    '10.0.0.0/8.0',
    '10.0.0.0/ 8',
    '10.0.0.0/8 ',
    '10.0.0.0/1000',
    '10.0.0/24',
    '010.0.0.0/8',
    '10.0.0.0/24/1',
    '10.0.0.0/255.0.0.0',
    'fe80::%eth0/64',
    '10.0.0.0%eth0/8',
    '',
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('maxLength', () => {
  it('is 32 for IPv4 and 128 for IPv6', () => {
    expect(maxLength('ipv4')).toBe(32);
    expect(maxLength('ipv6')).toBe(128);
  });
});
