// How `frrk8s render` and `frrk8s explain` scale: objects sharing one neighbor (many actors, one peer)
// and scattered prefixes (nothing compacts), each at 1,000 and ten times that. The baseline is the
// same command on 1,000 in the same run; linear scaling is 10× per step, and the goal is at most 30×.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/env/paths.ts';
import { BENCH_NODE, writeCliInput, type CliShape } from './cli-input.ts';

export const CLI_COMMANDS = ['render', 'explain'] as const;
type CliCommand = (typeof CLI_COMMANDS)[number];

/** Sizes per shape, smallest first: the first is the baseline of the others. */
export const CLI_SIZES: Record<CliShape, number[]> = {
  'shared-neighbor': [1_000, 10_000],
  scattered: [1_000, 10_000, 100_000],
};

/** At most 3× worse than linear from one size to the next tenfold size. */
const GOAL_FACTOR = 3;

interface Timing {
  ms: number;
  /** Set when the case ran out of time or failed; `ms` is then a lower bound. */
  failed?: string;
}

/** Cases up to this size run this many times and keep the fastest: a shared machine adds only delay. */
const REPEAT_UP_TO = 10_000;
const REPEATS = 3;

function bestOf(runs: number, command: CliCommand, file: string, timeoutMs: number): Timing {
  let best: Timing | undefined;
  for (let i = 0; i < runs; i++) {
    const t = timeCase(command, file, timeoutMs);
    if (t.failed) return t;
    if (!best || t.ms < best.ms) best = t;
  }
  return best!;
}

function timeCase(command: CliCommand, file: string, timeoutMs: number): Timing {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join('bench', 'cli-case.ts'), command, '-f', file, '--node', BENCH_NODE],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.error || run.status !== 0) {
    const timedOut = run.signal === 'SIGTERM';
    return { ms: timeoutMs, failed: timedOut ? 'timeout' : `${run.stderr}`.trim().split('\n')[0] };
  }
  const result = JSON.parse(run.stdout) as { ms: number; exit: number; stderr: string };
  if (result.exit !== 0) return { ms: result.ms, failed: `exit ${result.exit}: ${result.stderr}` };
  return { ms: result.ms };
}

function seconds(t: Timing): string {
  if (t.failed === 'timeout') return `> ${(t.ms / 1000).toFixed(0)} s`;
  if (t.failed) return t.failed === 'skipped' ? 'skipped' : 'failed';
  return `${(t.ms / 1000).toFixed(2)} s`;
}

/** `t` against the same command one size smaller; a timeout is a lower bound. */
function ratio(t: Timing, base: Timing): string {
  if (t.failed && t.failed !== 'timeout') return '-';
  const r = t.ms / base.ms;
  return t.failed ? `> ${r.toFixed(0)}×` : `${r.toFixed(1)}×`;
}

export interface CliSuiteOptions {
  shapes: CliShape[];
  timeoutMs: number;
}

export function runCliSuite(options: CliSuiteOptions): void {
  const dir = mkdtempSync(join(tmpdir(), 'frrk8s-bench-cli-'));
  const rows: string[][] = [];
  let withinGoal = true;
  try {
    for (const shape of options.shapes) {
      const previous = new Map<CliCommand, Timing>();
      for (const n of CLI_SIZES[shape]) {
        const file = writeCliInput(dir, shape, n);
        const row = [shape, n.toLocaleString('en-US')];
        const times = new Map<CliCommand, Timing>();
        for (const command of CLI_COMMANDS) {
          const before = previous.get(command);
          // Once a size fails or runs out of time, ten times more would too.
          const t: Timing = before?.failed
            ? { ms: NaN, failed: 'skipped' }
            : bestOf(n <= REPEAT_UP_TO ? REPEATS : 1, command, file, options.timeoutMs);
          const why = t.failed && t.failed !== 'timeout' && t.failed !== 'skipped' ? ` (${t.failed})` : '';
          console.log(`${shape} ${n} ${command}: ${seconds(t)}${why}`);
          if (before && (t.failed || t.ms / before.ms > 10 * GOAL_FACTOR)) withinGoal = false;
          row.push(seconds(t), before ? ratio(t, before) : 'baseline');
          times.set(command, t);
          previous.set(command, t);
        }
        const [render, explain] = [times.get('render')!, times.get('explain')!];
        row.push(render.failed || explain.failed ? '-' : `${(explain.ms / render.ms).toFixed(1)}×`);
        rows.push(row);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nCLI scaling: time of main() in a fresh process (best of ${REPEATS} up to ${REPEAT_UP_TO.toLocaleString('en-US')}); each step is tenfold (linear 10×, goal ≤ ${10 * GOAL_FACTOR}×)`,
  );
  const header = ['input', 'size', 'render', 'step', 'explain', 'step', 'explain ÷ render'];
  console.log(header.join(' | '));
  for (const r of rows) console.log(r.join(' | '));
  console.log(withinGoal ? 'every step is within 3× of linear' : 'NOT every step is within 3× of linear');
}
