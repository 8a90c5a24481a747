// Admission of one FRRConfiguration: would the cluster accept it, given what is already there? The
// same stages as the node pipeline (validate → select → normalize → merge), run for every node the
// candidate selects with the candidate in place of its old version, so `frrk8s validate`, the webhook
// and the daemons reach one verdict. Only problems that involve the candidate are returned: a conflict
// between two other objects is theirs, and the nodes already report it.
import { evpnVrfsOf, footprintOf, project } from './admit-footprint.ts';
import { mergeFragments } from './merge/config.ts';
import type { Fragment } from './normalize.ts';
import {
  cachedObject,
  fragmentOf,
  newObjectCache,
  validatedObject,
  type CachedObject,
  type ObjectCache,
  type WorkContext,
} from './object-cache.ts';
import { problem, refName, sortProblems, type Problem } from './problems.ts';
import { mismatchReason, type LabelSelector, type NodeInfo } from './select.ts';
import { byText } from './render/lines.ts';
import type { SecretInfo } from './validate/context.ts';

export interface AdmitOptions {
  /** The daemon namespace: the only one whose objects the daemons read. */
  namespace: string;
  /** Existing objects' work kept between calls (the webhook keeps one for its life, validate one per run). */
  cache?: AdmitCache;
  /** How many node names a message lists before "and N more". */
  nodesNamed?: number;
  /** Merge other objects whole and test every selector on every node (the reference the tests compare to). */
  exhaustive?: boolean;
}

/** An object the daemons would merge, validated and normalized once. */
interface Prepared {
  ref: string;
  selector: LabelSelector | undefined;
  fragment: Fragment;
  /** VRFs where it configures EVPN. */
  evpnVrfs: string[];
}

/**
 * The existing objects of one list, by a label their selector requires (the first of matchLabels), so
 * a node looks only at objects that may select it; objects with no matchLabels are checked on every node.
 */
interface SelectorIndex {
  byLabel: Map<string, Prepared[]>;
  anyNode: Prepared[];
  evpnVrfs: Set<string>;
}

/**
 * What admit keeps between calls: the shared per-object cache (validation and fragments by object
 * version), and the selector index of each list of existing objects. Walking 6,000 cache entries to
 * rebuild the index costs tens of milliseconds, so a list the webhook hands out unchanged (same array,
 * same Secrets map) reuses its index. admit only reads and fills `objects`: dropping the versions no
 * longer listed is the owner's job (`endRun` after visiting every listed object).
 */
export interface AdmitCache {
  readonly objects: ObjectCache;
  readonly indexes: WeakMap<
    readonly unknown[],
    { secrets: ReadonlyMap<string, SecretInfo>; index: SelectorIndex }
  >;
}

export const newAdmitCache = (): AdmitCache => ({ objects: newObjectCache(), indexes: new WeakMap() });

const labelKey = (key: string, value: string): string => `${key}\u0000${value}`;

function indexOf(prepared: readonly Prepared[]): SelectorIndex {
  const index: SelectorIndex = { byLabel: new Map(), anyNode: [], evpnVrfs: new Set() };
  for (const o of prepared) {
    for (const vrf of o.evpnVrfs) index.evpnVrfs.add(vrf);
    const first = Object.entries(o.selector?.matchLabels ?? {})[0];
    if (!first) {
      index.anyNode.push(o);
      continue;
    }
    const key = labelKey(...first);
    const list = index.byLabel.get(key);
    if (list) list.push(o);
    else index.byLabel.set(key, [o]);
  }
  return index;
}

/** Every object checked on every node: the reference the indexed path must agree with. */
function flatIndex(prepared: readonly Prepared[]): SelectorIndex {
  const index = indexOf([]);
  for (const o of prepared) {
    index.anyNode.push(o);
    for (const vrf of o.evpnVrfs) index.evpnVrfs.add(vrf);
  }
  return index;
}

function selecting(index: SelectorIndex, node: NodeInfo): Prepared[] {
  const maybe = [...index.anyNode];
  for (const [k, v] of Object.entries(node.labels)) maybe.push(...(index.byLabel.get(labelKey(k, v)) ?? []));
  return maybe.filter((o) => mismatchReason(o.selector, node.labels) === undefined);
}

/** The index of this list, reused while neither the list nor the Secrets map changed. */
function indexFor(
  cache: AdmitCache,
  existing: readonly unknown[],
  secrets: ReadonlyMap<string, SecretInfo>,
  prepare: () => Prepared[],
): SelectorIndex {
  const known = cache.indexes.get(existing);
  if (known?.secrets === secrets) return known.index;
  const index = indexOf(prepare());
  cache.indexes.set(existing, { secrets, index });
  return index;
}

