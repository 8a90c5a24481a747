// One FRR instance (zebra, bgpd, bfdd, staticd) inside a network namespace, without systemd or
// watchfrr, following shared/reference/frr-in-netns.md. Each instance has private config, socket
// and log dirs, so any number of them coexist on one machine; vtysh reaches an instance through its
// socket dir from any namespace.
//
// By default the machine's FRR runs (Debian bookworm's 8.4). Given a root filesystem (the container
// image's, FRR 10.3), the instance runs that FRR instead, chrooted: see ./frr-rootfs.ts.

import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Daemon } from './daemon.ts';
import { startDaemon } from './daemon.ts';
import { run } from './exec.ts';
import type { BfdPeers, BgpNeighbors, BgpSummary, Rib } from '../../src/frr/frr-json.ts';
import { FRR_LIBDIR, FRR_RELOAD } from './prereqs.ts';
import { chrooted, frr10Args, prepareScratch, rootfsUser } from './frr-rootfs.ts';
import type { Run } from './runstate.ts';
import { waitFor } from './wait.ts';

export const FRR_DAEMONS = ['zebra', 'bgpd', 'bfdd', 'staticd'] as const;
export type FrrDaemonName = (typeof FRR_DAEMONS)[number];

export interface FrrPaths {
  /** Instance root. */
  base: string;
  /** Config dir: frr.conf (integrated config) and vtysh.conf; pass to `--config_dir`/`--confdir`. */
  etc: string;
  /** Socket and pid dir: pass to `vtysh --vty_socket` and `frr-reload.py --vty_socket/--rundir`. */
  run: string;
  /** One log file per daemon. */
  log: string;
  /** The integrated config file, `${etc}/frr.conf`. */
  config: string;
}

/** uid/gid of a system user from /etc/passwd (Node has no getpwnam). */
function lookupUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const f = line?.split(':');
  if (f?.[2] === undefined || f[3] === undefined)
    throw new Error(`user ${name} not found (is frr installed?)`);
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

/** The minimal integrated config every instance starts from. */
export function baseConfig(hostname: string): string {
  return `frr defaults traditional\nhostname ${hostname}\nlog timestamp precision 3\n!\n`;
}

export interface FrrStartOptions {
  /** Namespace to run in. */
  ns: string;
  /** Instance name, also the FRR hostname and its directory name. */
  name: string;
  /** Initial frr.conf (defaults to baseConfig(name)). */
  config?: string;
  timeoutMs?: number;
  /** Run the FRR of this root filesystem (FRR 10: the image's) instead of the machine's. */
  rootfs?: string;
}

export class FrrInstance {
  readonly ns: string;
  readonly name: string;
  readonly paths: FrrPaths;
  /** The root filesystem whose FRR runs, when not the machine's. */
  readonly rootfs: string | undefined;
  private readonly daemons: Daemon[] = [];
  private readonly runState: Run;

  private constructor(runState: Run, ns: string, name: string, paths: FrrPaths, rootfs?: string) {
    this.runState = runState;
    this.ns = ns;
    this.name = name;
    this.paths = paths;
    this.rootfs = rootfs;
  }

  /** The daemons this instance runs: FRR 10 adds mgmtd, which must start first. */
  get daemonNames(): readonly string[] {
    return this.rootfs === undefined ? FRR_DAEMONS : ['mgmtd', ...FRR_DAEMONS];
  }

  /**
   * How to run one of FRR's tools (`vtysh`, `frr-reload.py`) against this instance: the program and
   * its arguments, with the instance's paths as that FRR sees them.
   */
  command(tool: 'vtysh' | 'frr-reload.py', args: readonly string[]): { cmd: string; args: string[] } {
    if (this.rootfs === undefined) return { cmd: tool === 'vtysh' ? 'vtysh' : FRR_RELOAD, args: [...args] };
    const inner = tool === 'vtysh' ? 'vtysh' : '/usr/lib/frr/frr-reload.py';
    return chrooted(this.rootfs, this.paths.base, undefined, [inner, ...args]);
  }

  /** Creates the instance's dirs under the run, starts the daemons and loads the config. */
  static async start(runState: Run, opts: FrrStartOptions): Promise<FrrInstance> {
    const base = join(runState.dir, 'frr', opts.name);
    const paths: FrrPaths = {
      base,
      etc: join(base, 'etc'),
      run: join(base, 'run'),
      log: join(base, 'log'),
      config: join(base, 'etc', 'frr.conf'),
    };
    const frr = opts.rootfs === undefined ? lookupUser('frr') : rootfsUser(opts.rootfs, 'frr');
    for (const dir of [base, paths.etc, paths.run, paths.log]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o755);
      // The daemons drop to the frr user after start; they must be able to write sockets and logs.
      chownSync(dir, frr.uid, frr.gid);
    }
    writeFileSync(join(paths.etc, 'vtysh.conf'), 'service integrated-vtysh-config\n');
    writeFileSync(paths.config, opts.config ?? baseConfig(opts.name), { mode: 0o640 });
    chownSync(paths.config, frr.uid, frr.gid);
    if (opts.rootfs !== undefined) prepareScratch(base, frr);

