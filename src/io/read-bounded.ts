// Reads a whole file or stdin, but never more than a limit: an endless input (/dev/zero, a runaway
// pipe) stops at the limit instead of growing until the process dies.
import { closeSync, openSync, readSync } from 'node:fs';

/** Largest single input the CLI reads (a manifest of 100,000 prefixes is about 3 MiB). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;
/** Largest sum of all inputs of one command. */
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

const CHUNK = 1024 * 1024;

/** Blocks the thread briefly; used only when a non-blocking stdin has no data yet. */
const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The bytes of `fd` up to EOF, or `undefined` as soon as more than `limit` bytes are seen. */
function readFd(fd: number, limit: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      // A stdin pipe inherited in non-blocking mode answers EAGAIN until data arrives.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        pause(5);
        continue;
      }
      throw err;
    }
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > limit) return undefined;
  }
}

/** File contents, or `undefined` when the file is larger than `limit`. Errors are the caller's. */
export function readFileBounded(path: string, limit: number): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    return readFd(fd, limit);
  } finally {
    closeSync(fd);
  }
}

/** Standard input, or `undefined` when it is larger than `limit`. */
export const readStdinBounded = (limit: number): Buffer | undefined => readFd(0, limit);
