// `frrk8s validate` admits every object against the others, as the webhook does: each conflict kind
// (the merge table's rows) exits 1 naming the code and both objects, on the Nodes of the input or
// those named by --node; objects meant for different nodes pass.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFLICT_ROWS } from '../core/__fixtures__/conflict-rows.ts';
import type { Problem } from '../core/problems.ts';
import { main } from './main.ts';
import { capture } from './test-io.ts';

function file(objects: readonly unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'frrk8s-validate-'));
  const path = join(dir, 'input.yaml');
  writeFileSync(path, objects.map((o) => stringify(o)).join('---\n'));
  return path;
}

const node = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
});

const pinned = (o: { spec?: object }, to: string) => ({
  ...o,
  spec: { ...o.spec, nodeSelector: { matchLabels: { 'kubernetes.io/hostname': to } } },
});

async function validateJson(args: string[]): Promise<{ code: number; problems: Problem[] }> {
  const io = capture();
  const code = await main(['validate', '-o', 'json', ...args], io);
  return { code, problems: (JSON.parse(io.stdout()) as { problems: Problem[] }).problems };
}

describe('frrk8s validate: conflicts between objects', () => {
  it.each(CONFLICT_ROWS)('$name → exit 1 with $code citing a and b, once', async (row) => {
    const { code, problems } = await validateJson(['-f', file([node('n1'), row.b, row.a])]);
    expect(code).toBe(1);
    const found = problems.filter((p) => p.code === row.code);
    expect(found).toHaveLength(1);
    expect(new Set(found[0]!.sources.map((s) => s.name))).toEqual(new Set(['a', 'b']));
  });

  it('--node stands for a Node with only its hostname label', async () => {
    const row = CONFLICT_ROWS[0]!;
    expect((await validateJson(['-f', file([row.a, row.b])])).code).toBe(0);
    const { code, problems } = await validateJson(['-f', file([row.a, row.b]), '--node', 'n7']);
    expect(code).toBe(1);
    expect(problems.map((p) => p.code)).toEqual([row.code]);
    expect(problems[0]!.message).toMatch(/on node n7$/);
  });

  it('the text output names the code, both objects and the node', async () => {
    const row = CONFLICT_ROWS[0]!;
    const io = capture();
    expect(await main(['validate', '-f', file([row.a, row.b]), '--node', 'n1'], io)).toBe(1);
    const line = io.stdout().trim();
    expect(line).toMatch(/^error ROUTER_ASN_CONFLICT frr-k8s-system\/a /);
    expect(line).toContain('frr-k8s-system/b');
    expect(line).toContain('on node n1');
  });

  it('objects for different nodes pass', async () => {
    const row = CONFLICT_ROWS[0]!;
    const input = [node('n1'), node('n2'), pinned(row.a, 'n1'), pinned(row.b, 'n2')];
    expect((await validateJson(['-f', file(input)])).code).toBe(0);
  });

  it('a conflict inside one object needs no node', async () => {
    const a = CONFLICT_ROWS[0]!.a as { spec: { bgp: { routers: object[] } } };
    const both = { ...a, spec: { bgp: { routers: [...a.spec.bgp.routers, { asn: 64999 }] } } };
    const { code, problems } = await validateJson(['-f', file([both])]);
    expect(code).toBe(1);
    expect(problems.map((p) => p.code)).toEqual(['ROUTER_ASN_CONFLICT']);
  });

  it('an invalid --node is a usage error', async () => {
    const io = capture();
    expect(await main(['validate', '-f', file([node('n1')]), '--node', 'Bad Name'], io)).toBe(2);
  });
});
