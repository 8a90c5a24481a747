// A scratch directory for one image test run (the unpacked image, volumes, runc state), named
// `<prefix>-<pid>-*` under the temp dir, so a later run can remove those of killed runs: an unpacked
// image is some 400 MB.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from './node-netns.ts';

export function createRunDir(prefix: string): string {
  for (const entry of readdirSync(tmpdir())) {
    const m = new RegExp(`^${prefix}-(\\d+)-`).exec(entry);
    if (m !== null && !processAlive(Number(m[1])))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
  return mkdtempSync(join(tmpdir(), `${prefix}-${process.pid}-`));
}
