// FRR's own frr-reload.py: the reference for what differs between a file and the running configuration
// (`--test`, which also has vtysh parse the file), and the known-correct way to apply it (`--reload`).
import { dirname } from 'node:path';
import { parseTestOutput, type Diff } from './diff.ts';
import { describeExit, exec, type ExecResult } from './exec.ts';
import { reloadScriptErrors, tail, vtyshRefusals } from './refusals.ts';

export interface ReloadScriptOptions {
  script: string;
  vtysh: string;
  vtySocketDir: string;
  configDir: string;
  /** Where `--reload` writes its temporary file of additions (it holds passwords). */
  workDir: string;
  timeoutMs: number;
}

export type TestResult =
  { ok: true; diff: Diff; millis: number } | { ok: false; error: string[]; millis: number };

export interface ReloadResult {
  ok: boolean;
  /** FRR's complaints, when there were any. */
  error: string[];
  millis: number;
}

function errorsOf(r: ExecResult): string[] {
  const found = reloadScriptErrors(r.stdout, r.stderr);
  if (found.length > 0) return found;
  return [describeExit('frr-reload.py', r), ...tail(r.stderr || r.stdout)];
}

export class ReloadScript {
  private readonly opts: ReloadScriptOptions;

  constructor(opts: ReloadScriptOptions) {
    this.opts = opts;
  }

  private args(mode: '--test' | '--reload', file: string): string[] {
    const o = this.opts;
    return [
      mode,
      // Log to our stdout/stderr instead of /var/log/frr/frr-reload.log: the log quotes configuration
      // lines, passwords included.
      '--stdout',
      '--bindir',
      dirname(o.vtysh),
      '--vty_socket',
      o.vtySocketDir,
      // Needed to find vtysh.conf (and to be sure `service integrated-vtysh-config` is on).
      '--confdir',
      o.configDir,
      '--rundir',
      o.workDir,
      file,
    ];
  }

  /** What would change; fails when vtysh cannot parse the file. */
  async test(file: string): Promise<TestResult> {
    const r = await exec(this.opts.script, this.args('--test', file), { timeoutMs: this.opts.timeoutMs });
    if (r.code !== 0) return { ok: false, error: errorsOf(r), millis: r.millis };
    return { ok: true, diff: parseTestOutput(r.stdout), millis: r.millis };
  }

  /**
   * Applies the difference the way FRR ships it (deletions one vtysh call each, two passes). A line
   * vtysh reports as refused fails it even when frr-reload.py exits 0.
   */
  async reload(file: string): Promise<ReloadResult> {
    const r = await exec(this.opts.script, this.args('--reload', file), { timeoutMs: this.opts.timeoutMs });
    const refused = vtyshRefusals(r.stdout, r.stderr).length > 0;
    if (r.code !== 0 || refused) return { ok: false, error: errorsOf(r), millis: r.millis };
    return { ok: true, error: [], millis: r.millis };
  }
}
