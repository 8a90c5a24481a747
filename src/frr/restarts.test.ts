// The restart watcher against a fake socket directory: pid files and vty sockets (plain files here)
// that a test rewrites the way a restarting daemon does.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { identity, watchRestarts } from './restarts.ts';

let dir: string;
let starts = 0;

/**
 * A daemon "starts": new pid file and new socket, with a pid that exists (ours or our parent's, in
 * turn, so the identity changes even if the file system reuses the inode at once).
 */
function start(daemon: string): void {
  for (const f of [`${daemon}.pid`, `${daemon}.vty`]) rmSync(join(dir, f), { force: true });
  const pid = starts++ % 2 === 0 ? process.pid : process.ppid;
  writeFileSync(join(dir, `${daemon}.pid`), `${pid}\n`);
  writeFileSync(join(dir, `${daemon}.vty`), '');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frrk8s-restarts-'));
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('identity', () => {
  it('is undefined without a pid file, with a dead pid, or before the socket exists', () => {
    expect(identity(dir, 'bgpd')).toBeUndefined();
    writeFileSync(join(dir, 'bgpd.pid'), '999999999\n');
    writeFileSync(join(dir, 'bgpd.vty'), '');
    expect(identity(dir, 'bgpd')).toBeUndefined();
    writeFileSync(join(dir, 'bgpd.pid'), `${process.pid}\n`);
    unlinkSync(join(dir, 'bgpd.vty'));
    expect(identity(dir, 'bgpd')).toBeUndefined();
  });

  it('changes when the daemon starts again', () => {
    start('bgpd');
    const first = identity(dir, 'bgpd');
    expect(first).toBeDefined();
    start('bgpd');
    expect(identity(dir, 'bgpd')).not.toBe(first);
  });
});

describe('watchRestarts', () => {
  const daemons = ['zebra', 'bgpd'];

  it('does not fire for what already runs, fires once per restart after it settles', () => {
    start('zebra');
    start('bgpd');
    const cb = vi.fn();
    const stop = watchRestarts({ vtySocketDir: dir, daemons, intervalMs: 100 }, cb);
    vi.advanceTimersByTime(500);
    expect(cb).not.toHaveBeenCalled();

    start('bgpd');
    vi.advanceTimersByTime(100); // sees the change
    expect(cb).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100); // unchanged for a poll: settled
    expect(cb).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(cb).toHaveBeenCalledTimes(1);

    stop();
    start('bgpd');
    vi.advanceTimersByTime(1000);
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('reports daemons restarting one after the other as one restart', () => {
    start('zebra');
    start('bgpd');
    const cb = vi.fn();
    const stop = watchRestarts({ vtySocketDir: dir, daemons, intervalMs: 100 }, cb);
    start('zebra');
    vi.advanceTimersByTime(100);
    start('bgpd');
    vi.advanceTimersByTime(100);
    expect(cb).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(cb).toHaveBeenCalledTimes(1);
    stop();
  });

  it('waits while a daemon is down and fires when it is back', () => {
    start('zebra');
    start('bgpd');
    const cb = vi.fn();
    const stop = watchRestarts({ vtySocketDir: dir, daemons, intervalMs: 100 }, cb);
    writeFileSync(join(dir, 'bgpd.pid'), '999999999\n'); // killed: the pid file stays, the process is gone
    vi.advanceTimersByTime(1000);
    expect(cb).not.toHaveBeenCalled();
    start('bgpd');
    vi.advanceTimersByTime(200);
    expect(cb).toHaveBeenCalledTimes(1);
    stop();
  });

  it('fires when FRR starts after the watcher', () => {
    const cb = vi.fn();
    const stop = watchRestarts({ vtySocketDir: dir, daemons, intervalMs: 100 }, cb);
    vi.advanceTimersByTime(300);
    start('zebra');
    start('bgpd');
    vi.advanceTimersByTime(200);
    expect(cb).toHaveBeenCalledTimes(1);
    stop();
  });
});
