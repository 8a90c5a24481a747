// Runs FRR's tools without a shell (every argument reaches the program as-is) and with a deadline, and
// reports how they ended instead of throwing: a non-zero exit is normal information here (vtysh exits
// non-zero when a daemon refuses a line), and the caller decides what it means.
import { execFile } from 'node:child_process';

export interface ExecResult {
  /** Exit code; null when the program was killed (timeout) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started or ran past its deadline. */
  failure?: string;
  millis: number;
}

export interface ExecOptions {
  timeoutMs: number;
}

/** FRR's output for a big configuration is a few MB at most; anything beyond is cut, not fatal. */
const MAX_BUFFER = 256 * 1024 * 1024;

export function exec(file: string, args: readonly string[], opts: ExecOptions): Promise<ExecResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_BUFFER, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const millis = Math.round(performance.now() - t0);
        if (!err) {
          resolve({ code: 0, stdout, stderr, millis });
          return;
        }
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (typeof e.code === 'number') {
          resolve({ code: e.code, stdout, stderr, millis });
          return;
        }
        const failure = e.killed
          ? `${file} did not finish within ${opts.timeoutMs} ms`
          : `${file} could not run: ${e.message}`;
        resolve({ code: null, stdout, stderr, failure, millis });
      },
    );
  });
}

/** A one-line description of how a program ended, for error messages. */
export function describeExit(file: string, r: ExecResult): string {
  return r.failure ?? `${file} exited with status ${r.code}`;
}
