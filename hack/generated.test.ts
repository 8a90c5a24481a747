// Fails when a generated file is missing or differs from what hack/generate.ts would write now.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from './generated-files.ts';

const root = join(import.meta.dirname, '..');

describe('generated files are up to date (run `npm run generate` to refresh)', () => {
  it.each(generatedFiles().map((f) => [f.path, f.content]))('%s', (path, content) => {
    let onDisk: string;
    try {
      onDisk = readFileSync(join(root, path), 'utf8');
    } catch {
      throw new Error(`${path} is missing: run npm run generate`);
    }
    expect(onDisk, `${path} is stale: run npm run generate`).toBe(content);
  });
});
