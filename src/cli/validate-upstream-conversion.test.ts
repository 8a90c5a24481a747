// Upstream frr-k8s's conversion rejections through `frrk8s validate`: exit 1 with our problem code
// citing the candidate where upstream refuses, exit 0 with no error where we admit on purpose (the
// row says why). The webhook's review gets the same table in src/webhook/upstream-conversion.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONVERSION_CASES, conversionNode } from '../core/__fixtures__/upstream-conversion-cases.ts';
import type { Problem } from '../core/problems.ts';
import { main } from './main.ts';
import { capture } from './test-io.ts';

describe('upstream conversion rejections through frrk8s validate', () => {
  it.each(CONVERSION_CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const dir = mkdtempSync(join(tmpdir(), 'frrk8s-conversion-'));
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: conversionNode(i), labels: { 'kubernetes.io/hostname': conversionNode(i) } },
    };
    const file = join(dir, 'input.yaml');
    writeFileSync(file, [node, ...c.existing, c.candidate].map((o) => stringify(o)).join('---\n'));
    const io = capture();
    const code = await main(['validate', '-o', 'json', '-f', file], io);
    const problems = (JSON.parse(io.stdout()) as { problems: Problem[] }).problems;
    const errors = problems.filter((p) => p.severity === 'error');
    if (c.verdict === 'allowed') {
      expect(errors, JSON.stringify(errors)).toEqual([]);
      expect(code).toBe(0);
      return;
    }
    expect(code).toBe(1);
    const mine = errors.filter(
      (p) => p.code === c.code && p.sources.some((s) => s.name === c.candidate.metadata?.name),
    );
    expect(mine.length, JSON.stringify(problems)).toBeGreaterThan(0);
    // A conflict cites the object already there as well.
    for (const other of c.cited)
      expect(mine.some((p) => p.sources.some((s) => s.name === other.metadata?.name))).toBe(true);
  });
});
