// The safety nets of the environment: an interrupted run cleans up after itself (signal handlers),
// and a run killed outright (SIGKILL) is swept by the next one — without touching live runs.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listNetns, processStartTime, sweepStaleRuns, tierGate, waitFor } from './env/index.ts';

const gate = tierGate('frr'); // needs root and iproute2, like the FRR lab
const FIXTURE = fileURLToPath(new URL('./fixtures/abandoned-run.ts', import.meta.url));

interface Made {
  id: string;
  dir: string;
  ns: string;
  pids: number[];
}

// A killed orphan may linger as a zombie until init reaps it; that counts as gone.
const alive = (pid: number): boolean => processStartTime(pid) !== undefined;

let child: ChildProcess | undefined;

/** Starts the fixture and resolves with what it created. */
async function startAbandonedRun(): Promise<Made> {
  child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const proc = child;
  const lines = createInterface({ input: proc.stdout! });
  const made = await new Promise<Made>((resolve, reject) => {
    lines.once('line', (l) => resolve(JSON.parse(l) as Made));
    proc.once('exit', (code) => reject(new Error(`fixture exited early (${String(code)})`)));
  });
  lines.close();
  // Everything exists before we interrupt it: the checks below cannot pass vacuously.
  expect(listNetns()).toContain(made.ns);
  expect(made.pids.every(alive)).toBe(true);
  expect(existsSync(made.dir)).toBe(true);
  return made;
}

function expectGone(made: Made): void {
  expect(listNetns()).not.toContain(made.ns);
  expect(made.pids.filter(alive)).toEqual([]);
  expect(existsSync(made.dir)).toBe(false);
}

describe.skipIf(gate.skip)('environment cleanup', () => {
  afterEach(() => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    sweepStaleRuns();
  });

  it('a live run is left alone by the sweep of another process', async () => {
    const made = await startAbandonedRun();
    const swept = sweepStaleRuns();
    expect(swept.runs).not.toContain(made.id);
    expect(listNetns()).toContain(made.ns);
    expect(made.pids.every(alive)).toBe(true);
  });

  it('SIGTERM: the interrupted process stops its processes and removes its namespace itself', async () => {
    const made = await startAbandonedRun();
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    await exited;
    expectGone(made);
  });

  it('SIGKILL: the next run sweeps what the killed one left behind', async () => {
    const made = await startAbandonedRun();
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
    // Nothing ran to clean up: the leftovers are really there...
    expect(listNetns()).toContain(made.ns);
    expect(made.pids.every(alive)).toBe(true);
    // ...until the next run's sweep.
    const swept = sweepStaleRuns();
    expect(swept.runs).toContain(made.id);
    await waitFor('swept processes to be reaped', () => made.pids.every((p) => !alive(p)), {
      timeoutMs: 5000,
    });
    expectGone(made);
  });
});
