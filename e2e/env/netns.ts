// Thin wrappers over iproute2 for namespaces and links. All addresses the tests use are assigned
// inside namespaces they created, so no test traffic ever leaves those namespaces.

import { run } from './exec.ts';
import { deleteNetnsSync, listNetns } from './runstate.ts';

export async function addNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'add', name]);
  // Loopback up (BGP router-ids and local sockets use it), and no duplicate address detection:
  // addresses here are unique by construction, and DAD would delay IPv6 sessions by seconds.
  await ip(name, ['link', 'set', 'lo', 'up']);
  await execIn(name, 'sysctl', [
    '-q',
    '-w',
    'net.ipv6.conf.all.accept_dad=0',
    'net.ipv6.conf.default.accept_dad=0',
  ]);
}

/** `ip -n NS ARGS...` */
export async function ip(ns: string, args: string[]): Promise<string> {
  return (await run('ip', ['-n', ns, ...args])).stdout;
}

/** Runs a program inside a namespace (`ip netns exec`), without a shell. */
export async function execIn(ns: string, cmd: string, args: string[], timeoutMs?: number): Promise<string> {
  return (await run('ip', ['netns', 'exec', ns, cmd, ...args], timeoutMs)).stdout;
}

/**
 * A veth pair whose ends are created directly inside their namespaces, so no interface ever exists
 * in the host namespace (nothing to collide with, nothing to leak).
 */
export async function addVeth(nsA: string, ifA: string, nsB: string, ifB: string): Promise<void> {
  await run('ip', ['link', 'add', ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
}

/** Deletes a namespace after killing anything still running inside it. */
export function deleteNetns(name: string): void {
  deleteNetnsSync(name);
}

export function netnsExists(name: string): boolean {
  return listNetns().includes(name);
}

export { listNetns };
