// Validation returns what it parsed ("parse, don't validate"): the values the rest of the pipeline
// uses, read once, and only for an object without errors.
import { describe, expect, it } from 'vitest';
import { validateFRRConfiguration } from './frrconfiguration.ts';
import type { ParsedConfiguration, ParsedNeighbor, ParsedRouter } from './parsed.ts';
import { N0, R0, baseConfig, ctx, patched, secret, type JsonObject } from './__fixtures__/builders.ts';

const SECRETS = ctx([secret({ password: 'from-the-secret' })]);

function parsedOf(input: JsonObject, context = SECRETS): ParsedConfiguration {
  const result = validateFRRConfiguration(input, context);
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(result.parsed).toBeDefined();
  return result.parsed as ParsedConfiguration;
}

const routerOf = (p: ParsedConfiguration, i: number): ParsedRouter => {
  const router = p.routers[i];
  if (!router) throw new Error(`no router ${i}`);
  return router;
};

const neighborOf = (p: ParsedConfiguration, r: number, n: number): ParsedNeighbor => {
  const neighbor = routerOf(p, r).neighbors[n];
  if (!neighbor) throw new Error(`no neighbor ${r}/${n}`);
  return neighbor;
};

const texts = (xs: readonly { text: string }[]): string[] => xs.map((x) => x.text);

describe('the parsed form of a valid object', () => {
  const parsed = parsedOf(baseConfig());

  it('knows each session: numbered by canonical address, unnumbered by interface, and its family', () => {
    const [v4, v6, unnumbered] = [0, 1, 2].map((n) => neighborOf(parsed, 0, n));
    expect(v4?.session.kind === 'numbered' && v4.session.address.text).toBe('192.0.2.254');
    expect(v4?.family).toBe('ipv4');
    expect(v6?.family).toBe('ipv6');
    expect(unnumbered?.session).toEqual({ kind: 'unnumbered', interface: 'eth1' });
    expect(unnumbered?.family).toBe('dual');
  });

  it('knows the peer AS: a number, or dynamic', () => {
    expect(neighborOf(parsed, 0, 0).remoteAs).toBe(64513);
    expect(neighborOf(parsed, 0, 2).remoteAs).toBe('external');
  });

  it('holds durations in milliseconds and leaves unset ones absent', () => {
    const n = neighborOf(parsed, 0, 0);
    expect([n.holdTimeMs, n.keepaliveTimeMs, n.connectTimeMs]).toEqual([90_000, 30_000, 10_000]);
    expect(neighborOf(parsed, 0, 1).holdTimeMs).toBeUndefined();
  });

  it('holds communities parsed, next hops and prefixes parsed', () => {
    const adv = neighborOf(parsed, 0, 0).toAdvertise;
    expect(adv.withCommunity.map((c) => [c.community.kind, c.community.text, texts(c.prefixes)])).toEqual([
      ['standard', '65000:100', ['192.0.2.0/24']],
      ['large', 'large:64512:1:2', ['192.0.2.0/24', '198.51.100.0/24']],
    ]);
    expect(adv.nextHop.ipv4?.text).toBe('192.0.2.10');
    expect(adv.withLocalPref).toEqual([
      { localPref: 100, prefixes: [expect.objectContaining({ text: '192.0.2.0/24' })] },
    ]);
    expect(neighborOf(parsed, 0, 0).toReceive.filters.map((f) => [f.prefix.text, f.ge, f.le])).toEqual([
      ['10.0.0.0/8', 16, 24],
    ]);
  });

  it('resolves mode all to the router’s prefixes the session carries', () => {
    const allowed = neighborOf(parsed, 0, 2).toAdvertise.allowed;
    expect(allowed.mode).toBe('all');
    expect(texts(allowed.prefixes)).toEqual(['192.0.2.0/24', '198.51.100.0/24', '2001:db8::/64']);
  });

  it('resolves mode all in a VRF that imports another to both VRFs’ prefixes', () => {
    const p = parsedOf(
      patched({ [`spec.bgp.routers[1].neighbors[0].toAdvertise.allowed`]: { mode: 'all' } }),
    );
    expect(routerOf(p, 1).imports).toEqual(['']);
    expect(texts(neighborOf(p, 1, 0).toAdvertise.allowed.prefixes)).toEqual([
      '203.0.113.0/24',
      '192.0.2.0/24',
      '198.51.100.0/24',
    ]);
  });

  it('carries the password: cleartext, or the referenced Secret’s value', () => {
    expect(neighborOf(parsed, 0, 1).password).toEqual({ value: 'S3cret-pass', field: 'password' });
    expect(neighborOf(parsed, 1, 0).password).toEqual({ value: 'from-the-secret', field: 'passwordSecret' });
  });

  it('has no Secret password yet when the Secret is missing (a warning)', () => {
    const result = validateFRRConfiguration(baseConfig(), ctx([]));
    expect(result.problems.map((p) => p.code)).toEqual(['SECRET_NOT_FOUND']);
    // The neighbor itself is there (a warning keeps the parsed form), only without a password.
    const neighbor = neighborOf(parsedOf(baseConfig(), ctx([])), 1, 0);
    expect(neighbor.session.kind === 'numbered' && neighbor.session.address.text).toBe('203.0.113.1');
    expect(neighbor.password).toBeUndefined();
  });

  it('keeps list positions as written, a duplicate (a warning) included', () => {
    const input = patched({
      [`${R0}.prefixes`]: ['192.0.2.0/24', '198.51.100.0/24', '2001:db8::/64', '192.0.2.0/24'],
    });
    const result = validateFRRConfiguration(input, SECRETS);
    expect(result.problems.map((p) => [p.code, p.sources[0]?.path])).toEqual([
      ['DUPLICATE_PREFIX', `${R0}.prefixes[3]`],
    ]);
    expect(texts(result.parsed?.routers[0]?.prefixes ?? [])).toEqual([
      '192.0.2.0/24',
      '198.51.100.0/24',
      '2001:db8::/64',
      '192.0.2.0/24',
    ]);
  });

  it('spells addresses canonically', () => {
    const p = parsedOf(
      patched({ [`${R0}.neighbors[1].address`]: '2001:DB8:0::FF', [`${N0}.sourceaddress`]: 'eth0' }),
    );
    const v6 = neighborOf(p, 0, 1).session;
    expect(v6.kind === 'numbered' && v6.address.text).toBe('2001:db8::ff');
    expect(neighborOf(p, 0, 0).sourceAddress).toBe('eth0');
  });
});

describe('no parsed form for an object with errors', () => {
  it.each([
    ['an unreadable address', { [`${N0}.address`]: '192.0.2.300' }],
    ['an unreadable duration', { [`${N0}.holdTime`]: 'soon' }],
    ['an unreadable community', { [`${N0}.toAdvertise.withCommunity[0].community`]: '1:2:3' }],
    ['an error that is not about reading (a local ASN on iBGP)', { [`${N0}.asn`]: 64512 }],
  ])('%s', (_, fields) => {
    const result = validateFRRConfiguration(patched(fields), SECRETS);
    expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
    expect(result.parsed).toBeUndefined();
    expect(result.object).toBeDefined();
  });
});
