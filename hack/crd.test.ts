// Structural-schema rules a real API server enforces on CRDs, checked without one (the API-server tier
// also applies the CRDs to a real kube-apiserver).
import { describe, expect, it } from 'vitest';
import { KINDS } from '../api/v1beta1/kinds.ts';
import type { JsonSchema } from '../api/schema-walk.ts';
import { crdNodes } from './crd-nodes.ts';

const ALLOWED_KEYS = new Set([
  'type',
  'description',
  'properties',
  'items',
  'required',
  'enum',
  'default',
  'format',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'additionalProperties',
  'x-kubernetes-map-type',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);

/** What the API server would refuse in one node (its children are nodes of their own). */
function nodeErrors(node: JsonSchema, path: string): string[] {
  const out: string[] = [];
  for (const key of Object.keys(node)) if (!ALLOWED_KEYS.has(key)) out.push(`${path}: keyword ${key}`);
  if (typeof node.type !== 'string') out.push(`${path}: no type`);
  if (node.properties && node.additionalProperties && typeof node.additionalProperties === 'object')
    out.push(`${path}: both properties and additionalProperties`);
  for (const req of (node.required ?? []) as string[]) {
    if (!(node.properties as Record<string, unknown> | undefined)?.[req])
      out.push(`${path}: required ${req} is not a property`);
  }
  return out;
}

describe.each(KINDS.map((k) => [k.kind, k] as const))('CRD %s', (_name, kind) => {
  const { crd, schema, nodes } = crdNodes(kind);

  it('is a structural schema (every node typed, only supported keywords)', () => {
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.flatMap((n) => nodeErrors(n.node, `${kind.kind}${n.path}`))).toEqual([]);
  });

  it('declares metadata as a bare object and has a status subresource', () => {
    expect((schema.properties as Record<string, unknown>).metadata).toEqual({ type: 'object' });
    expect(crd.spec.versions[0]).toMatchObject({ served: true, storage: true, subresources: { status: {} } });
  });
});

describe('FRRConfiguration CRD keeps upstream defaults and bounds', () => {
  const { at } = crdNodes(KINDS.find((k) => k.kind === 'FRRConfiguration')!);
  const neighbor = '.spec.bgp.routers[].neighbors[]';

  it.each([
    [`${neighbor}.disableMP`, { default: false }],
    [`${neighbor}.dualStackAddressFamily`, { default: false }],
    [`${neighbor}.addressFamilies`, { default: ['unicast'], maxItems: 2 }],
    [`${neighbor}.toAdvertise.allowed.mode`, { default: 'filtered', enum: ['all', 'filtered'] }],
    [`${neighbor}.toReceive.allowed.mode`, { default: 'filtered', enum: ['all', 'filtered'] }],
    [`${neighbor}.port`, { minimum: 0, maximum: 16384 }],
    [`${neighbor}.asn`, { minimum: 0, maximum: 4294967295 }],
    [`${neighbor}.localASN`, { minimum: 1, maximum: 4294967295 }],
    [`${neighbor}.dynamicASN`, { enum: ['internal', 'external'] }],
    ['.spec.bgp.routers', { maxItems: 50 }],
    ['.spec.bgp.bfdProfiles[].detectMultiplier', { minimum: 2, maximum: 255 }],
    ['.spec.bgp.routers[].evpn.l2vnis', { maxItems: 10 }],
    ['.spec.bgp.routers[].evpn.l2vnis[].vni', { minimum: 1, maximum: 16777215 }],
    ['.spec.nodeSelector', { 'x-kubernetes-map-type': 'atomic' }],
  ])('%s', (path, expected) => {
    expect(at(path)).toMatchObject(expected);
  });
});
