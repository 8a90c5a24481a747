import { describe, expect, it } from 'vitest';
import {
  N0,
  N1,
  N2,
  R0,
  errorsOf,
  expectClean,
  expectProblem,
  patched,
  src,
  validate,
} from './__fixtures__/builders.ts';

describe('asn / dynamicASN', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['no asn', `${N0}.asn`, { [`${N0}.asn`]: undefined }],
    ['asn 0 (upstream: unset)', `${N0}.asn`, { [`${N0}.asn`]: 0 }],
    ['asn 0 on an interface neighbor', `${N2}.asn`, { [`${N2}.dynamicASN`]: undefined, [`${N2}.asn`]: 0 }],
  ])('NEIGHBOR_ASN_MISSING with %s, at %s', (_, path, fields) => {
    expectProblem(validate(patched(fields)), 'NEIGHBOR_ASN_MISSING', path);
  });

  it('NEIGHBOR_ASN_AMBIGUOUS cites both fields', () => {
    const problems = validate(patched({ [`${N0}.dynamicASN`]: 'external' }));
    const p = expectProblem(problems, 'NEIGHBOR_ASN_AMBIGUOUS', `${N0}.dynamicASN`);
    expect(p.sources).toEqual([src(`${N0}.dynamicASN`), src(`${N0}.asn`)]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['asn only', {}],
    ['dynamicASN only', { [`${N0}.asn`]: undefined, [`${N0}.dynamicASN`]: 'external' }],
    ['asn 0 with dynamicASN', { [`${N0}.asn`]: 0, [`${N0}.dynamicASN`]: 'external' }],
    ['iBGP asn without localASN', { [`${N0}.asn`]: 64512, [`${N0}.localASN`]: undefined }],
    [
      'dynamicASN internal without localASN',
      { [`${N0}.asn`]: undefined, [`${N0}.dynamicASN`]: 'internal', [`${N0}.localASN`]: undefined },
    ],
  ])('accepts %s', (_, fields) => {
    expectClean(validate(patched(fields)));
  });
});

describe('localASN', () => {
  it.each<[string, Record<string, unknown>]>([
    ['asn equal to the router asn', { [`${N0}.asn`]: 64512 }],
    ['dynamicASN internal', { [`${N0}.asn`]: undefined, [`${N0}.dynamicASN`]: 'internal' }],
  ])('LOCAL_ASN_IBGP with %s', (_, fields) => {
    expectProblem(validate(patched(fields)), 'LOCAL_ASN_IBGP', `${N0}.localASN`);
  });

  it('LOCAL_ASN_IBGP when asn reads as iBGP though dynamicASN (also set, an error) says external', () => {
    // Each field is judged on its own: the report does not depend on which of the two wins.
    const problems = validate(patched({ [`${N0}.asn`]: 64512, [`${N0}.dynamicASN`]: 'external' }));
    expectProblem(problems, 'NEIGHBOR_ASN_AMBIGUOUS', `${N0}.dynamicASN`);
    expectProblem(problems, 'LOCAL_ASN_IBGP', `${N0}.localASN`);
  });

  it('LOCAL_ASN_IBGP on the interface neighbor with dynamicASN internal', () => {
    const problems = validate(patched({ [`${N2}.dynamicASN`]: 'internal', [`${N2}.localASN`]: 65001 }));
    expectProblem(problems, 'LOCAL_ASN_IBGP', `${N2}.localASN`);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an asn neighbor', {}],
    ['a dynamicASN external neighbor', { [`${N0}.asn`]: undefined, [`${N0}.dynamicASN`]: 'external' }],
  ])('LOCAL_ASN_EQUALS_ROUTER on %s', (_, fields) => {
    const problems = validate(patched({ ...fields, [`${N0}.localASN`]: 64512 }));
    expectProblem(problems, 'LOCAL_ASN_EQUALS_ROUTER', `${N0}.localASN`);
    expect(problems.some((p) => p.code === 'LOCAL_ASN_IBGP')).toBe(false);
  });

  it.each([1, 64513, 4294967295])('accepts localASN %i on an eBGP neighbor', (localASN) => {
    expectClean(validate(patched({ [`${N0}.localASN`]: localASN })), `${N0}.localASN`);
  });
});

