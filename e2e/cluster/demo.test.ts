// `npm run demo` picks its demo by flag: the processes (hack/demo.ts) or, with --cluster, the real
// install on real nodes (hack/demo-cluster.ts). Checked through hack/demo.sh, which npm runs, with
// --help so nothing starts (tsx compiles each demo first: seconds on a busy machine). The cluster demo itself is the cluster tier's machinery (e2e/cluster).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const demo = (...args: string[]) =>
  spawnSync('bash', ['hack/demo.sh', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('npm run demo', () => {
  it('--cluster --help describes the real-node demo and its options', () => {
    const run = demo('--cluster', '--help');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^npm run demo -- --cluster \[options\]/);
    expect(run.stdout).toContain('kubectl apply -k config/default');
    expect(run.stdout).toContain('--once');
  }, 60_000);

  it('--help alone describes the process demo and points to --cluster', () => {
    const run = demo('--help');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^npm run demo -- \[options\]/);
    expect(run.stdout).toContain('--cluster');
  }, 60_000);
});
