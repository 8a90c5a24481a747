// The CLI's only contact with the terminal, injectable so commands are tested in-process.
import { readFileSync } from 'node:fs';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whole standard input, read on demand (only when a file argument is `-`). */
  stdin: () => string;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: () => readFileSync(0, 'utf8'),
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** A mistake in how the command was called (exit 2), as opposed to problems in the input (exit 1). */
export class UsageError extends Error {
  override name = 'UsageError';
}
