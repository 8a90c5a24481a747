// Makes FRR run a file, given its difference from the running configuration, and judges the result.
//
// Why not just `frr-reload.py --reload` (upstream's way): it deletes lines one `vtysh -c` at a time
// (≈31 ms each here, more under load: withdrawing 100 prefixes took ≈4 s), reads the running
// configuration twice more, and adds a `network` before the prefix-list entry that permits it, so
// FRR 8.4 can hold the new prefix back until `bgp route-map delay-timer` fires (5 s). The batched
// strategy applies the difference computed by `frr-reload.py --test` in one `vtysh -f`, ordered (see
// applyOrder), then confirms it cheaply; frr-reload.py --reload stays the fallback for what that
// leaves, and the final judge is always a fresh comparison with the file.
import { readFileSync, rmSync } from 'node:fs';
import { redact } from '../core/redact.ts';
import type { Logger } from '../log.ts';
import { applyOrder, counts, describeChange, isEmpty, toVtyshFile, type Diff } from './diff.ts';
import { inboundRefreshTargets, refreshCommand } from './inbound-refresh.ts';
import { daemonMessages } from './refusals.ts';
import type { ReloadScript } from './reload-script.ts';
import { confirmedBy, removesOnlyItself, runningPaths } from './running-check.ts';
import type { Steps } from './steps.ts';
import type { Vtysh } from './vtysh.ts';
import { writeWorkFile } from './work-dir.ts';

export type Strategy = 'batched' | 'frr-reload';

/** How an attempt to make FRR run a file ended (with the running configuration, when it was read). */
export type Outcome = { ok: true; running?: string } | { ok: false; error: string[] };

/** Daemons to give the whole file before diffing: some, or all (we never configured this FRR). */
export type Fresh = string[] | 'all';

export const noneFresh = (fresh: Fresh): boolean => fresh !== 'all' && fresh.length === 0;