    const inst = new FrrInstance(runState, opts.ns, opts.name, paths, opts.rootfs);
    try {
      // FRR 10's mgmtd before zebra: zebra and staticd take parts of their configuration through it.
      if (opts.rootfs !== undefined) await inst.spawnDaemon(runState, 'mgmtd', opts.timeoutMs);
      // zebra first: the others connect to its zserv socket.
      await inst.spawnDaemon(runState, 'zebra', opts.timeoutMs);
      await Promise.all(
        (['bgpd', 'bfdd', 'staticd'] as const).map((d) => inst.spawnDaemon(runState, d, opts.timeoutMs)),
      );
      await inst.loadConfig();
    } catch (err) {
      await inst.stop();
      throw err;
    }
    return inst;
  }

  private async spawnDaemon(
    runState: Run,
    daemon: FrrDaemonName | 'mgmtd',
    timeoutMs = 15_000,
  ): Promise<void> {
    const p = this.paths;
    const args = [
      join(FRR_LIBDIR, daemon),
      '-F',
      'traditional',
      // No per-daemon telnet vty: everything goes through the socket dir.
      '-P',
      '0',
      '--vty_socket',
      p.run,
      '-i',
      join(p.run, `${daemon}.pid`),
      '--log',
      `file:${join(p.log, `${daemon}.log`)}`,
      // Only the integrated frr.conf (loaded by vtysh -b) configures the daemons.
      '-f',
      '/dev/null',
      '-z',
      join(p.run, 'zserv.api'),
    ];
    // bfdd's control socket defaults to a global path; keep it per instance.
    if (daemon === 'bfdd' && this.rootfs === undefined) args.push('--bfdctl', join(p.run, 'bfdd.sock'));
    const argv = this.rootfs === undefined ? args : frr10Args(daemon, args);
    const { cmd, args: full } =
      this.rootfs === undefined
        ? { cmd: 'ip', args: ['netns', 'exec', this.ns, ...argv] }
        : chrooted(this.rootfs, p.base, this.ns, argv);
    // Run in the foreground (no -d) so the PID we record is the daemon's own (every wrapper execs).
    const d = startDaemon(runState, `${this.name}/${daemon}`, cmd, full, {
      logFile: join(p.log, `${daemon}.stdout`),
    });
    this.daemons.push(d);
    const vty = join(p.run, `${daemon}.vty`);
    await waitFor(
      `${this.name}: ${daemon} to open ${vty}`,
      () => {
        if (!d.running()) throw new Error(`${daemon} exited:\n${d.tail()}`);
        return existsSync(vty);
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  /**
   * Starts one daemon again, empty (`-f /dev/null`, as at first start; nothing reloads frr.conf), the way
   * a crashed daemon comes back: stops it first if it still runs (tests usually kill it themselves,
   * from its pid file), and returns once its new vty socket is open.
   */
  async restartDaemon(daemon: FrrDaemonName, timeoutMs?: number): Promise<void> {
    const name = `${this.name}/${daemon}`;
    for (const d of this.daemons.filter((x) => x.name === name)) {
      await d.stop(3000);
      this.daemons.splice(this.daemons.indexOf(d), 1);
    }
    // A killed daemon leaves its socket behind; without it, waiting for the new one means something.
    rmSync(join(this.paths.run, `${daemon}.vty`), { force: true });
    await this.spawnDaemon(this.runState, daemon, timeoutMs);
  }

  /** (Re)loads `frr.conf` into the running daemons (additive, like `vtysh -b`). */
  async loadConfig(): Promise<void> {
    const c = this.command('vtysh', ['--vty_socket', this.paths.run, '--config_dir', this.paths.etc, '-b']);
    await run(c.cmd, c.args);
  }

  /** Replaces frr.conf with `text` and loads it (additive on top of what is running). */
  async writeConfig(text: string): Promise<void> {
    writeFileSync(this.paths.config, text, { mode: 0o640 });
    await this.loadConfig();
  }

  /** Runs vtysh commands (each one a `-c`) against this instance and returns the output. */
  async vtysh(...commands: string[]): Promise<string> {
    const args = ['--vty_socket', this.paths.run, '--config_dir', this.paths.etc];
    for (const c of commands) args.push('-c', c);
    const c = this.command('vtysh', args);
    return (await run(c.cmd, c.args)).stdout;
  }

  /** Runs one `show ... json` command and parses it. */
  async json<T>(command: string): Promise<T> {
    const out = await this.vtysh(command);
    try {
      return JSON.parse(out) as T;
    } catch {
      throw new Error(`${this.name}: '${command}' did not return JSON: ${out.slice(0, 200)}`);
    }
  }

  ipv4Routes(): Promise<Rib> {
    return this.json<Rib>('show ip route json');
  }

  ipv6Routes(): Promise<Rib> {
    return this.json<Rib>('show ipv6 route json');
  }

  bgpNeighbors(): Promise<BgpNeighbors> {
    return this.json<BgpNeighbors>('show bgp neighbors json');
  }

  bgpSummary(): Promise<BgpSummary> {
    return this.json<BgpSummary>('show bgp summary json');
  }

  bfdPeers(): Promise<BfdPeers> {
    return this.json<BfdPeers>('show bfd peers json');
  }

  /** PIDs of the daemons still running. */
  pids(): number[] {
    return this.daemons.filter((d) => d.running()).map((d) => d.pid);
  }

  /** Stops the daemons, zebra last (the others want to say goodbye to it). */
  async stop(): Promise<void> {
    const zebra = this.daemons.filter((d) => d.name.endsWith('/zebra'));
    const others = this.daemons.filter((d) => !d.name.endsWith('/zebra'));
    await Promise.all(others.map((d) => d.stop(3000)));
    await Promise.all(zebra.map((d) => d.stop(3000)));
  }
}
