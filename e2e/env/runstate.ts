// Per-run bookkeeping so that nothing outlives a test run, even one that was killed.
//
// Every run (one API server environment or one topology) owns a directory under STATE_ROOT holding
// its temporary files and a record of the processes it started. Its network namespaces carry the
// run's unique prefix. Cleanup happens in three layers:
//   1. the owner stops things in order (Run.close, called from afterAll / stop());
//   2. exit and signal handlers in the owning process close whatever is still open (synchronously);
//   3. the next run sweeps runs whose owner process is gone (SIGKILL, OOM, a crashed worker).

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSameProcessAlive, processStartTime } from './procfs.ts';

/**
 * Where run directories live; override with FRRK8S_E2E_STATE. As root (the only way to make
 * namespaces) it is one fixed, machine-wide place, like the namespaces themselves: every run sees
 * every other run's record, whatever its TMPDIR, so the sweep never mistakes a live run's
 * namespaces for orphans.
 */
export const STATE_ROOT =
  process.env['FRRK8S_E2E_STATE'] ??
  (process.getuid?.() === 0
    ? '/run/frrk8s-e2e'
    : join(tmpdir(), `frrk8s-e2e-${process.getuid?.() ?? 'user'}`));

/** Namespace names of every run look like `fk<id>-<role>`; the id is 5 base-36 characters. */
const NETNS_PATTERN = /^fk([0-9a-z]{5})-/;

interface Owner {
  pid: number;
  start: string;
}

interface TrackedProcess extends Owner {
  name: string;
}

const openRuns = new Set<Run>();
let handlersInstalled = false;

export class Run {
  /** Short unique id, e.g. `k3x9a`. */
  readonly id: string;
  /** Prefix for namespace names, e.g. `fkk3x9a`; names are `${prefix}-${role}`. */
  readonly prefix: string;
  /** Private directory for this run's files (world-traversable so FRR's user can reach its dirs). */
  readonly dir: string;
  private closed = false;

  private constructor(id: string) {
    this.id = id;
    this.prefix = `fk${id}`;
    this.dir = join(STATE_ROOT, id);
  }

  /** Sweeps leftovers of dead runs, then creates a fresh run owned by this process. */
  static create(): Run {
    installHandlers();
    sweepStaleRuns();
    mkdirSync(STATE_ROOT, { recursive: true, mode: 0o755 });
    chmodSync(STATE_ROOT, 0o755);
    for (;;) {
      const id = randomBytes(8).readBigUInt64BE().toString(36).slice(-5).padStart(5, '0');
      const run = new Run(id);
      // Write the owner record in a staging dir and rename it into place, so a concurrent sweep
      // never sees a run directory without its owner and mistakes it for a dead one.
      const staging = join(STATE_ROOT, `.new-${id}-${process.pid}`);
      mkdirSync(join(staging, 'pids'), { recursive: true, mode: 0o755 });
      chmodSync(staging, 0o755);
      const owner: Owner = { pid: process.pid, start: mustStart(process.pid) };
      writeFileSync(join(staging, 'owner.json'), JSON.stringify(owner));
      try {
        renameSync(staging, run.dir);
      } catch {
        rmSync(staging, { recursive: true, force: true });
        continue; // id taken by another live run: draw again
      }
      openRuns.add(run);
      return run;
    }
  }

  /** Records a process so that cleanup can stop it later even if this process dies. */
  track(name: string, pid: number): void {
    const start = processStartTime(pid);
    if (start === undefined) return; // already gone
    const rec: TrackedProcess = { name, pid, start };
    writeFileSync(join(this.dir, 'pids', String(pid)), JSON.stringify(rec));
  }

  untrack(pid: number): void {
    rmSync(join(this.dir, 'pids', String(pid)), { force: true });
  }

  /**
   * The cgroup, relative to each hierarchy's root, under which this run's containers (runc) put
   * theirs; cleanup removes it, so a killed run leaves no empty cgroups behind.
   */
  get cgroupParent(): string {
    return `/${CGROUP_DIR}/${this.id}`;
  }

  /** Namespace name for a role in this run (kept short: ip and the kernel like short names). */
  netnsName(role: string): string {
    return `${this.prefix}-${role}`;
  }

