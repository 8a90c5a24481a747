// The one pure function behind the daemon, the webhook and the CLI: a snapshot of what the cluster
// says for one node → the FRR configuration for that node, or the problems that prevent it, with
// the fate of every object. No I/O, no clock.
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import type { ConfigurationOutcome } from '../../api/v1beta1/frrnodestate.ts';
import type { Config } from './ir.ts';
import { mergeFragments } from './merge/config.ts';
import { parseCidr, type ParsedCidr } from './net.ts';
import { isSafeHostname, quoted } from './names.ts';
import { normalize, type Fragment } from './normalize.ts';
import { hasErrors, problem, refName, sortProblems, type Problem } from './problems.ts';
import { renderLines, type RenderOptions } from './render/render.ts';
import { toText, type Line } from './render/lines.ts';
import { selectForNode, type NodeInfo } from './select.ts';
import type { SecretInfo } from './validate/context.ts';
import { ipv4CompatibleIn, ipv4CompatibleMessage } from './validate/ipv4-compatible.ts';
import { validateSet, type ValidatedObject } from './validate-set.ts';

export interface PipelineOptions {
  alwaysBlock: readonly string[];
  logLevel: LogLevel;
  routerIdFallback?: string;
  /** Write passwords in clear (only for the file FRR reads). */
  showPasswords?: boolean;
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
  outcomes: ConfigurationOutcome[];
}

/** SECRET_NOT_FOUND is a warning at admission (the Secret may come later) but blocks a node. */
const forNode = (p: Problem): Problem =>
  p.code === 'SECRET_NOT_FOUND' ? { ...p, code: 'SECRET_UNRESOLVED', severity: 'error' } : p;

const generationOf = (o: ValidatedObject): number | undefined => {
  const g = (o.object?.metadata as { generation?: unknown } | undefined)?.generation;
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

function outcomeProblems(problems: readonly Problem[], o: ValidatedObject) {
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

export function runPipeline(snapshot: ClusterSnapshot): PipelineResult {
  const ctx = { namespace: snapshot.namespace, secrets: snapshot.secrets };
  const { objects } = validateSet(
    snapshot.configurations.map((value) => ({ value })),
    ctx,
  );
  // Objects outside the daemon namespace are reported by validateSet and otherwise ignored. Of a
  // namespace/name listed twice, only the last one counts (as DUPLICATE_OBJECT says).
  const last = new Map(objects.map((o) => [refName(o), o]));
  const mine = objects.filter(
    (o) => o.namespace === snapshot.namespace && (!o.name || last.get(refName(o)) === o),
  );
  const { selected, excluded, invalid } = selectForNode(
    mine.filter((o) => o.object).map((o) => ({ item: o, selector: o.object?.spec?.nodeSelector })),
    snapshot.node,
  );
  // An object whose selector cannot be evaluated might be meant for this node: its errors (already
  // reported by validation as NODE_SELECTOR_INVALID) block the node, and it is Invalid, never merged.
  const reported = new Set([...selected, ...invalid.map((i) => i.item)]);
  const whyExcluded = new Map(excluded.map((e) => [e.item, e.reason]));
  // Fold in name order so a multi-way conflict is always reported on the same pair.
  const ordered = [...selected].sort((a, b) =>
    refName(a) < refName(b) ? -1 : refName(a) > refName(b) ? 1 : 0,
  );
  // normalize assumes a valid object; an invalid one is reported (and blocks the node) but not merged.
  const fragments: Fragment[] = ordered
    .filter((o) => !hasErrors(o.problems.map(forNode)))
    .map((o) => normalize(o.object!, ctx));
  const merged = mergeFragments(fragments);
  const block = alwaysBlockCidrs(snapshot.options.alwaysBlock);
  const hostname = snapshot.hostname ?? snapshot.node.name;

  const problems = sortProblems([
    ...mine.filter((o) => reported.has(o) || !o.object).flatMap((o) => o.problems.map(forNode)),
    ...objects
      .filter((o) => o.namespace !== snapshot.namespace)
      .flatMap((o) => o.problems.filter((p) => p.code === 'OUTSIDE_NAMESPACE')),
    ...merged.problems,
    ...block.problems,
    ...hostnameProblems(hostname),
  ]);
  const failed = hasErrors(problems);

  const byObject = problemsByObject(problems);
  const outcomes: ConfigurationOutcome[] = mine.map((o) => {
    const base = {
      namespace: o.namespace,
      name: o.name,
      ...(generationOf(o) !== undefined ? { generation: generationOf(o) } : {}),
    };
    const own = outcomeProblems(byObject.get(refName(o)) ?? [], o);
    const why = whyExcluded.get(o);
    if (!o.object || own.some((p) => p.severity === 'error' && !p.with)) {
      return { ...base, outcome: 'Invalid', problems: own };
    }
    if (why !== undefined) return { ...base, outcome: 'NotSelected', reason: why };
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

  if (failed) return { problems, outcomes, config: merged.config };
  const renderOptions: RenderOptions = {
    hostname,
    logLevel: snapshot.options.logLevel,
    alwaysBlock: block.cidrs,
    routerIdFallback: snapshot.options.routerIdFallback,
    showPasswords: snapshot.options.showPasswords ?? false,
  };
  const lines = renderLines(merged.config, renderOptions);
  return { text: toText(lines), lines, config: merged.config, problems, outcomes };
}
