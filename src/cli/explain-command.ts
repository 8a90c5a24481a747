// `frrk8s explain`: every rendered line with the objects and fields it came from, or — with --prefix —
// whether one prefix is advertised to and accepted from each peer, and why.
import { describeSources, explainPrefix, peerNames } from '../core/explain-prefix.ts';
import { parseCidr } from '../core/net.ts';
import { runPipeline, type PipelineResult } from '../core/pipeline.ts';
import { hasErrors, sortProblems, type SourceRef } from '../core/problems.ts';
import type { Line } from '../core/render/lines.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';
import { printable, problemLine } from './printable.ts';
import { objectStateLines } from './explain-objects.ts';
import { loadNodeSnapshot } from './node-snapshot.ts';
import type { NodeScopedOptions } from './snapshot-from-files.ts';

export interface ExplainOptions extends NodeScopedOptions {
  prefix?: string;
  peer?: string;
  /** Only this FRRConfiguration's state on the node, without the configuration. */
  object?: string;
}

/** Annotations line up in one column, unless a line is longer than this. */
const ANNOTATION_COLUMN = 72;

/**
 * Every line with the objects and fields it came from. Rendering hands many lines the same sources
 * array (every entry of a prefix-list shares its class's sources), so each distinct array is described
 * once: the work and the output stay linear in the lines, however many sources those lines share.
 */
export function annotateLines(lines: readonly Line[]): string {
  // Raw snippets reach the text unchecked (the one documented exception), so lines are escaped too;
  // they are not cut, as this is the configuration FRR runs.
  const texts = lines.map((l) => printable(l.text, Infinity));
  let longest = 0;
  for (const text of texts) longest = Math.max(longest, text.length);
  const width = Math.min(ANNOTATION_COLUMN, longest);
  const described = new Map<readonly SourceRef[], string>();
  const out: string[] = [];
  lines.forEach((l, i) => {
    const text = texts[i]!;
    if (l.sources.length === 0) {
      out.push(`${text}\n`);
      return;
    }
    let where = described.get(l.sources);
    if (where === undefined) {
      where = printable(describeSources(l.sources));
      described.set(l.sources, where);
    }
    out.push(`${text.padEnd(width)}  # ${where}\n`);
  });
  return out.join('');
}

/** Peers listed when --peer names none of them; a node with thousands of peers is summarised. */
const PEERS_LISTED = 10;

function unknownPeer(node: string, peer: string, known: readonly string[]): string {
  const listed = known.slice(0, PEERS_LISTED).join(', ');
  const more = known.length > PEERS_LISTED ? ` and ${known.length - PEERS_LISTED} more` : '';
  return `node ${node} has no peer "${peer}"; ${known.length === 0 ? 'it has no peers' : `its peers are ${listed}${more}`}`;
}

/** --object names an FRRConfiguration of the namespace; any other name is a usage error, not silence. */
function checkObject(result: PipelineResult, options: ExplainOptions): void {
  const name = options.object;
  if (name === undefined) return;
  if (result.outcomes.some((o) => o.name === name) || result.notSelected.some((o) => o.name === name)) return;
  throw new UsageError(`--object: namespace ${options.namespace} has no FRRConfiguration "${name}"`);
}

export async function runExplain(options: ExplainOptions, io: CliIo): Promise<number> {
  const prefix = options.prefix === undefined ? undefined : parseCidr(options.prefix);
  if (options.prefix !== undefined && !prefix)
    throw new UsageError(`--prefix: "${options.prefix}" is not a prefix`);
  if (options.peer && !prefix) throw new UsageError('--peer needs --prefix');
  if (options.object !== undefined && prefix)
    throw new UsageError('--object and --prefix ask different questions: give one');
  const { snapshot, inputProblems } = await loadNodeSnapshot(options, io);
  const result = runPipeline(snapshot);
  checkObject(result, options);
  const problems = sortProblems([...inputProblems, ...result.problems]);
  for (const p of problems) io.err(problemLine(p) + '\n');
  const failed = hasErrors(problems) || !result.lines || !result.config;
  // Each object's state on the node comes first, and also when errors block it: then it says which
  // objects are Invalid or in Conflict and which wait (Pending).
  if (!prefix || failed)
    io.out(objectStateLines(result.outcomes, result.notSelected, options.node, options.object));
  if (failed || !result.lines || !result.config) {
    io.err(
      `nothing is rendered for node ${printable(options.node)} while errors remain; FRR keeps its last good configuration\n`,
    );
    return EXIT.problems;
  }
  if (!prefix) {
    if (options.object === undefined) io.out(annotateLines(result.lines));
    return EXIT.ok;
  }
  // Checked and canonical already (loadSnapshot refuses a bad --always-block as a usage error).
  const alwaysBlock = snapshot.options.alwaysBlock.flatMap((t) => parseCidr(t) ?? []);
  const verdicts = explainPrefix(result.config, prefix, { peer: options.peer, alwaysBlock });
  if (verdicts.length === 0 && options.peer !== undefined) {
    // Saying nothing about a peer the node does not have would read as "all is well" (exit 0).
    throw new UsageError(`--peer: ${unknownPeer(options.node, options.peer, peerNames(result.config))}`);
  }
  if (verdicts.length === 0) {
    io.out(`${prefix.text}: node ${printable(options.node)} has no peers\n`);
    return EXIT.ok;
  }
  for (const v of verdicts) {
    const verb =
      v.direction === 'advertise'
        ? v.allowed
          ? 'advertised to'
          : 'NOT advertised to'
        : v.allowed
          ? 'accepted from'
          : 'NOT accepted from';
    const peer = `${v.peer}${v.vrf ? ` (vrf ${v.vrf})` : ''}`;
    io.out(`${prefix.text} ${verb} ${printable(peer)}: ${printable(v.reason)}\n`);
  }
  return EXIT.ok;
}