describe('address / interface', () => {
  it.each<[string, Record<string, unknown>]>([
    ['neither', { [`${N0}.address`]: undefined }],
    ['an empty address', { [`${N0}.address`]: '' }],
    ['empty address and interface', { [`${N0}.address`]: '', [`${N0}.interface`]: '' }],
  ])('NEIGHBOR_ADDRESS_MISSING with %s', (_, fields) => {
    expectProblem(validate(patched(fields)), 'NEIGHBOR_ADDRESS_MISSING', `${N0}.address`);
  });

  it('NEIGHBOR_ADDRESS_AMBIGUOUS cites both fields', () => {
    const problems = validate(patched({ [`${N0}.interface`]: 'eth2' }));
    const p = expectProblem(problems, 'NEIGHBOR_ADDRESS_AMBIGUOUS', `${N0}.interface`);
    expect(p.sources).toEqual([src(`${N0}.interface`), src(`${N0}.address`)]);
  });

  it.each([
    '192.0.2',
    '010.0.0.1',
    '192.0.2.256',
    'fe80::1%eth0',
    '1.2.3.4%eth0',
    'peer.example.com',
    '192.0.2.1/32',
    '2001:db8:::1',
  ])('INVALID_IP for address %j', (address) => {
    expectProblem(validate(patched({ [`${N0}.address`]: address })), 'INVALID_IP', `${N0}.address`);
  });

  it.each([
    [`${N0}.address`, '192.0.2.200'],
    [`${N1}.address`, '2001:DB8::FF'],
    [`${N1}.address`, 'fe80::1'],
    [`${N2}.interface`, 'enp0s3.100'],
    [`${N2}.interface`, 'i'.repeat(15)],
  ])('accepts %s = %j', (path, value) => {
    expectClean(validate(patched({ [path]: value })), path);
  });

  it.each(['eth 1', 'i'.repeat(16), 'eth/1', 'eth:1', '-eth1'])('INVALID_NAME for interface %j', (name) => {
    expectProblem(validate(patched({ [`${N2}.interface`]: name })), 'INVALID_NAME', `${N2}.interface`);
  });
});

describe('session options', () => {
  it.each(['not an ip', 'fe80::1%eth0', 'i'.repeat(16), 'eth/0', '192.0.2.1/24'])(
    'INVALID_SOURCE_ADDRESS for %j',
    (value) => {
      expectProblem(
        validate(patched({ [`${N0}.sourceaddress`]: value })),
        'INVALID_SOURCE_ADDRESS',
        `${N0}.sourceaddress`,
      );
    },
  );

  it.each(['192.0.2.1', '2001:db8::1', 'eth0', 'lo', ''])('accepts sourceaddress %j', (value) => {
    expectClean(validate(patched({ [`${N0}.sourceaddress`]: value })), `${N0}.sourceaddress`);
  });

  it('PORT_INVALID for port 0', () => {
    expectProblem(validate(patched({ [`${N0}.port`]: 0 })), 'PORT_INVALID', `${N0}.port`);
  });

  it.each([1, 179, 180, 16384])('accepts port %i', (port) => {
    expectClean(validate(patched({ [`${N0}.port`]: port })), `${N0}.port`);
  });

  it.each(['missing', 'FAST', 'fast '])('BFD_PROFILE_UNKNOWN for %j', (name) => {
    expectProblem(
      validate(patched({ [`${N0}.bfdProfile`]: name })),
      'BFD_PROFILE_UNKNOWN',
      `${N0}.bfdProfile`,
    );
  });

  it('BFD_PROFILE_UNKNOWN when the object defines no profiles at all', () => {
    const problems = validate(patched({ 'spec.bgp.bfdProfiles': undefined }));
    expectProblem(problems, 'BFD_PROFILE_UNKNOWN', `${N0}.bfdProfile`);
  });

  it.each(['fast', 'slow', ''])('accepts bfdProfile %j', (name) => {
    expectClean(validate(patched({ [`${N0}.bfdProfile`]: name })), `${N0}.bfdProfile`);
  });

  it('DISABLE_MP_DEPRECATED is a warning at disableMP, and the only problem', () => {
    const problems = validate(patched({ [`${N1}.disableMP`]: true }));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'DISABLE_MP_DEPRECATED',
        severity: 'warning',
        sources: [src(`${N1}.disableMP`)],
      }),
    ]);
  });

  it('disableMP: false is not reported', () => {
    expect(validate(patched({ [`${N1}.disableMP`]: false }))).toEqual([]);
  });

  it('reports each neighbor separately, under its own index', () => {
    const problems = validate(patched({ [`${N0}.port`]: 0, [`${N1}.port`]: 0 }));
    expect(errorsOf(problems).map((p) => p.sources[0]?.path)).toEqual([`${N0}.port`, `${N1}.port`]);
  });

  it('checks neighbors of every router', () => {
    const problems = validate(patched({ 'spec.bgp.routers[1].neighbors[0].port': 0 }));
    expectProblem(problems, 'PORT_INVALID', 'spec.bgp.routers[1].neighbors[0].port');
    expect(problems.every((p) => !p.sources[0]?.path.startsWith(R0))).toBe(true);
  });
});

describe('ebgpMultiHop where FRR ignores it', () => {
  it.each([
    ['iBGP (asn equals the router asn)', { [`${N0}.ebgpMultiHop`]: true, [`${N0}.asn`]: 64512 }, N0],
    ['unnumbered', { [`${N2}.ebgpMultiHop`]: true }, N2],
  ])('%s → EBGP_MULTIHOP_IGNORED warning', (_case, patch, neighbor) => {
    const p = expectProblem(validate(patched(patch)), 'EBGP_MULTIHOP_IGNORED', `${neighbor}.ebgpMultiHop`);
    expect(p.severity).toBe('warning');
  });

  it('eBGP multihop is fine', () => {
    const problems = validate(patched({ [`${N0}.ebgpMultiHop`]: true }));
    expect(problems.filter((p) => p.code === 'EBGP_MULTIHOP_IGNORED')).toEqual([]);
  });
});
