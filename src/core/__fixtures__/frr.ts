// Test fixtures for merge, render and pipeline tests: FRRConfiguration builders typed by the API (so a
// misspelt field fails to compile), a merge helper that runs the same steps as the pipeline on objects
// in the order given, and assertions on problems by code and by every source's namespace/name/path.
import { expect } from 'vitest';
import type { FRRConfiguration, FRRConfigurationSpec, Neighbor, Router } from '../../../api/v1beta1/index.ts';
import type { Config } from '../ir.ts';
import { mergeFragments } from '../merge/config.ts';
import { normalize, type Fragment } from '../normalize.ts';
import { runPipeline, type ClusterSnapshot, type PipelineOptions, type PipelineResult } from '../pipeline.ts';
import { formatProblem, hasErrors, type Problem, type ProblemCode } from '../problems.ts';
import { render, type RenderOptions } from '../render/render.ts';
import type { NodeInfo } from '../select.ts';
import type { SecretInfo } from '../validate/context.ts';
import { validateFRRConfiguration } from '../validate/frrconfiguration.ts';

export const NS = 'frr-k8s-system';
export const NODE_A: NodeInfo = {
  name: 'node-a',
  labels: { 'kubernetes.io/hostname': 'node-a', 'kubernetes.io/os': 'linux' },
};
export const NODE_B: NodeInfo = {
  name: 'node-b',
  labels: { 'kubernetes.io/hostname': 'node-b', 'kubernetes.io/os': 'linux' },
};

/** The router ASN every builder uses unless told otherwise. */
export const ASN = 64512;

export interface Meta {
  namespace?: string;
  generation?: number;
}

export function frrConfiguration(
  name: string,
  spec: FRRConfigurationSpec,
  meta: Meta = {},
): FRRConfiguration {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: {
      name,
      namespace: meta.namespace ?? NS,
      ...(meta.generation !== undefined ? { generation: meta.generation } : {}),
    },
    spec,
  };
}

/** An object with one router (default VRF, ASN 64512 unless given) and the rest of the spec. */
export function withRouter(
  name: string,
  router: Partial<Router>,
  rest: Omit<FRRConfigurationSpec, 'bgp'> & {
    bfdProfiles?: NonNullable<FRRConfigurationSpec['bgp']>['bfdProfiles'];
  } = {},
  meta: Meta = {},
): FRRConfiguration {
  const { bfdProfiles, ...spec } = rest;
  return frrConfiguration(
    name,
    { ...spec, bgp: { routers: [{ asn: ASN, ...router }], ...(bfdProfiles ? { bfdProfiles } : {}) } },
    meta,
  );
}

/** An object whose only router (default VRF) has the one neighbor 192.0.2.1 (AS 64513) with `fields`. */
export function withNeighbor(
  name: string,
  fields: Partial<Neighbor>,
  router: Partial<Router> = {},
  rest: Parameters<typeof withRouter>[2] = {},
): FRRConfiguration {
  return withRouter(name, { ...router, neighbors: [{ address: '192.0.2.1', asn: 64513, ...fields }] }, rest);
}

/** Path of a field of neighbor `n` of router `r` (`spec.bgp.routers[r].neighbors[n].field`). */
export const neighborPath = (field = '', r = 0, n = 0): string =>
  `spec.bgp.routers[${r}].neighbors[${n}]${field ? `.${field}` : ''}`;
export const routerPath = (field = '', r = 0): string => `spec.bgp.routers[${r}]${field ? `.${field}` : ''}`;

export const secretsOf = (...secrets: SecretInfo[]): Map<string, SecretInfo> =>
  new Map(secrets.map((s) => [s.name, s]));

export const basicAuth = (name: string, password: string): SecretInfo => ({
  namespace: NS,
  name,
  type: 'kubernetes.io/basic-auth',
  data: { username: 'frr', password },
});

/** Validates one object as the pipeline would and normalizes it; a test input must be valid. */
export function fragmentOf(
  obj: FRRConfiguration,
  secrets: ReadonlyMap<string, SecretInfo> = new Map(),
): Fragment {
  const ctx = { namespace: NS, secrets };
  const result = validateFRRConfiguration(obj, ctx);
  if (!result.parsed) {
    throw new Error(
      `test input ${obj.metadata?.name} is invalid:\n${result.problems.map(formatProblem).join('\n')}`,
    );
  }
  return normalize(result.parsed);
}

export const RENDER: RenderOptions = {
  hostname: 'node-a',
  logLevel: 'info',
  alwaysBlock: [],
  showPasswords: true,
};

export interface Merged {
  config: Config;
  problems: Problem[];
  /** The rendered configuration, when no problem is an error. */
  text?: string;
}

/** Merges valid objects in the order given (the pipeline sorts by name; this does not). */
export function mergeObjects(
  objects: readonly FRRConfiguration[],
  secrets: ReadonlyMap<string, SecretInfo> = new Map(),
): Merged {
  const fragments = objects.map((o) => fragmentOf(o, secrets));
  const { config, problems } = mergeFragments(fragments);
  const all = [...problems];
  return { config, problems: all, ...(hasErrors(all) ? {} : { text: render(config, RENDER) }) };
}

/** Text lines of a rendered configuration, trimmed, for `toContain` checks. */
export const linesOf = (text: string | undefined): string[] => (text ?? '').split('\n').map((l) => l.trim());

export function snapshot(
  configurations: readonly unknown[],
  overrides: Partial<Omit<ClusterSnapshot, 'options'>> & { options?: Partial<PipelineOptions> } = {},
): ClusterSnapshot {
  const { options, ...rest } = overrides;
  return {
    namespace: NS,
    node: NODE_A,
    configurations,
    secrets: new Map(),
    ...rest,
    options: { alwaysBlock: [], logLevel: 'info', showPasswords: true, ...options },
  };
}

export const pipeline = (
  configurations: readonly unknown[],
  overrides: Parameters<typeof snapshot>[1] = {},
): PipelineResult => runPipeline(snapshot(configurations, overrides));

export interface Ref {
  namespace?: string;
  name: string;
  path: string;
}

const refKey = (r: { namespace?: string; name: string; path: string }) =>
  `${r.namespace ?? NS}/${r.name}/${r.path}`;

/** The one problem with `code`; fails when there is none or several. */
export function problemWith(problems: readonly Problem[], code: ProblemCode): Problem {
  const found = problems.filter((p) => p.code === code);
  expect(
    found.length,
    `expected one ${code}, got:\n${problems.map(formatProblem).join('\n') || '(no problems)'}`,
  ).toBe(1);
  return found[0]!;
}

/** The problem's sources are exactly `refs` (namespace defaults to the daemon namespace), in any order. */
export function expectSources(p: Problem, refs: readonly Ref[]): void {
  const actual = p.sources.map((s) => refKey(s)).sort();
  expect(actual).toEqual(refs.map(refKey).sort());
}

export const errorCodes = (problems: readonly Problem[]): ProblemCode[] =>
  [...new Set(problems.filter((p) => p.severity === 'error').map((p) => p.code))].sort();
