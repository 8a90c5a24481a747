// The one pure function behind the daemon, the webhook and the CLI: a snapshot of what the cluster
// says for one node → the FRR configuration for that node, or the problems that prevent it, with
// the fate of every object. No I/O, no clock.
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import type { ConfigurationOutcome } from '../../api/v1beta1/frrnodestate.ts';
import type { FrrVersion } from './frr-version.ts';
import type { Config } from './ir.ts';
import { mergeFragments } from './merge/config.ts';
import { parseCidr, type ParsedCidr } from './net.ts';
import { isSafeHostname, quoted } from './names.ts';
import type { Fragment } from './normalize.ts';
import { hasErrors, problem, refName, sortProblems, type Problem } from './problems.ts';
import { renderLines, type RenderOptions } from './render/render.ts';
import { byText, toText, type Line } from './render/lines.ts';
import { selectForNode, type NodeInfo } from './select.ts';
import type { SecretInfo } from './validate/context.ts';
import { ipv4CompatibleIn, ipv4CompatibleMessage } from './validate/ipv4-compatible.ts';
import { duplicateProblem } from './validate-set.ts';
import {
  beginRun,
  cachedObject,
  endRun,
  fragmentOf,
  newObjectCache,
  validatedObject,
  type CachedObject,
  type ObjectCache,
} from './object-cache.ts';

export interface PipelineOptions {
  alwaysBlock: readonly string[];
  logLevel: LogLevel;
  routerIdFallback?: string;
  /** Write passwords in clear (only for the file FRR reads). */
  showPasswords?: boolean;
  /** The running FRR's release (the daemon asks FRR at start); 8.4 when not given. */
  frrVersion?: FrrVersion;
}

export interface ClusterSnapshot {
  /** The daemon namespace. */
  namespace: string;
  node: NodeInfo;
  /** The node's hostname as FRR reports it; defaults to the node name. */
  hostname?: string;
  /** FRRConfiguration objects as read (in the daemon namespace; others are reported and ignored). */
  configurations: readonly unknown[];
  secrets: ReadonlyMap<string, SecretInfo>;
  options: PipelineOptions;
}

export interface PipelineResult {
  /** The FRR configuration; undefined when any error prevents rendering. */
  text?: string;
  lines?: Line[];
  config?: Config;
  problems: Problem[];
  /** The objects that select this node (or whose selector is invalid), in input order. */
  outcomes: ConfigurationOutcome[];
  /** The objects of the daemon namespace that do not select this node, each with the reason. */
  notSelected: NotSelected[];
}

export interface NotSelected {
  namespace: string;
  name: string;
  reason: string;
}

/** SECRET_NOT_FOUND is a warning at admission (the Secret may come later) but blocks a node. */
const forNode = (p: Problem): Problem =>
  p.code === 'SECRET_NOT_FOUND' ? { ...p, code: 'SECRET_UNRESOLVED', severity: 'error' } : p;

const generationOf = (value: unknown): number | undefined => {
  const g = (value as { metadata?: { generation?: unknown } } | undefined)?.metadata?.generation;
  return typeof g === 'number' ? g : undefined;
};

/** Problems by the objects they cite (not Secrets), so each object finds its own without a scan. */
function problemsByObject(problems: readonly Problem[]): Map<string, Problem[]> {
  const by = new Map<string, Problem[]>();
  for (const p of problems) {
    for (const key of new Set(p.sources.filter((s) => s.kind !== 'Secret').map(refName))) {
      const list = by.get(key);
      if (list) list.push(p);
      else by.set(key, [p]);
    }
  }
  return by;
}

function outcomeProblems(problems: readonly Problem[], o: { namespace: string; name: string }) {
  return problems.map((p) => {
    const mine = p.sources.find((s) => s.namespace === o.namespace && s.name === o.name);
    const others = [
      ...new Set(p.sources.filter((s) => s.name !== o.name || s.namespace !== o.namespace).map(refName)),
    ];
    return {
      code: p.code,
      severity: p.severity,
      message: p.message,
      ...(mine?.path ? { path: mine.path } : {}),
      ...(others.length > 0 ? { with: others } : {}),
    };
  });
}

function alwaysBlockCidrs(texts: readonly string[]): { cidrs: ParsedCidr[]; problems: Problem[] } {
  const cidrs: ParsedCidr[] = [];
  const problems: Problem[] = [];
  for (const text of texts) {
    const c = parseCidr(text);
    const compatible = ipv4CompatibleIn(text);
    if (compatible) {
      problems.push(
        problem('IPV4_COMPATIBLE_ADDRESS', `--always-block ${ipv4CompatibleMessage(text, compatible)}`, {
          namespace: '',
          name: 'options',
          path: 'alwaysBlock',
        }),
      );
    } else if (c) cidrs.push(c);
    else
      problems.push(
        problem('INVALID_CIDR', `--always-block "${text}" is not a prefix`, {
          namespace: '',
          name: 'options',
          path: 'alwaysBlock',
        }),
      );
  }
  return { cidrs, problems };
}

/** The hostname goes into FRR's `hostname` line, so it is checked whoever the caller is. */
function hostnameProblems(hostname: string): Problem[] {
  if (isSafeHostname(hostname)) return [];
  return [
    problem('INVALID_HOSTNAME', `hostname ${quoted(hostname)} cannot be written into FRR's hostname line`, {
      namespace: '',
      name: 'options',
      path: 'hostname',
    }),
  ];
}