export interface ConvergeDeps {
  vtysh: Vtysh;
  script: ReloadScript;
  workDir: string;
  strategy: Strategy;
  logger?: Logger;
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export async function converge(
  deps: ConvergeDeps,
  steps: Steps,
  file: string,
  diff: Diff,
  fresh: Fresh,
): Promise<Outcome> {
  const outcome = await convergeFile(deps, steps, file, diff, fresh);
  if (outcome.ok) await refreshInbound(deps, steps, file, diff);
  return outcome;
}

/**
 * Asks the peers whose inbound policy changed to send their routes again (inbound-refresh.ts), so a
 * widened `toReceive` takes effect now rather than when FRR's route-map timer fires. Best effort: if
 * it fails, that timer still does it a few seconds later.
 */
async function refreshInbound(deps: ConvergeDeps, steps: Steps, file: string, diff: Diff): Promise<void> {
  const targets = inboundRefreshTargets(readFileSync(file, 'utf8'), diff.changes);
  if (targets.length === 0) return;
  try {
    await steps.run('refresh', () => deps.vtysh.commands(targets.map(refreshCommand)));
  } catch (err) {
    deps.logger?.warn(
      { err: redact(String(err)), sessions: targets.length },
      'FRR: could not ask peers to resend their routes; they are re-read when the route-map timer fires',
    );
  }
}

async function convergeFile(
  deps: ConvergeDeps,
  steps: Steps,
  file: string,
  diff: Diff,
  fresh: Fresh,
): Promise<Outcome> {
  if (!noneFresh(fresh)) {
    const loaded = await loadWhole(deps, steps, file, fresh);
    if (!loaded.ok) return loaded;
    const after = await steps.run('test', () => deps.script.test(file));
    if (!after.ok) return { ok: false, error: after.error };
    diff = after.diff;
    if (isEmpty(diff)) return { ok: true };
  }
  if (deps.strategy === 'batched') {
    const batch = await applyBatch(deps, steps, diff);
    if (!batch.ok) return batch;
    if (batch.clean && diff.changes.every(removesOnlyItself)) {
      const running = await steps.run('check', () => deps.vtysh.showRunning().catch(() => undefined));
      if (running !== undefined && confirmedBy(runningPaths(running), diff.changes))
        return { ok: true, running };
    }
    const left = await steps.run('verify', () => deps.script.test(file));
    if (!left.ok) return { ok: false, error: left.error };
    if (isEmpty(left.diff)) return { ok: true };
    // Something the batch could not do in one go (a deletion that took other lines with it, a `no`
    // form FRR wants shorter): FRR's own tool handles those, and the check below judges the result.
    deps.logger?.debug(counts(left.diff), 'FRR: batch left a difference; running frr-reload.py');
  }
  const reload = await steps.run('frr-reload', () => deps.script.reload(file));
  if (!reload.ok) return { ok: false, error: ['frr-reload.py failed:', ...reload.error] };
  return verify(deps, steps, file);
}

/**
 * Gives daemons that lost (or never had) our configuration all of it, additively, as watchfrr does
 * after a restart; lines they already hold are left as they are, and the diff then removes the rest.
 * A refusal here is not final: loading on top of a different configuration can trip over an order
 * the diff gets right (deleting first); the check after the diff judges the result.
 */
async function loadWhole(deps: ConvergeDeps, steps: Steps, file: string, fresh: Fresh): Promise<Outcome> {
  for (const daemon of fresh === 'all' ? [undefined] : fresh) {
    const r = await steps.run(`load ${daemon ?? 'all'}`, () => deps.vtysh.applyFile(file, daemon));
    if (r.exec.code === null) return { ok: false, error: [r.exec.failure ?? 'vtysh did not finish'] };
    if (r.refusals.length > 0) {
      const said = r.refusals.map((x) => `line ${x.line}: ${x.message}`).join('\n');
      deps.logger?.warn(
        { daemon: daemon ?? 'all', refused: redact(said) },
        'FRR refused lines of a full load',
      );
    }
  }
  return { ok: true };
}

/**
 * The whole difference in one `vtysh -f`, in dependency order. `clean` when vtysh reported nothing at
 * all (then a look at the running configuration can confirm the result).
 */
async function applyBatch(
  deps: ConvergeDeps,
  steps: Steps,
  diff: Diff,
): Promise<{ ok: true; clean: boolean } | { ok: false; error: string[] }> {
  const plan = toVtyshFile(applyOrder(diff));
  const file = writeWorkFile(deps.workDir, 'difference.conf', plan.text);
  try {
    const r = await steps.run('batch', () => deps.vtysh.applyFile(file));
    if (r.exec.code === null) return { ok: false, error: [r.exec.failure ?? 'vtysh did not finish'] };
    // A refused deletion is judged by the check that follows (the line may simply be gone already);
    // a refused addition is a line of the configuration FRR will not run.
    const refused = r.refusals
      .map((x) => ({ ...x, change: plan.owner[x.line - 1] }))
      .filter((x) => x.change === undefined || x.change.kind === 'add');
    if (refused.length === 0) return { ok: true, clean: r.exec.code === 0 && r.refusals.length === 0 };
    return {
      ok: false,
      error: [
        `FRR refused ${plural(refused.length, 'line')}:`,
        ...refused.map((x) => (x.change ? `${describeChange(x.change)}: ${x.message}` : x.message)),
        ...daemonMessages(r.exec.stdout),
      ],
    };
  } finally {
    rmSync(file, { force: true });
  }
}

/** Every line of the file must now run; lines FRR keeps although the file lacks them are tolerated. */
async function verify(deps: ConvergeDeps, steps: Steps, file: string): Promise<Outcome> {
  const left = await steps.run('verify', () => deps.script.test(file));
  if (!left.ok) return { ok: false, error: left.error };
  const missing = left.diff.changes.filter((c) => c.kind === 'add');
  if (missing.length > 0) {
    return {
      ok: false,
      error: [
        `FRR did not take ${plural(missing.length, 'line')} (not in its running configuration afterwards):`,
        ...missing.map(describeChange),
      ],
    };
  }
  if (left.diff.changes.length > 0) {
    deps.logger?.warn({ lines: left.diff.changes.length }, 'FRR keeps lines the configuration does not have');
  }
  return { ok: true };
}
