// Test fixtures for the validation core: one valid FRRConfiguration that exercises most fields, and
// helpers to patch a single field by the same dotted path the validator reports
// (`spec.bgp.routers[0].neighbors[2].holdTime`), so a test names a field once.
import { expect } from 'vitest';
import type { Problem, ProblemCode, Severity } from '../../problems.ts';
import type { SecretInfo, ValidationContext } from '../context.ts';
import { validateFRRConfiguration } from '../frrconfiguration.ts';

export const NS = 'frr-k8s-system';
export const NAME = 'base';

/** A plain JSON value, loose enough to hold the invalid shapes tests feed the validator. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// Paths into the base object, so tables read as field names rather than index arithmetic.
export const R0 = 'spec.bgp.routers[0]';
/** IPv4 neighbor with every session option, both policies and a BFD profile. */
export const N0 = `${R0}.neighbors[0]`;
/** IPv6 neighbor with a cleartext password. */
export const N1 = `${R0}.neighbors[1]`;
/** Unnumbered (interface) neighbor, dynamic eBGP ASN, advertising everything. */
export const N2 = `${R0}.neighbors[2]`;
/** Router of VRF red, importing the default VRF. */
export const R1 = 'spec.bgp.routers[1]';
/** Neighbor of VRF red with a passwordSecret. */
export const R1N0 = `${R1}.neighbors[0]`;
/** Neighbor-less router of VRF blue carrying an l3vni. */
export const R2 = 'spec.bgp.routers[2]';

export const SECRET_NAME = 'bgp-auth';

/**
 * A valid object that touches most of the API: three routers (default, red importing default, blue
 * with an l3vni), IPv4, IPv6 and interface neighbors, timers, BFD, passwords, communities, local
 * preferences, next hops, receive filters, EVPN route targets and a node selector.
 */
export function baseConfig(): JsonObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: NAME, namespace: NS },
    spec: {
      nodeSelector: {
        matchLabels: { 'kubernetes.io/os': 'linux' },
        matchExpressions: [
          { key: 'node-role.kubernetes.io/worker', operator: 'Exists' },
          { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-a', 'zone-b'] },
        ],
      },
      bgp: {
        bfdProfiles: [
          { name: 'fast', receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3 },
          { name: 'slow', echoMode: false },
        ],
        routers: [
          {
            asn: 64512,
            id: '192.0.2.1',
            prefixes: ['192.0.2.0/24', '198.51.100.0/24', '2001:db8::/64'],
            neighbors: [
              {
                asn: 64513,
                address: '192.0.2.254',
                sourceaddress: '192.0.2.1',
                port: 179,
                holdTime: '90s',
                keepaliveTime: '30s',
                connectTime: '10s',
                bfdProfile: 'fast',
                ebgpMultiHop: true,
                localASN: 64600,
                toAdvertise: {
                  allowed: { prefixes: ['192.0.2.0/24', '198.51.100.0/24'] },
                  nextHop: { ipv4: '192.0.2.10' },
                  withLocalPref: [{ localPref: 100, prefixes: ['192.0.2.0/24'] }],
                  withCommunity: [
                    { community: '65000:100', prefixes: ['192.0.2.0/24'] },
                    { community: 'large:64512:1:2', prefixes: ['192.0.2.0/24', '198.51.100.0/24'] },
                  ],
                },
                toReceive: { allowed: { prefixes: [{ prefix: '10.0.0.0/8', ge: 16, le: 24 }] } },
              },
              {
                asn: 64514,
                address: '2001:db8::ff',
                password: 'S3cret-pass',
                toAdvertise: { allowed: { prefixes: ['2001:db8::/64'] }, nextHop: { ipv6: '2001:db8::1' } },
                toReceive: { allowed: { mode: 'all' } },
              },
              {
                dynamicASN: 'external',
                interface: 'eth1',
                addressFamilies: ['unicast', 'evpn'],
                toAdvertise: { allowed: { mode: 'all' } },
              },
            ],
            evpn: {
              advertiseVNIs: 'All',
              l2vnis: [{ vni: 200, rd: '192.0.2.1:200', importRTs: ['64512:200'], exportRTs: ['64512:200'] }],
            },
          },
          {
            asn: 64512,
            vrf: 'red',
            prefixes: ['203.0.113.0/24'],
            imports: [{ vrf: 'default' }],
            neighbors: [
              {
                asn: 64700,
                address: '203.0.113.1',
                passwordSecret: { name: SECRET_NAME, namespace: NS },
                toAdvertise: { allowed: { prefixes: ['203.0.113.0/24', '192.0.2.0/24'] } },
              },
            ],
          },
          {
            asn: 64512,
            vrf: 'blue',
            prefixes: ['100.64.0.0/16'],
            evpn: {
              l3vni: {
                vni: 100,
                advertisePrefixes: ['unicast'],
                rd: '64512:100',
                importRTs: ['*:100'],
                exportRTs: ['64512:100'],
              },
            },
          },
        ],
      },
    },
  };
}

