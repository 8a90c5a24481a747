import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../problems.ts';
import { validateFRRConfiguration } from './frrconfiguration.ts';
import { fieldPath, schemaValidator } from './schema.ts';
import {
  N0,
  N1,
  N2,
  R0,
  R2,
  ctx,
  expectClean,
  expectProblem,
  minimalConfig,
  patched,
  validate,
} from './__fixtures__/builders.ts';

const L2 = `${R0}.evpn.l2vnis[0]`;
const L3 = `${R2}.evpn.l3vni`;
const BFD = 'spec.bgp.bfdProfiles[0]';

describe('schema errors', () => {
  it.each<[ProblemCode, string, unknown]>([
    // type
    ['SCHEMA_TYPE', `${R0}.asn`, '64512'],
    ['SCHEMA_TYPE', `${R0}.asn`, 64512.5],
    ['SCHEMA_TYPE', `${R0}.asn`, null],
    ['SCHEMA_TYPE', `${N0}.port`, '179'],
    ['SCHEMA_TYPE', `${N0}.ebgpMultiHop`, 'true'],
    ['SCHEMA_TYPE', `${N0}.holdTime`, 90],
    ['SCHEMA_TYPE', `${R0}.prefixes`, '192.0.2.0/24'],
    ['SCHEMA_TYPE', `${R0}.prefixes[0]`, 24],
    ['SCHEMA_TYPE', 'spec.bgp.routers', { asn: 1 }],
    ['SCHEMA_TYPE', 'spec.bgp', []],
    ['SCHEMA_TYPE', 'spec', 'bgp'],
    ['SCHEMA_TYPE', `${BFD}.receiveInterval`, 1.5],
    ['SCHEMA_TYPE', 'spec.nodeSelector.matchLabels.zone', 1],
    ['SCHEMA_TYPE', `${N0}.passwordSecret`, 'bgp-auth'],
    ['SCHEMA_TYPE', 'spec.raw.priority', 'high'],
    // required
    ['SCHEMA_REQUIRED', `${R0}.asn`, undefined],
    ['SCHEMA_REQUIRED', `${BFD}.name`, undefined],
    ['SCHEMA_REQUIRED', `${L2}.vni`, undefined],
    ['SCHEMA_REQUIRED', `${L3}.vni`, undefined],
    ['SCHEMA_REQUIRED', `${L3}.advertisePrefixes`, undefined],
    ['SCHEMA_REQUIRED', `${N0}.toAdvertise.withLocalPref[0].prefixes`, undefined],
    ['SCHEMA_REQUIRED', `${N0}.toAdvertise.withCommunity[0].prefixes`, undefined],
    ['SCHEMA_REQUIRED', 'spec.nodeSelector.matchExpressions[0].key', undefined],
    // enum
    ['SCHEMA_ENUM', `${N2}.dynamicASN`, 'ibgp'],
    ['SCHEMA_ENUM', `${N2}.dynamicASN`, 'External'],
    ['SCHEMA_ENUM', `${N0}.toAdvertise.allowed.mode`, 'some'],
    ['SCHEMA_ENUM', `${N1}.toReceive.allowed.mode`, 'All'],
    ['SCHEMA_ENUM', `${N2}.addressFamilies[1]`, 'l2vpn'],
    ['SCHEMA_ENUM', `${R0}.evpn.advertiseVNIs`, 'all'],
    ['SCHEMA_ENUM', `${L3}.advertisePrefixes[0]`, 'ipv4'],
    // range
    ['SCHEMA_RANGE', `${R0}.asn`, -1],
    ['SCHEMA_RANGE', `${R0}.asn`, 4294967296],
    ['SCHEMA_RANGE', `${N0}.asn`, 4294967296],
    ['SCHEMA_RANGE', `${N0}.port`, 16385],
    ['SCHEMA_RANGE', `${N0}.port`, -1],
    ['SCHEMA_RANGE', `${N0}.localASN`, 0],
    ['SCHEMA_RANGE', `${N0}.localASN`, 4294967296],
    ['SCHEMA_RANGE', `${L2}.vni`, 0],
    ['SCHEMA_RANGE', `${L3}.vni`, 16777216],
    ['SCHEMA_RANGE', `${N0}.toReceive.allowed.prefixes[0].ge`, 0],
    ['SCHEMA_RANGE', `${N0}.toReceive.allowed.prefixes[0].le`, 129],
    ['SCHEMA_RANGE', `${N0}.toAdvertise.withLocalPref[0].localPref`, -1],
    ['SCHEMA_RANGE', `${BFD}.receiveInterval`, 9],
    ['SCHEMA_RANGE', `${BFD}.transmitInterval`, 60001],
    ['SCHEMA_RANGE', `${BFD}.echoInterval`, 5],
    ['SCHEMA_RANGE', `${BFD}.detectMultiplier`, 1],
    ['SCHEMA_RANGE', `${BFD}.detectMultiplier`, 256],
    ['SCHEMA_RANGE', `${BFD}.minimumTtl`, 255],
    ['SCHEMA_RANGE', `${BFD}.minimumTtl`, 0],
    // items
    [
      'SCHEMA_ITEMS',
      'spec.bgp.routers',
      Array.from({ length: 51 }, (_, i) => ({ asn: 64512, vrf: `v${i}` })),
    ],
    ['SCHEMA_ITEMS', `${N2}.addressFamilies`, ['unicast', 'evpn', 'unicast']],
    ['SCHEMA_ITEMS', `${L3}.advertisePrefixes`, []],
    ['SCHEMA_ITEMS', `${L3}.advertisePrefixes`, ['unicast', 'unicast']],
    ['SCHEMA_ITEMS', `${N0}.toAdvertise.withLocalPref[0].prefixes`, []],
    ['SCHEMA_ITEMS', `${N0}.toAdvertise.withCommunity[0].prefixes`, []],
    ['SCHEMA_ITEMS', `${R0}.evpn.l2vnis`, Array.from({ length: 11 }, (_, i) => ({ vni: 1000 + i }))],
    ['SCHEMA_ITEMS', `${L2}.importRTs`, Array.from({ length: 101 }, (_, i) => `64512:${i}`)],
    // length
    ['SCHEMA_LENGTH', `${L2}.rd`, '4294967295:1234567890'.padEnd(22, '0')],
    ['SCHEMA_LENGTH', `${L2}.importRTs[0]`, `${'1'.repeat(11)}:${'1'.repeat(10)}`],
    ['SCHEMA_LENGTH', `${L3}.exportRTs[0]`, `${'1'.repeat(11)}:${'1'.repeat(10)}`],
  ])('%s at %s (value %j)', (code, path, value) => {
    const problems = validate(patched({ [path]: value }));
    const p = expectProblem(problems, code, path);
    expect(p.severity).toBe('error');
    // A schema error stops the semantic checks, so it is the only kind of problem reported.
    expect(problems.every((q) => q.code.startsWith('SCHEMA_') || q.code === 'UNKNOWN_FIELD')).toBe(true);
  });

  it.each<[string, unknown]>([
    [`${R0}.asn`, 4294967295],
    [`${R0}.asn`, 1],
    [`${N0}.asn`, 4294967295],
    [`${N0}.port`, 16384],
    [`${N0}.port`, 1],
    [`${N0}.localASN`, 1],
    [`${N0}.localASN`, 4294967295],
    [`${L2}.vni`, 1],
    [`${L3}.vni`, 16777215],
    [`${N0}.toReceive.allowed.prefixes[0].le`, 32],
    [`${N0}.toAdvertise.withLocalPref[0].localPref`, 0],
    [`${N0}.toAdvertise.withLocalPref[0].localPref`, 4294967295],
    [`${BFD}.receiveInterval`, 10],
    [`${BFD}.transmitInterval`, 60000],
    [`${BFD}.echoInterval`, 60000],
    [`${BFD}.detectMultiplier`, 2],
    [`${BFD}.detectMultiplier`, 255],
    [`${BFD}.minimumTtl`, 1],
    [`${BFD}.minimumTtl`, 254],
    [`${BFD}.passiveMode`, true],
    [`${N2}.dynamicASN`, 'internal'],
    [`${N2}.addressFamilies`, ['evpn']],
    [`${N2}.addressFamilies`, []],
    [`${N0}.toAdvertise.allowed.mode`, 'filtered'],
    [`${R0}.evpn.advertiseVNIs`, 'Disabled'],
    [`${L2}.rd`, '4294967295:65535'],
    [`${L2}.importRTs`, Array.from({ length: 100 }, (_, i) => `64512:${i}`)],
    ['spec.bgp.routers', Array.from({ length: 50 }, (_, i) => ({ asn: 64512, vrf: `v${i}` }))],
    ['spec.raw', { priority: -5, rawConfig: 'route-map x permit 1\n!\n' }],
  ])('accepts %s = %j', (path, value) => {
    expectClean(validate(patched({ [path]: value })), path);
  });
});

