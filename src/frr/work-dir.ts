// The files we hand to FRR's tools (candidate, difference, previous configuration) hold passwords:
// only the owner may read them, in a directory only the owner may list.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function ensureWorkDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Writes `name` in `dir` with mode 0600 (also when it existed with another mode); returns its path. */
export function writeWorkFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}
