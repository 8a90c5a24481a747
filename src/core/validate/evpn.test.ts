import { describe, expect, it } from 'vitest';
import { R0, R1, R2, expectClean, expectProblem, patched, src, validate } from './__fixtures__/builders.ts';

const L2 = `${R0}.evpn.l2vnis[0]`;
const L3 = `${R2}.evpn.l3vni`;

describe('route distinguishers', () => {
  it.each([
    [`${L2}.rd`, '65536:65536', '4-byte ASN with a 32-bit number'],
    [`${L2}.rd`, '192.0.2.1:65536', 'IPv4 with a 32-bit number'],
    [`${L2}.rd`, '*:100', 'wildcard'],
    [`${L2}.rd`, '1:2:3', 'two colons'],
    [`${L3}.rd`, 'abc:1', 'letters'],
    [`${L3}.rd`, '65000', 'no colon'],
  ])('INVALID_ROUTE_DISTINGUISHER at %s for %s (%s)', (path, rd) => {
    expectProblem(validate(patched({ [path]: rd })), 'INVALID_ROUTE_DISTINGUISHER', path);
  });

  it.each(['65535:4294967295', '4294967295:65535', '0.0.0.0:0', '192.0.2.1:65535'])('accepts RD %s', (rd) => {
    expectClean(validate(patched({ [`${L2}.rd`]: rd, [`${L3}.rd`]: rd })));
  });
});

describe('route targets', () => {
  it.each([
    [`${L2}.importRTs[0]`, '65536:65536'],
    [`${L2}.importRTs[1]`, '*:4294967296'],
    [`${L2}.exportRTs[0]`, '*:100'],
    [`${L2}.exportRTs[1]`, '1.2.3:4'],
    [`${L3}.importRTs[0]`, 'x:1'],
    [`${L3}.exportRTs[0]`, '*:1'],
  ])('INVALID_ROUTE_TARGET at %s for %s', (path, rt) => {
    expectProblem(validate(patched({ [path]: rt })), 'INVALID_ROUTE_TARGET', path);
  });

  it.each([
    [`${L2}.importRTs[1]`, '*:4294967295'],
    [`${L3}.importRTs[1]`, '*:0'],
    [`${L2}.exportRTs[1]`, '192.0.2.1:1'],
    [`${L3}.exportRTs[1]`, '4200000000:100'],
  ])('accepts %s = %s', (path, rt) => {
    expectClean(validate(patched({ [path]: rt })), path);
  });
});

describe('l3vni', () => {
  it('EVPN_L3VNI_WITH_NEIGHBORS when the router has neighbors', () => {
    const input = patched({ [`${R2}.neighbors`]: [{ asn: 64600, address: '100.64.0.1' }] });
    expectProblem(validate(input), 'EVPN_L3VNI_WITH_NEIGHBORS', L3);
  });

  it('EVPN_L3VNI_WITH_NEIGHBORS on the red router, which has neighbors', () => {
    const input = patched({ [`${R1}.evpn`]: { l3vni: { vni: 300, advertisePrefixes: ['unicast'] } } });
    expectProblem(validate(input), 'EVPN_L3VNI_WITH_NEIGHBORS', `${R1}.evpn.l3vni`);
  });

  it('accepts an l3vni on a router with an empty neighbor list', () => {
    expect(validate(patched({ [`${R2}.neighbors`]: [] }))).toEqual([]);
  });
});

describe('VNIs', () => {
  it('EVPN_DUPLICATE_VNI across l2vni and l3vni of different routers, citing the first use', () => {
    const problems = validate(patched({ [`${L2}.vni`]: 100 }));
    const p = expectProblem(problems, 'EVPN_DUPLICATE_VNI', `${L3}.vni`);
    expect(p.sources).toEqual([src(`${L3}.vni`), src(`${L2}.vni`)]);
  });

  it('EVPN_DUPLICATE_VNI between two l2vnis of one router', () => {
    const problems = validate(patched({ [`${R0}.evpn.l2vnis[1]`]: { vni: 200 } }));
    expectProblem(problems, 'EVPN_DUPLICATE_VNI', `${R0}.evpn.l2vnis[1].vni`);
  });

  it('accepts distinct VNIs', () => {
    expect(validate(patched({ [`${R0}.evpn.l2vnis[1]`]: { vni: 201 } }))).toEqual([]);
  });
});