/**
 * The objects of the daemon namespace that count (of a namespace/name listed twice, the last one),
 * with the names that were listed more than once.
 */
function ownObjects(entries: readonly CachedObject[], namespace: string) {
  const lastAt = new Map<string, number>();
  const repeated = new Set<string>();
  entries.forEach((e, i) => {
    if (e.namespace !== namespace || !e.name) return;
    if (lastAt.has(e.ref)) repeated.add(e.ref);
    lastAt.set(e.ref, i);
  });
  const mine = entries.filter((e, i) => e.namespace === namespace && (!e.name || lastAt.get(e.ref) === i));
  return { mine, repeated };
}

/**
 * Runs the pipeline for one node. `cache` keeps per-object work between runs (see object-cache.ts):
 * pass the same one to every run to pay only for what changed; without it every object is new.
 */
export function runPipeline(
  snapshot: ClusterSnapshot,
  cache: ObjectCache = newObjectCache(),
): PipelineResult {
  const ctx = { namespace: snapshot.namespace, secrets: snapshot.secrets };
  beginRun(cache);
  const entries = snapshot.configurations.map((value) => cachedObject(cache, snapshot.namespace, value));
  const { mine, repeated } = ownObjects(entries, snapshot.namespace);
  // Selection first, from the selector alone: the content of an object that does not select this node
  // is never validated here. An object whose selector cannot be evaluated might be meant for this node:
  // it is Invalid (NODE_SELECTOR_INVALID blocks the node), never merged.
  const { selected, excluded, invalid } = selectForNode(
    mine.map((e) => ({ item: e, selector: e.selector, checked: e.selectorUsable })),
    snapshot.node,
  );
  const concerned = new Set([...selected, ...invalid.map((i) => i.item)]);
  const reported = mine.filter((e) => concerned.has(e));
  const problemsOf = new Map<CachedObject, Problem[]>(
    reported.map((e) => {
      const own = validatedObject(cache, e, ctx).problems;
      const at = { kind: 'FRRConfiguration', namespace: e.namespace, name: e.name, path: '' };
      return [e, repeated.has(e.ref) ? [...own, duplicateProblem(at, undefined, undefined)] : own];
    }),
  );
  // Fold in name order so a multi-way conflict is always reported on the same pair.
  const ordered = [...selected].sort((a, b) => byText(a.ref, b.ref));
  // normalize assumes a valid object; an invalid one is reported (and blocks the node) but not merged.
  const fragments: Fragment[] = ordered.flatMap((e) =>
    hasErrors((problemsOf.get(e) ?? []).map(forNode)) ? [] : (fragmentOf(cache, e, ctx) ?? []),
  );
  const outsideProblems = entries
    .filter((e) => e.namespace !== snapshot.namespace)
    .flatMap((e) => validatedObject(cache, e, ctx).problems.filter((p) => p.code === 'OUTSIDE_NAMESPACE'));
  endRun(cache);
  const merged = mergeFragments(fragments);
  const block = alwaysBlockCidrs(snapshot.options.alwaysBlock);
  const hostname = snapshot.hostname ?? snapshot.node.name;

  const problems = sortProblems([
    ...reported.flatMap((e) => (problemsOf.get(e) ?? []).map(forNode)),
    ...outsideProblems,
    ...merged.problems,
    ...block.problems,
    ...hostnameProblems(hostname),
  ]);
  const failed = hasErrors(problems);

  const byObject = problemsByObject(problems);
  // Only the objects that concern this node: what does not select it is answered on demand (explain),
  // so the status stays the size of the node, and other nodes' objects never change it.
  const outcomes: ConfigurationOutcome[] = reported.map((e) => {
    const base = {
      namespace: e.namespace,
      name: e.name,
      ...(generationOf(e.value) !== undefined ? { generation: generationOf(e.value) } : {}),
    };
    const own = outcomeProblems(byObject.get(e.ref) ?? [], e);
    const shapeless = !validatedObject(cache, e, ctx).wellFormed;
    if (shapeless || own.some((p) => p.severity === 'error' && !p.with)) {
      return { ...base, outcome: 'Invalid', problems: own };
    }
    if (own.some((p) => p.severity === 'error')) return { ...base, outcome: 'Conflict', problems: own };
    return {
      ...base,
      outcome: failed ? 'Pending' : 'Applied',
      ...(failed
        ? { reason: 'another object on this node has errors; the last good configuration stays' }
        : {}),
      ...(own.length ? { problems: own } : {}),
    };
  });
  const notSelected = excluded.map((x) => ({
    namespace: x.item.namespace,
    name: x.item.name,
    reason: x.reason,
  }));

  if (failed) return { problems, outcomes, notSelected, config: merged.config };
  const renderOptions: RenderOptions = {
    hostname,
    logLevel: snapshot.options.logLevel,
    alwaysBlock: block.cidrs,
    routerIdFallback: snapshot.options.routerIdFallback,
    showPasswords: snapshot.options.showPasswords ?? false,
    frrVersion: snapshot.options.frrVersion,
  };
  const lines = renderLines(merged.config, renderOptions);
  return { text: toText(lines), lines, config: merged.config, problems, outcomes, notSelected };
}
