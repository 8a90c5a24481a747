// The CLI's only contact with the terminal, injectable so commands are tested in-process.
import { MAX_INPUT_BYTES, readStdinBounded } from '../io/read-bounded.ts';
import { inputTooLarge } from '../io/read-documents.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whole standard input, read on demand (only when a file argument is `-`). */
  stdin: () => string;
}

/** Set once stdout cannot take more (the reader went away, as with `frrk8s render … | head -1`). */
let stdoutClosed = false;
let watchingStdout = false;

/**
 * A closed pipe is not an error worth a stack trace: the rest of the output is dropped and the command
 * finishes with its own exit code. Any other write failure is said once, on stderr.
 */
function writeOut(text: string): void {
  if (!watchingStdout) {
    watchingStdout = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (!stdoutClosed && err.code !== 'EPIPE')
        process.stderr.write(`error: cannot write output: ${err.code ?? err.message}\n`);
      stdoutClosed = true;
    });
  }
  if (!stdoutClosed) process.stdout.write(text);
}

export const processIo: CliIo = {
  out: writeOut,
  err: (text) => process.stderr.write(text),
  stdin: () => {
    const bytes = readStdinBounded(MAX_INPUT_BYTES);
    if (!bytes) throw inputTooLarge('<stdin>');
    return bytes.toString('utf8');
  },
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** A mistake in how the command was called (exit 2), as opposed to problems in the input (exit 1). */
export class UsageError extends Error {
  override name = 'UsageError';
}
