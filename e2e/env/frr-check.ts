// Loads a configuration into running FRR daemons and reports what FRR did not take: lines it refused
// (vtysh exits 0 even when a daemon rejects a line, so its output is read) and lines that are not in
// the running configuration afterwards, as frr-reload.py sees it (a line FRR stores differently from
// how we wrote it would be re-applied on every reload).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrrInstance } from './frr.ts';

export interface FrrCheck {
  /** Lines vtysh or a daemon refused, as vtysh reported them. */
  refused: string[];
  /** Lines of the file missing from the running configuration afterwards (frr-reload.py "Lines To Add"). */
  notRunning: string[];
}

/** The lines `vtysh -f` reports as refused. */
export function refusedLines(vtyshOutput: string): string[] {
  return (
    vtyshOutput
      .split('\n')
      .map((l) => l.trim())
      // Refusals are reported as `line N: …`; other `%` lines are advice (e.g. about BFD echo mode).
      .filter((l) => /^line \d+:/.test(l))
  );
}

export function linesToAdd(reloadOutput: string): string[] {
  const start = reloadOutput.indexOf('Lines To Add');
  if (start < 0) return [];
  return reloadOutput
    .slice(start)
    .split('\n')
    .slice(2)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

/**
 * frr-reload.py prints a line to add with its parent context lines before it (`router bgp 1` then
 * ` neighbor …`); only the deepest, indented lines are what is missing.
 */
export function leafLines(lines: readonly string[]): string[] {
  return lines.filter((l, i) => {
    const depth = l.length - l.trimStart().length;
    const next = lines[i + 1];
    return next === undefined || next.length - next.trimStart().length <= depth;
  });
}

export function checkInFrr(frr: FrrInstance, text: string, name = 'check.conf'): FrrCheck {
  const file = join(frr.paths.base, name);
  writeFileSync(file, text);
  const vtysh = frr.command('vtysh', ['--vty_socket', frr.paths.run, '-f', file]);
  const apply = spawnSync(vtysh.cmd, vtysh.args, { encoding: 'utf8', timeout: 120_000 });
  const refused = refusedLines(`${apply.stdout}\n${apply.stderr}`);
  if (apply.status !== 0 && refused.length === 0)
    refused.push(`vtysh exited ${apply.status}: ${apply.stderr.trim()}`);
  const reload = frr.command('frr-reload.py', [
    '--test',
    '--stdout',
    '--vty_socket',
    frr.paths.run,
    '--confdir',
    frr.paths.etc,
    file,
  ]);
  const test = spawnSync(reload.cmd, reload.args, { encoding: 'utf8', timeout: 120_000 });
  if (test.status !== 0)
    refused.push(`frr-reload.py --test exited ${test.status}: ${test.stderr.trim().split('\n').pop()}`);
  return { refused, notRunning: leafLines(linesToAdd(test.stdout)) };
}
