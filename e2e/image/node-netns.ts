// The network namespace that stands for the node in the image tests, named `<prefix>-<pid of the
// test process>`. A run killed outright cannot remove its namespace or stop the FRR it started there,
// so creating one first sweeps those of dead test processes: their processes are killed (found with
// `ip netns pids`), then the namespace is deleted.
import { execFileSync } from 'node:child_process';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sweep(prefix: string): void {
  const names = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(`${prefix}-`));
  for (const name of names) {
    const owner = Number(name.slice(prefix.length + 1));
    if (!Number.isInteger(owner) || processAlive(owner)) continue;
    const pids = execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    execFileSync('ip', ['netns', 'del', name]);
  }
}

export interface NodeNetns {
  name: string;
  remove(): void;
}

/** Creates `<prefix>-<pid>` with loopback up, after sweeping those of dead runs. */
export function createNodeNetns(prefix: string, opts: { forwarding?: boolean } = {}): NodeNetns {
  sweep(prefix);
  const name = `${prefix}-${process.pid}`;
  execFileSync('ip', ['netns', 'add', name]);
  execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  if (opts.forwarding === true) {
    execFileSync('ip', ['netns', 'exec', name, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    execFileSync('ip', ['netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1']);
  }
  return {
    name,
    remove() {
      try {
        execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    },
  };
}
