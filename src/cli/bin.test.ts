// The installed command (bin/frrk8s.js → dist/) behaves like the in-process CLI. `npm test` builds dist first.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('bin/frrk8s.js', () => {
  it('is built', () => {
    expect(existsSync('dist/src/cli/main.js'), 'run `npm run build` first').toBe(true);
  });

  it('validates the samples with exit 0', () => {
    expect(() => execFileSync('node', ['bin/frrk8s.js', 'validate', '-f', 'config/samples'])).not.toThrow();
  });

  it('exits 1 on an invalid object read from stdin', () => {
    const bad =
      'apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: x}\nspec: {bgp: {routers: [{asn: 0}]}}\n';
    const run = spawnSync('node', ['bin/frrk8s.js', 'validate', '-f', '-'], { input: bad, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error ROUTER_ASN_INVALID frr-k8s-system/x spec.bgp.routers[0].asn');
  });
});
