// The CRD's CEL rules, run by a CEL evaluator (with the strings extension Kubernetes enables) against
// the core's own checks: what the core accepts, the API server accepts too, and what the rules refuse
// the core refuses — so a newer API server never disagrees with validate, the webhook or the daemons.
import { run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { describe, expect, it } from 'vitest';
import { crdNodes } from '../../hack/crd-nodes.ts';
import { routeDistinguisherError } from '../../src/core/route-distinguisher.ts';
import { adminRules, CONNECT_TIME_RULES, type CelRule } from './cel-rules.ts';
import { KINDS } from './kinds.ts';

/** The messages of the rules `value` fails. */
function failing(rules: readonly CelRule[], value: string): string[] {
  return rules.filter((r) => run(r.rule, { self: value }, { funcs: strings }) !== true).map((r) => r.message);
}

const VALUES = [
  '64512:100',
  '65535:4294967295',
  '65536:65535',
  '65536:65536',
  '4294967295:1',
  '4294967296:1',
  '99999999999999999999:1',
  '192.0.2.1:65535',
  '192.0.2.1:65536',
  '256.0.0.1:1',
  '*:4294967295',
  '*:4294967296',
  '*:1',
  'a:1',
  '1:a',
  '1:2:3',
  '12345',
  ':1',
  '1:',
  '',
];

describe('CEL rules of route distinguishers and route targets', () => {
  it.each([
    ['RD', false],
    ['RT', true],
    ['RT', false],
  ] as const)('%s (wildcard %s): the API server refuses exactly what the core refuses', (what, wildcard) => {
    const rules = adminRules(what, wildcard);
    for (const value of VALUES) {
      const core = routeDistinguisherError(value, wildcard) === undefined;
      expect(failing(rules, value).length === 0, `${value}: core says ${core ? 'valid' : 'invalid'}`).toBe(
        core,
      );
    }
  });

  it('the core is stricter only on leading zeros, which the rules let through', () => {
    expect(failing(adminRules('RD', false), '0100:5')).toEqual([]);
    expect(routeDistinguisherError('0100:5', false)).toBeDefined();
  });

  it('name the reason', () => {
    expect(failing(adminRules('RD', false), '192.0.2.1:65536')).toEqual([
      'RD with an IPv4 global part takes a local part of at most 65535',
    ]);
    expect(failing(adminRules('RT', false), '*:1')).toEqual([
      'RT global part must be an AS number or an IPv4 address',
    ]);
  });
});

describe('CEL rules of connectTime', () => {
  it.each([
    ['1s', []],
    ['65535s', []],
    ['1m30s', []],
    ['0s', ['connectTime must be between 1s and 65535s']],
    ['65536s', ['connectTime must be between 1s and 65535s']],
    ['1500ms', ['connectTime must be a whole number of seconds']],
    ['500ms', ['connectTime must be between 1s and 65535s', 'connectTime must be a whole number of seconds']],
  ])('%s → %j', (value, messages) => {
    expect(failing(CONNECT_TIME_RULES, value)).toEqual(messages);
  });
});

describe('the FRRConfiguration CRD as upstream declares it', () => {
  const { nodes: found, at } = crdNodes(KINDS.find((k) => k.kind === 'FRRConfiguration')!);
  const rulesUnder = (part: string) =>
    found
      .filter((f) => f.path.includes(part))
      .reduce((n, f) => n + ((f.node['x-kubernetes-validations'] as unknown[] | undefined)?.length ?? 0), 0);

  it('carries upstream’s 40 CEL rules: 2 on connectTime, 38 on EVPN rd, importRTs and exportRTs', () => {
    expect(rulesUnder('.connectTime')).toBe(2);
    expect(rulesUnder('.evpn.')).toBe(38);
    expect(rulesUnder('')).toBe(40);
  });

  it('declares EVPN VNIs int32, and localPref int64 up to 4294967295', () => {
    expect(at('.spec.bgp.routers[].evpn.l2vnis[].vni')).toMatchObject({ format: 'int32', maximum: 16777215 });
    expect(at('.spec.bgp.routers[].evpn.l3vni.vni')).toMatchObject({ format: 'int32', maximum: 16777215 });
    expect(at('.spec.bgp.routers[].neighbors[].toAdvertise.withLocalPref[].localPref')).toMatchObject({
      format: 'int64',
      maximum: 4294967295,
    });
  });

  it('has no int32 field whose maximum exceeds int32 (Kubernetes 1.36 refuses that)', () => {
    const bad = found.filter((f) => f.node.format === 'int32' && Number(f.node.maximum ?? 0) > 2147483647);
    expect(bad.map((f) => f.path)).toEqual([]);
  });
});