/** A minimal valid object: one router, one IPv4 neighbor, nothing else. */
export function minimalConfig(): JsonObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: NAME, namespace: NS },
    spec: { bgp: { routers: [{ asn: 64512, neighbors: [{ asn: 64513, address: '192.0.2.254' }] }] } },
  };
}

/** `a.b[2].c` → ['a', 'b', 2, 'c']. Keys may contain anything but '.', '[' and ']'. */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`bad path segment ${part} in ${path}`);
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

type Container = Record<string | number, unknown>;

function parentOf(root: unknown, path: string): { parent: Container; key: string | number } {
  const keys = splitPath(path);
  const last = keys.pop();
  if (last === undefined) throw new Error('empty path');
  let node = root as Container;
  for (const [i, key] of keys.entries()) {
    if (node[key] === undefined || node[key] === null) node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key] as Container;
  }
  return { parent: node, key: last };
}

/** Reads the value at a path, or undefined. */
export function getAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of splitPath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Container)[key];
  }
  return node;
}

/** Paths of every leaf (string, number, boolean) under `path`, in the validator's path syntax. */
export function leafPaths(
  value: unknown,
  path: string,
): { path: string; value: string | number | boolean }[] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, path ? `${path}.${key}` : key));
  }
  return [];
}

/** A deep copy of `root` with the value at `path` replaced (intermediate objects are created). */
export function withField<T>(root: T, path: string, value: unknown): T {
  const copy = structuredClone(root);
  const { parent, key } = parentOf(copy, path);
  parent[key] = value;
  return copy;
}

/** A deep copy of `root` with the field at `path` removed. */
export function withoutField<T>(root: T, path: string): T {
  const copy = structuredClone(root);
  const { parent, key } = parentOf(copy, path);
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else delete parent[key];
  return copy;
}

/** A deep copy of the base object with several fields set; `undefined` removes a field. */
export function patched(fields: Record<string, unknown>, root: JsonObject = baseConfig()): JsonObject {
  let out = root;
  for (const [path, value] of Object.entries(fields)) {
    out = value === undefined ? withoutField(out, path) : withField(out, path, value);
  }
  return out;
}

export function secret(
  data: Record<string, string>,
  type = 'kubernetes.io/basic-auth',
  name = SECRET_NAME,
): SecretInfo {
  return { namespace: NS, name, type, data };
}

export function ctx(secrets?: SecretInfo[]): ValidationContext {
  return secrets ? { namespace: NS, secrets: new Map(secrets.map((s) => [s.name, s])) } : { namespace: NS };
}

export function validate(input: unknown, context: ValidationContext = ctx()): Problem[] {
  return validateFRRConfiguration(input, context).problems;
}

export const errorsOf = (problems: readonly Problem[]): Problem[] =>
  problems.filter((p) => p.severity === 'error');

/** The problems whose first source is the given path. */
export const problemsAt = (problems: readonly Problem[], path: string): Problem[] =>
  problems.filter((p) => p.sources[0]?.path === path);

/** The source reference of a field of the object under test. */
export const src = (path: string, name = NAME, namespace = NS) => ({
  kind: 'FRRConfiguration',
  namespace,
  name,
  path,
});

/** Matcher: a problem with this code whose first source is exactly this field of the object under test. */
export function problemAt(code: ProblemCode, path: string, severity?: Severity) {
  return expect.objectContaining({
    code,
    ...(severity ? { severity } : {}),
    sources: expect.arrayContaining([src(path)]) as unknown,
  }) as unknown;
}

/** Asserts `problems` has `code` at `path` (as the first source) and returns that problem. */
export function expectProblem(problems: readonly Problem[], code: ProblemCode, path: string): Problem {
  const found = problems.find((p) => p.code === code && p.sources[0]?.path === path);
  expect(
    found,
    `${code} at ${path} in ${JSON.stringify(problems.map((p) => [p.code, p.sources[0]?.path]))}`,
  ).toBeDefined();
  expect(found?.sources[0]).toEqual(src(path));
  return found!;
}

/** Asserts there is no error at all and nothing (not even a warning) at `path`. */
export function expectClean(problems: readonly Problem[], path?: string): void {
  expect(errorsOf(problems)).toEqual([]);
  if (path !== undefined) expect(problems.filter((p) => p.sources.some((s) => s.path === path))).toEqual([]);
}