/**
 * An object through the shared per-object cache, when the daemons would merge it: in the daemon
 * namespace, with a usable selector and no errors of its own (the nodes report those).
 */
function prepare(cache: ObjectCache, e: CachedObject, ctx: WorkContext): Prepared | undefined {
  const fragment = e.namespace === ctx.namespace && e.selectorUsable ? fragmentOf(cache, e, ctx) : undefined;
  if (!fragment) return undefined;
  return { ref: e.ref, selector: e.selector, fragment, evpnVrfs: evpnVrfsOf(fragment) };
}

const cites = (p: Problem, ref: string): boolean =>
  p.sources.some((s) => s.kind !== 'Secret' && refName(s) === ref);

const problemKey = (p: Problem): string =>
  `${p.code}\u0000${p.message}\u0000${p.sources.map((s) => `${refName(s)} ${s.path}`).join('\u0000')}`;

/** EVPN_NEEDS_NEIGHBOR may be met by another object on a node, so alone it proves nothing. */
const ALONE_ONLY_ON_NODES = new Set(['EVPN_NEEDS_NEIGHBOR']);

function nodesPhrase(nodes: readonly string[], named: number): string {
  const shown = nodes.slice(0, named).join(', ');
  const more = nodes.length > named ? ` and ${nodes.length - named} more` : '';
  return nodes.length === 1 ? `on node ${shown}` : `on nodes ${shown}${more}`;
}

/**
 * Problems of `candidate` (an FRRConfiguration as the API server would store it) against `existing`
 * (the other FRRConfigurations; an old version of the candidate is replaced by it) on `nodes`.
 */
export function admit(
  candidate: unknown,
  existing: readonly unknown[],
  nodes: readonly NodeInfo[],
  secrets: ReadonlyMap<string, SecretInfo>,
  options: AdmitOptions,
): Problem[] {
  const { namespace } = options;
  const ctx = { namespace, secrets };
  // The candidate gets a cache of its own: an update may carry the resourceVersion of the stored
  // object it replaces, and must not be answered with that object's work.
  const candidateCache = newObjectCache();
  const entry = cachedObject(candidateCache, namespace, candidate);
  const own = validatedObject(candidateCache, entry, ctx).problems;
  const mine = prepare(candidateCache, entry, ctx);
  if (!mine) return sortProblems(own);

  // Within the object: the merge of the object alone, as on a node that nobody else selects.
  const alone = mergeFragments([mine.fragment]).problems.filter((p) => !ALONE_ONLY_ON_NODES.has(p.code));
  const seen = new Set(alone.map(problemKey));

  const cache = options.cache ?? newAdmitCache();
  const prepareAll = () =>
    existing.flatMap(
      (value) => prepare(cache.objects, cachedObject(cache.objects, namespace, value), ctx) ?? [],
    );
  const index = options.exhaustive ? flatIndex(prepareAll()) : indexFor(cache, existing, secrets, prepareAll);
  const footprint = footprintOf(mine.fragment, index.evpnVrfs);
  const onNode = (node: NodeInfo): Prepared[] => selecting(index, node).filter((o) => o.ref !== mine.ref);

  // Nodes that see the same other objects merge the same way: merge once per distinct set.
  const bySet = new Map<string, { on: Prepared[]; nodes: string[] }>();
  for (const node of nodes) {
    if (mismatchReason(mine.selector, node.labels) !== undefined) continue;
    const on = onNode(node);
    const key = on.map((o) => o.ref).join('\u0000');
    const group = bySet.get(key) ?? { on, nodes: [] };
    group.nodes.push(node.name);
    bySet.set(key, group);
  }
  const onNodes = new Map<string, { problem: Problem; nodes: string[] }>();
  for (const group of bySet.values()) {
    // Fold in name order, as the pipeline does, so a conflict is reported on the same pair.
    const fragments = [...group.on, mine]
      .sort(byRef)
      .map((o) => (o === mine || options.exhaustive ? o.fragment : project(o.fragment, footprint)))
      .filter((f): f is Fragment => f !== undefined);
    for (const p of mergeFragments(fragments).problems) {
      if (!cites(p, mine.ref) || seen.has(problemKey(p))) continue;
      const entry = onNodes.get(problemKey(p)) ?? { problem: p, nodes: [] };
      entry.nodes.push(...group.nodes);
      onNodes.set(problemKey(p), entry);
    }
  }
  const named = options.nodesNamed ?? 5;
  const conflicts = [...onNodes.values()].map(({ problem: p, nodes: where }) =>
    problem(p.code, `${p.message} ${nodesPhrase([...where].sort(), named)}`, ...p.sources),
  );
  return sortProblems([...own, ...alone, ...conflicts]);
}

const byRef = (a: Prepared, b: Prepared): number => byText(a.ref, b.ref);