describe('unknown fields', () => {
  it.each([
    `${N0}.holdtime`,
    `${N0}.toAdvertise.allowed.prefix`,
    `${R0}.neighbours`,
    `${R0}.evpn.l3vni`.replace('l3vni', 'l3VNI'),
    'spec.bgp.bfdprofiles',
    'spec.nodeSelector.matchLabel',
    'spec.foo',
    'extra',
    'status.conditions',
  ])('%s is an UNKNOWN_FIELD warning and nothing else', (path) => {
    const problems = validate(patched({ [path]: '1' }));
    expect(problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_FIELD', severity: 'warning' })]);
    expectProblem(problems, 'UNKNOWN_FIELD', path);
  });

  it('does not flag metadata fields the validator does not read', () => {
    const input = patched({
      'metadata.creationTimestamp': '2024-01-01T00:00:00Z',
      'metadata.ownerReferences': [{ kind: 'Pod', name: 'x' }],
      'metadata.labels': { a: 'b' },
      'metadata.managedFields': [],
    });
    expect(validate(input)).toEqual([]);
  });

  it('reports every unknown field, each at its own path', () => {
    const problems = validate(patched({ [`${N0}.bfdprofile`]: 'fast', [`${N1}.keepalive`]: '1s' }));
    expect(problems.map((p) => [p.code, p.sources[0]?.path])).toEqual([
      ['UNKNOWN_FIELD', `${N0}.bfdprofile`],
      ['UNKNOWN_FIELD', `${N1}.keepalive`],
    ]);
  });
});

describe('defaults', () => {
  const defaulted = (input: unknown) => {
    const { object, problems } = validateFRRConfiguration(input, ctx());
    expect(problems).toEqual([]);
    return object?.spec?.bgp?.routers?.[0];
  };

  it('fills disableMP, dualStackAddressFamily and addressFamilies on every neighbor', () => {
    const router = defaulted(minimalConfig());
    expect(router?.neighbors?.[0]).toEqual({
      asn: 64513,
      address: '192.0.2.254',
      disableMP: false,
      dualStackAddressFamily: false,
      addressFamilies: ['unicast'],
    });
  });

  it('fills mode: filtered in toAdvertise.allowed and toReceive.allowed when they are present', () => {
    const input = patched(
      {
        'spec.bgp.routers[0].neighbors[0].toAdvertise': { allowed: {} },
        'spec.bgp.routers[0].neighbors[0].toReceive': { allowed: { prefixes: [{ prefix: '10.0.0.0/8' }] } },
      },
      minimalConfig(),
    );
    const neighbor = defaulted(input)?.neighbors?.[0];
    expect(neighbor?.toAdvertise?.allowed?.mode).toBe('filtered');
    expect(neighbor?.toReceive?.allowed?.mode).toBe('filtered');
  });

  it('keeps values that are set', () => {
    const input = patched(
      {
        'spec.bgp.routers[0].neighbors[0].dualStackAddressFamily': true,
        'spec.bgp.routers[0].neighbors[0].addressFamilies': ['evpn'],
        'spec.bgp.routers[0].neighbors[0].toReceive': { allowed: { mode: 'all' } },
      },
      minimalConfig(),
    );
    const neighbor = defaulted(input)?.neighbors?.[0];
    expect(neighbor).toMatchObject({
      dualStackAddressFamily: true,
      addressFamilies: ['evpn'],
      disableMP: false,
    });
    expect(neighbor?.toReceive?.allowed?.mode).toBe('all');
  });

  it('gives each neighbor its own default list', () => {
    const input = patched(
      { 'spec.bgp.routers[0].neighbors[1]': { asn: 64514, address: '192.0.2.253' } },
      minimalConfig(),
    );
    const [a, b] = defaulted(input)?.neighbors ?? [];
    expect(a?.addressFamilies).toEqual(['unicast']);
    expect(a?.addressFamilies).not.toBe(b?.addressFamilies);
  });

  it('does not add toAdvertise or toReceive where there were none', () => {
    const neighbor = defaulted(minimalConfig())?.neighbors?.[0];
    expect(neighbor?.toAdvertise).toBeUndefined();
    expect(neighbor?.toReceive).toBeUndefined();
  });
});

describe('fieldPath', () => {
  it.each([
    ['', ''],
    ['/spec', 'spec'],
    ['/spec/bgp/routers/0/asn', 'spec.bgp.routers[0].asn'],
    ['/spec/bgp/routers/10/neighbors/2/holdTime', 'spec.bgp.routers[10].neighbors[2].holdTime'],
    ['/spec/nodeSelector/matchLabels/kubernetes.io~1os', 'spec.nodeSelector.matchLabels.kubernetes.io/os'],
    ['/metadata/annotations/a~0b', 'metadata.annotations.a~b'],
  ])('%j is %j', (pointer, path) => {
    expect(fieldPath(pointer)).toBe(path);
  });
});

describe('schemaValidator', () => {
  const check = schemaValidator(
    Type.Object({ n: Type.Integer({ minimum: 1 }), s: Type.Optional(Type.String()) }),
  );
  const at = { kind: 'Test', namespace: 'ns', name: 'x' };

  it('returns no problems for valid data', () => {
    expect(check({ n: 1 }, at)).toEqual([]);
  });

  it('closes objects and names every problem with the given object', () => {
    expect(check({ n: 0, extra: 1 }, at)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'SCHEMA_RANGE', sources: [{ ...at, path: 'n' }] }),
        expect.objectContaining({
          code: 'UNKNOWN_FIELD',
          severity: 'warning',
          sources: [{ ...at, path: 'extra' }],
        }),
      ]),
    );
    expect(check({}, at)).toEqual([
      expect.objectContaining({ code: 'SCHEMA_REQUIRED', sources: [{ ...at, path: 'n' }] }),
    ]);
  });
});
