// The README's first quick-start command must keep working: the demo, run once, converges (ECMP for
// every sample service IP on the router) and tears everything down.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, listNetns, tierGate } from './env/index.ts';

const gate = tierGate('frr');
const apiGate = tierGate('api');

describe.skipIf(gate.skip || apiGate.skip)('npm run demo', () => {
  it('--once: both nodes Ready, the router installs the service IPs via both nodes, nothing left behind', () => {
    gate.assertReady();
    apiGate.assertReady();
    const run = spawnSync('npx', ['tsx', 'hack/demo.ts', '--once', '--timeout', '120'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/FRRNodeState\/node-a: Ready=True/);
    expect(run.stdout).toMatch(/FRRNodeState\/node-b: Ready=True/);
    expect(run.stdout).toMatch(/198\.51\.100\.10\/32 +via 192\.0\.2\.10, 192\.0\.2\.11/);
    // The demo's own run (its log paths name it) left no namespace behind; other runs may be live.
    const runId = /\/run\/frrk8s-e2e\/([a-z0-9]+)\//.exec(run.stdout)?.[1];
    expect(runId).toBeDefined();
    expect(listNetns().filter((n) => n.startsWith(`fk${runId}-`))).toEqual([]);
  }, 300_000);

  it('--help lists the options', () => {
    const run = spawnSync('npx', ['tsx', 'hack/demo.ts', '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--once');
  });
});