  /**
   * Stops everything still recorded for this run and removes its namespaces and directory.
   * Synchronous so it can run from exit and signal handlers. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    openRuns.delete(this);
    cleanupRunDir(this.id);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function mustStart(pid: number): string {
  const start = processStartTime(pid);
  if (start === undefined) throw new Error(`cannot read /proc/${pid}/stat`);
  return start;
}

/** Runs `ip` synchronously; returns stdout, or undefined if it failed. */
function ipSync(args: string[]): string | undefined {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Names of all network namespaces (from `ip netns list`, whose lines are `name [(id: N)]`). */
export function listNetns(): string[] {
  const out = ipSync(['netns', 'list']) ?? '';
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** PIDs of processes inside a namespace. */
function netnsPids(ns: string): number[] {
  const out = ipSync(['netns', 'pids', ns]) ?? '';
  return out
    .split('\n')
    .filter((s) => s.trim() !== '')
    .map(Number);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * SIGTERM to every listed process, up to `graceMs` for them to exit, then SIGKILL to the rest.
 * Only processes whose start time still matches are touched.
 */
export function killProcessesSync(procs: Owner[], graceMs = 3000): void {
  const alive = (p: Owner): boolean => isSameProcessAlive(p.pid, p.start);
  const signal = (p: Owner, sig: NodeJS.Signals): void => {
    try {
      if (alive(p)) process.kill(p.pid, sig);
    } catch {
      // already gone
    }
  };
  procs.forEach((p) => signal(p, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  while (procs.some(alive) && Date.now() < deadline) sleepSync(50);
  procs.forEach((p) => signal(p, 'SIGKILL'));
  const killDeadline = Date.now() + 2000;
  while (procs.some(alive) && Date.now() < killDeadline) sleepSync(20);
}

/** Kills whatever runs inside a namespace, then deletes it. */
export function deleteNetnsSync(ns: string): void {
  const procs = netnsPids(ns).flatMap((pid) => {
    const start = processStartTime(pid);
    return start === undefined ? [] : [{ pid, start }];
  });
  killProcessesSync(procs);
  ipSync(['netns', 'delete', ns]);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function cleanupRunDir(id: string): void {
  const dir = join(STATE_ROOT, id);
  let pidFiles: string[] = [];
  try {
    pidFiles = readdirSync(join(dir, 'pids'));
  } catch {
    // no pids recorded
  }
  const procs = pidFiles.flatMap((f) => readJson<TrackedProcess>(join(dir, 'pids', f)) ?? []);
  killProcessesSync(procs);
  for (const ns of listNetns()) {
    if (ns.startsWith(`fk${id}-`)) deleteNetnsSync(ns);
  }
  removeCgroupsOf(id);
  rmSync(dir, { recursive: true, force: true });
}

const CGROUP_ROOT = '/sys/fs/cgroup';
const CGROUP_DIR = 'frrk8s-e2e';

/** Removes a cgroup and those below it, deepest first (a cgroup goes once it holds no process). */
function removeCgroupTree(dir: string): void {
  if (!existsSync(dir)) return; // not there in this hierarchy
  for (const child of childDirs(dir)) removeCgroupTree(join(dir, child));
  try {
    rmdirSync(dir);
  } catch {
    // still busy: the next sweep tries again
  }
}

/** Names of the directories in `dir` (none if it is missing). */
function childDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** Every cgroup hierarchy's root: one per controller on cgroup v1, the mount itself on v2. */
function cgroupHierarchies(): string[] {
  return [CGROUP_ROOT, ...childDirs(CGROUP_ROOT).map((h) => join(CGROUP_ROOT, h))];
}

/** The run's cgroups in every hierarchy. */
function removeCgroupsOf(id: string): void {
  for (const h of cgroupHierarchies()) removeCgroupTree(join(h, CGROUP_DIR, id));
}

function ownerAlive(id: string): boolean {
  const owner = readJson<Owner>(join(STATE_ROOT, id, 'owner.json'));
  return owner !== undefined && isSameProcessAlive(owner.pid, owner.start);
}

/**
 * Cleans up after runs whose owning process is gone, and deletes namespaces with our naming
 * pattern that no live run claims (e.g. their state dir was removed by hand). Returns what it swept.
 */
export function sweepStaleRuns(): { runs: string[]; netns: string[] } {
  const swept = { runs: [] as string[], netns: [] as string[] };
  let entries: string[] = [];
  try {
    entries = readdirSync(STATE_ROOT);
  } catch {
    // nothing there yet
  }
  const live = new Set<string>();
  for (const entry of entries) {
    if (entry.startsWith('.new-')) {
      // A staging dir whose creator died between mkdir and rename.
      const pid = Number(entry.split('-').at(-1));
      if (!Number.isInteger(pid) || processStartTime(pid) === undefined) {
        rmSync(join(STATE_ROOT, entry), { recursive: true, force: true });
      }
      continue;
    }
    if (ownerAlive(entry)) {
      live.add(entry);
      continue;
    }
    cleanupRunDir(entry);
    swept.runs.push(entry);
  }
  for (const ns of listNetns()) {
    const m = NETNS_PATTERN.exec(ns);
    if (m?.[1] !== undefined && !live.has(m[1])) {
      deleteNetnsSync(ns);
      swept.netns.push(ns);
    }
  }
  // Container cgroups of runs whose directory is gone (removed by hand, or a cleanup cut short).
  for (const id of new Set(cgroupHierarchies().flatMap((h) => childDirs(join(h, CGROUP_DIR))))) {
    if (!live.has(id)) removeCgroupsOf(id);
  }
  return swept;
}

/** Closes every run this process still has open. */
export function closeAllRunsSync(): void {
  for (const run of [...openRuns]) run.close();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', closeAllRunsSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      closeAllRunsSync();
      // Re-raise with default behaviour so the exit status still says "killed by signal".
      process.kill(process.pid, sig);
    });
  }
}
