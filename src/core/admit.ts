// Admission of one FRRConfiguration: would the cluster accept it, given what is already there? The
// same stages as the node pipeline (validate → select → normalize → merge), run for every node the
// candidate selects with the candidate in place of its old version, so `frrk8s validate`, the webhook
// and the daemons reach one verdict. Only problems that involve the candidate are returned: a conflict
// between two other objects is theirs, and the nodes already report it.
import { mergeFragments } from './merge/config.ts';
import { normalize, type Fragment } from './normalize.ts';
import { hasErrors, problem, refName, sortProblems, type Problem } from './problems.ts';
import { mismatchReason, selectorErrors, type LabelSelector, type NodeInfo } from './select.ts';
import type { SecretInfo } from './validate/context.ts';
import { validateSet, type ValidatedObject } from './validate-set.ts';

export interface AdmitOptions {
  /** The daemon namespace: the only one whose objects the daemons read. */
  namespace: string;
  /** Reuse the validation of existing objects between calls (the webhook keeps one per cache). */
  memo?: AdmitMemo;
  /** How many node names a message lists before "and N more". */
  nodesNamed?: number;
}

/** An existing object, validated and normalized once. */
interface Prepared {
  ref: string;
  selector: LabelSelector | undefined;
  /** Undefined when the object has errors of its own: the nodes report it, it never merges. */
  fragment?: Fragment;
}

/**
 * Validated existing objects by identity. Informer caches hand out the same object until it changes,
 * so a webhook request costs only the candidate's validation. Secrets feed validation and passwords,
 * so a new Secrets map starts a new memo.
 */
export class AdmitMemo {
  private byObject = new WeakMap<object, Prepared>();
  private secrets: ReadonlyMap<string, SecretInfo> | undefined;

  prepare(value: unknown, secrets: ReadonlyMap<string, SecretInfo>, namespace: string): Prepared {
    if (secrets !== this.secrets) {
      this.byObject = new WeakMap();
      this.secrets = secrets;
    }
    const key = value && typeof value === 'object' ? value : undefined;
    const known = key && this.byObject.get(key);
    if (known) return known;
    const prepared = prepareObject(validateOne(value, secrets, namespace), secrets, namespace);
    if (key) this.byObject.set(key, prepared);
    return prepared;
  }
}

const validateOne = (value: unknown, secrets: ReadonlyMap<string, SecretInfo>, namespace: string) =>
  validateSet([{ value }], { namespace, secrets }).objects[0]!;

function prepareObject(
  o: ValidatedObject,
  secrets: ReadonlyMap<string, SecretInfo>,
  namespace: string,
): Prepared {
  const selector = o.object?.spec?.nodeSelector;
  const usable =
    o.object && o.namespace === namespace && !hasErrors(o.problems) && selectorErrors(selector).length === 0;
  return {
    ref: refName(o),
    selector,
    ...(usable ? { fragment: normalize(o.object!, { namespace, secrets }) } : {}),
  };
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
  const own = validateOne(candidate, secrets, namespace);
  const mine = prepareObject(own, secrets, namespace);
  if (!mine.fragment) return sortProblems(own.problems);

  // Within the object: the merge of the object alone, as on a node that nobody else selects.
  const alone = mergeFragments([mine.fragment]).problems.filter((p) => !ALONE_ONLY_ON_NODES.has(p.code));
  const seen = new Set(alone.map(problemKey));

  const memo = options.memo ?? new AdmitMemo();
  const others = existing
    .map((value) => memo.prepare(value, secrets, namespace))
    .filter((o) => o.fragment && o.ref !== mine.ref);

  // Nodes that see the same other objects merge the same way: merge once per distinct set.
  const bySet = new Map<string, { on: Prepared[]; nodes: string[] }>();
  for (const node of nodes) {
    if (mismatchReason(mine.selector, node.labels) !== undefined) continue;
    const on = others.filter((o) => mismatchReason(o.selector, node.labels) === undefined);
    const key = on.map((o) => o.ref).join('\u0000');
    const group = bySet.get(key) ?? { on, nodes: [] };
    group.nodes.push(node.name);
    bySet.set(key, group);
  }
  const onNodes = new Map<string, { problem: Problem; nodes: string[] }>();
  for (const group of bySet.values()) {
    // Fold in name order, as the pipeline does, so a conflict is reported on the same pair.
    const fragments = [...group.on, mine].sort(byRef).map((o) => o.fragment!);
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
  return sortProblems([...own.problems, ...alone, ...conflicts]);
}

const byRef = (a: Prepared, b: Prepared): number => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
