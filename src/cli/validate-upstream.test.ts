// Upstream frr-k8s's admission cases through `frrk8s validate`: the same verdict (exit 1 for a
// refusal, 0 for an admission) with the code we expect, citing the candidate. The webhook gets the
// same table in src/webhook/upstream-cases.test.ts and e2e/webhook.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_CASES, upstreamNode } from '../core/__fixtures__/upstream-webhook-cases.ts';
import type { Problem } from '../core/problems.ts';
import { main } from './main.ts';
import { capture } from './test-io.ts';

describe('upstream webhook cases through frrk8s validate', () => {
  it.each(UPSTREAM_CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const dir = mkdtempSync(join(tmpdir(), 'frrk8s-upstream-'));
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: upstreamNode(i), labels: { 'kubernetes.io/hostname': upstreamNode(i) } },
    };
    const file = join(dir, 'input.yaml');
    writeFileSync(file, [node, ...c.existing, c.candidate].map((o) => stringify(o)).join('---\n'));
    const io = capture();
    const code = await main(['validate', '-o', 'json', '-f', file], io);
    const problems = (JSON.parse(io.stdout()) as { problems: Problem[] }).problems;
    expect(code).toBe(c.verdict === 'denied' ? 1 : 0);
    const mine = problems.filter(
      (p) => p.code === c.code && p.sources.some((s) => s.name === c.candidate.metadata?.name),
    );
    expect(mine.length, JSON.stringify(problems)).toBeGreaterThan(0);
    expect(mine[0]!.severity).toBe(c.verdict === 'denied' ? 'error' : 'warning');
  });
});
