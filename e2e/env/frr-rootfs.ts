// Running a lab FRR instance from another root filesystem: the container image's, whose FRR (10.3,
// Debian trixie) differs from the machine's (8.4). Each daemon and each vtysh runs chrooted in its own
// mount namespace (`ip netns exec` makes one; `unshare -m` where no network namespace is needed), so
// the mounts it needs vanish with it and one unpacked image serves any number of instances — and any
// number of test files: the root filesystem is the run's shared image (e2e/image/shared-image.ts), so
// it is remounted read-only inside that namespace, and what FRR writes goes to the instance's own dirs:
//   - /proc, which the daemons read;
//   - the instance's host directory at /mnt, so the paths it is given stay its own;
//   - its socket directory also at /run/frr: FRR 10's mgmtd puts its sockets there whatever
//     --vty_socket says, and the other daemons and vtysh look for them there;
//   - a scratch dir of its own at each place the DaemonSet gives FRR a writable volume (WRITABLE).
// The namespaces are private (`ip netns exec` makes / a slave, `unshare` makes it private), so none of
// these mounts shows outside; they go when the last process inside exits — after a SIGKILL of the
// test, when the run-state sweep kills what runs in the run's network namespaces.
import { chmodSync, chownSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the instance's directory appears inside the root filesystem. */
const INNER_BASE = '/mnt';

/** The root filesystem's paths FRR writes to (the DaemonSet's emptyDirs), each backed by `<base>/scratch/<path>`. */
export const WRITABLE = ['tmp', 'var/tmp/frr', 'var/lib/frr', 'var/log/frr'] as const;

const ENTER = [
  'set -e',
  'r=$1 b=$2',
  'shift 2',
  'mount --bind "$r" "$r"',
  'mount -o remount,bind,ro "$r"',
  'mount -t proc proc "$r/proc"',
  'mount --bind "$b" "$r/mnt"',
  'mount --bind "$b/run" "$r/run/frr"',
  `for d in ${WRITABLE.join(' ')}; do mount --bind "$b/scratch/$d" "$r/$d"; done`,
  'exec chroot "$r" "$@"',
].join('\n');

/** Makes the instance's scratch dirs behind WRITABLE, owned by `user` (/tmp open to all, as /tmp is). */
export function prepareScratch(base: string, user: { uid: number; gid: number }): void {
  for (const d of WRITABLE) {
    const dir = join(base, 'scratch', d);
    mkdirSync(dir, { recursive: true });
    if (d === 'tmp') chmodSync(dir, 0o1777);
    else chownSync(dir, user.uid, user.gid);
  }
}

/**
 * The host command that runs `argv` inside `rootfs` for the instance whose directory is `base`,
 * in network namespace `ns` when given. Host paths under `base` in `argv` are rewritten to what the
 * chrooted program sees. Every step execs, so the PID of the returned command is the program's.
 */
export function chrooted(
  rootfs: string,
  base: string,
  ns: string | undefined,
  argv: readonly string[],
): { cmd: string; args: string[] } {
  const inner = argv.map((a) => a.split(base).join(INNER_BASE));
  const enter = ['sh', '-c', ENTER, 'sh', rootfs, base, ...inner];
  return ns === undefined
    ? { cmd: 'unshare', args: ['-m', ...enter] }
    : { cmd: 'ip', args: ['netns', 'exec', ns, ...enter] };
}

/** uid and gid of a user of the root filesystem (its daemons drop to it; the machine's may differ). */
export function rootfsUser(rootfs: string, name: string): { uid: number; gid: number } {
  const fields = readFileSync(join(rootfs, 'etc', 'passwd'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`))
    ?.split(':');
  if (fields?.[2] === undefined || fields[3] === undefined) throw new Error(`${rootfs}: no user ${name}`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** FRR 10's daemons take the 8.4 flags but `-f`, which mgmtd and staticd no longer have. */
export function frr10Args(daemon: string, args: readonly string[]): string[] {
  if (daemon !== 'staticd' && daemon !== 'mgmtd') return [...args];
  const f = args.indexOf('-f');
  return f < 0 ? [...args] : [...args.slice(0, f), ...args.slice(f + 2)];
}
