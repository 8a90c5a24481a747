// An in-memory CliIo for command tests.
import type { CliIo } from './io.ts';

export interface CapturedIo extends CliIo {
  stdout: () => string;
  stderr: () => string;
}

export function capture(stdin = ''): CapturedIo {
  let out = '';
  let err = '';
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    stdin: () => stdin,
    stdout: () => out,
    stderr: () => err,
  };
}
