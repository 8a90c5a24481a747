// Nothing outlives the cluster tier: a run interrupted (SIGTERM) cleans up after itself, and a run
// killed outright (SIGKILL) is swept by the next one — processes (containerd, kubelet, shims, the
// pod's containers), namespaces, mounts, cgroups, pod logs and the nodes' state on disk.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listNetns, processStartTime, waitFor } from '../env/index.ts';
import { clusterGate } from './prereqs.ts';
import { KUBELET_FIXED_DIRS, sweepClusterState } from './state.ts';

const gate = clusterGate();
const FIXTURE = fileURLToPath(new URL('./fixtures/abandoned-cluster.ts', import.meta.url));

interface Made {
  id: string;
  dir: string;
  runDir: string;
  namespaces: string[];
  pids: number[];
  containers: string[];
  podUid: string;
}

const alive = (pid: number): boolean => processStartTime(pid) !== undefined;
const mountsMentioning = (s: string): string[] =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l.includes(s));
/** The containers' cgroups that still exist, in any hierarchy. */
const cgroupsOf = (ids: string[]): string[] =>
  readdirSync('/sys/fs/cgroup').flatMap((c) =>
    ids.map((id) => `/sys/fs/cgroup/${c}/k8s.io/${id}`).filter((p) => existsSync(p)),
  );
const podLogs = (uid: string): string[] => {
  try {
    return readdirSync('/var/log/pods').filter((d) => d.endsWith(`_${uid}`));
  } catch {
    return [];
  }
};

/** kubelet's fixed directories that exist now (the tier must leave them as it found them). */
const fixedDirs = (): string[] => KUBELET_FIXED_DIRS.filter((d) => existsSync(d));

let child: ChildProcess | undefined;
let fixedBefore: string[] = [];

async function startAbandonedCluster(): Promise<Made> {
  fixedBefore = fixedDirs();
  child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const proc = child;
  const lines = createInterface({ input: proc.stdout! });
  const made = await new Promise<Made>((resolve, reject) => {
    lines.on('line', (l) => {
      if (l.startsWith('{')) resolve(JSON.parse(l) as Made);
    });
    proc.once('exit', (code) => reject(new Error(`fixture exited early (${String(code)})`)));
  });
  lines.close();
  // Everything exists before we interrupt it, so the checks below cannot pass vacuously.
  for (const ns of made.namespaces) expect(listNetns()).toContain(ns);
  expect(made.pids.length).toBeGreaterThan(4);
  expect(made.pids.every(alive)).toBe(true);
  expect(existsSync(made.dir)).toBe(true);
  // The sandbox and the container, each with its cgroup.
  expect(made.containers).toHaveLength(2);
  expect(cgroupsOf(made.containers).length).toBeGreaterThan(1);
  expect(podLogs(made.podUid)).toHaveLength(1);
  return made;
}

async function expectGone(made: Made): Promise<void> {
  await waitFor('every process to be gone', () => made.pids.every((p) => !alive(p)), { timeoutMs: 10_000 });
  for (const ns of made.namespaces) expect(listNetns()).not.toContain(ns);
  expect(existsSync(made.dir)).toBe(false);
  expect(existsSync(made.runDir)).toBe(false);
  expect(mountsMentioning(made.dir)).toEqual([]);
  expect(cgroupsOf(made.containers)).toEqual([]);
  expect(podLogs(made.podUid)).toEqual([]);
  expect(fixedDirs()).toEqual(fixedBefore);
}

describe.skipIf(gate.skip)('cluster tier cleanup', () => {
  afterEach(() => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    sweepClusterState();
  });

  it('SIGTERM: the interrupted run stops its nodes and removes everything itself', async () => {
    const made = await startAbandonedCluster();
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    await exited;
    await expectGone(made);
  });

  it('SIGKILL: the next run sweeps what the killed one left behind', async () => {
    const made = await startAbandonedCluster();
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
    expect(made.pids.every(alive)).toBe(true);
    expect(existsSync(made.dir)).toBe(true);
    expect(sweepClusterState()).toContain(made.id);
    await expectGone(made);
  });
});
