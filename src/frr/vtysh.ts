// vtysh against one FRR instance, reached through its vty socket directory (no shell, bounded time).
import { describeExit, exec, type ExecResult } from './exec.ts';
import { vtyshRefusals, type Refusal } from './refusals.ts';

export interface VtyshOptions {
  vtysh: string;
  vtySocketDir: string;
  configDir: string;
  /** For commands that change configuration (their cost grows with its size). */
  applyTimeoutMs: number;
  /** For reads. */
  queryTimeoutMs: number;
}

export interface FileResult {
  exec: ExecResult;
  /** Lines a daemon (or vtysh) refused; vtysh applies the others regardless. */
  refusals: Refusal[];
}

export class Vtysh {
  private readonly opts: VtyshOptions;

  constructor(opts: VtyshOptions) {
    this.opts = opts;
  }

  private args(): string[] {
    return ['--vty_socket', this.opts.vtySocketDir, '--config_dir', this.opts.configDir];
  }

  /** Runs commands (each a `-c`); throws when vtysh fails, with its output. */
  async commands(commands: readonly string[], timeoutMs = this.opts.queryTimeoutMs): Promise<string> {
    const args = this.args();
    for (const c of commands) args.push('-c', c);
    const r = await exec(this.opts.vtysh, args, { timeoutMs });
    if (r.code !== 0) {
      const said = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(0, 5).join('\n');
      throw new Error(`${describeExit('vtysh', r)}${said ? `: ${said}` : ''}`);
    }
    return r.stdout;
  }

  showRunning(): Promise<string> {
    return this.commands(['show running-config']);
  }

  /** Saves the running configuration to the integrated frr.conf, so a restarted FRR boots with it. */
  async write(): Promise<void> {
    await this.commands(['write memory'], this.opts.applyTimeoutMs);
  }

  /** Applies a configuration file, line by line as `vtysh -f` does; to one daemon only with `daemon`. */
  async applyFile(path: string, daemon?: string): Promise<FileResult> {
    const only = daemon !== undefined ? ['-d', daemon] : [];
    const r = await exec(this.opts.vtysh, [...this.args(), ...only, '-f', path], {
      timeoutMs: this.opts.applyTimeoutMs,
    });
    return { exec: r, refusals: vtyshRefusals(r.stdout, r.stderr) };
  }
}
