// `frrk8s explain`: every rendered line with the objects and fields it came from, or — with --prefix —
// whether one prefix is advertised to and accepted from each peer, and why.
import { explainPrefix } from '../core/explain-prefix.ts';
import { parseCidr } from '../core/net.ts';
import { runPipeline } from '../core/pipeline.ts';
import { formatProblem, hasErrors, refName, sortProblems } from '../core/problems.ts';
import type { Line } from '../core/render/lines.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';
import { loadSnapshot, splitList, type NodeScopedOptions } from './snapshot-from-files.ts';

export interface ExplainOptions extends NodeScopedOptions {
  prefix?: string;
  peer?: string;
}

function annotate(lines: readonly Line[]): string {
  const width = Math.min(72, Math.max(...lines.map((l) => l.text.length)));
  return lines
    .map((l) => {
      if (l.sources.length === 0) return `${l.text}\n`;
      const objects = new Map<string, Set<string>>();
      for (const s of l.sources) objects.set(refName(s), (objects.get(refName(s)) ?? new Set()).add(s.path));
      const where = [...objects]
        .map(([obj, paths]) =>
          paths.size <= 2 ? `${obj} ${[...paths].join(', ')}` : `${obj} (${paths.size} fields)`,
        )
        .join('; ');
      return `${l.text.padEnd(width)}  # ${where}\n`;
    })
    .join('');
}

export function runExplain(options: ExplainOptions, io: CliIo): number {
  const prefix = options.prefix === undefined ? undefined : parseCidr(options.prefix);
  if (options.prefix !== undefined && !prefix)
    throw new UsageError(`--prefix: "${options.prefix}" is not a prefix`);
  if (options.peer && !prefix) throw new UsageError('--peer needs --prefix');
  const { snapshot, inputProblems } = loadSnapshot(options, io);
  const result = runPipeline(snapshot);
  const problems = sortProblems([...inputProblems, ...result.problems]);
  for (const p of problems) io.err(formatProblem(p) + '\n');
  if (hasErrors(problems) || !result.lines || !result.config) {
    io.err(
      `nothing is rendered for node ${options.node} while errors remain; FRR keeps its last good configuration\n`,
    );
    return EXIT.problems;
  }
  if (!prefix) {
    io.out(annotate(result.lines));
    return EXIT.ok;
  }
  const alwaysBlock = splitList(options.alwaysBlock).flatMap((t) => parseCidr(t) ?? []);
  const verdicts = explainPrefix(result.config, prefix, { peer: options.peer, alwaysBlock });
  if (verdicts.length === 0) {
    io.out(
      `${prefix.text}: node ${options.node} has no ${options.peer ? `peer ${options.peer}` : 'peers'}\n`,
    );
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
    io.out(`${prefix.text} ${verb} ${v.peer}${v.vrf ? ` (vrf ${v.vrf})` : ''}: ${v.reason}\n`);
  }
  return EXIT.ok;
}
