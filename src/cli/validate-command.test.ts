import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { capture } from './test-io.ts';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'frrk8s-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const VALID = `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: ok, namespace: frr-k8s-system}
spec:
  bgp:
    routers:
      - asn: 64512
        prefixes: [192.0.2.0/24]
        neighbors:
          - {address: 198.51.100.1, asn: 64500, toAdvertise: {allowed: {prefixes: [192.0.2.0/24]}}}
`;

const INVALID = `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: bad, namespace: frr-k8s-system}
spec:
  bgp:
    routers:
      - asn: 64512
        neighbors:
          - {address: 198.51.100.1, asn: 64500, holdTime: 2s, keepaliveTime: 1s}
`;

describe('frrk8s validate', () => {
  it('exits 0 and prints nothing for the shipped samples', async () => {
    const io = capture();
    expect(await main(['validate', '-f', 'config/samples'], io)).toBe(0);
    expect(io.stdout()).toBe('');
  });

  it('exits 1 and prints one line per problem in the documented format', async () => {
    const io = capture();
    expect(await main(['validate', '-f', tempFile('bad.yaml', INVALID)], io)).toBe(1);
    expect(io.stdout().trim().split('\n')).toEqual([
      'error HOLD_TIME_RANGE frr-k8s-system/bad spec.bgp.routers[0].neighbors[0].holdTime: 2s must be 0 or between 3s and 65535s',
    ]);
  });

  it('exits 0 with warnings only, and prints them', async () => {
    const io = capture();
    const file = tempFile('warn.yaml', VALID.replace('asn: 64500,', 'asn: 64500, disableMP: true,'));
    expect(await main(['validate', '-f', file], io)).toBe(0);
    expect(io.stdout()).toContain(
      'warning DISABLE_MP_DEPRECATED frr-k8s-system/ok spec.bgp.routers[0].neighbors[0].disableMP',
    );
  });

  it('reads stdin with -f - and several -f flags', async () => {
    const io = capture(INVALID);
    const other = tempFile('ok.yaml', VALID);
    expect(await main(['validate', '-f', other, '-f', '-'], io)).toBe(1);
    expect(io.stdout()).toContain('frr-k8s-system/bad');
    expect(io.stdout()).not.toContain('frr-k8s-system/ok');
  });

  it('reports unknown kinds as warnings without failing', async () => {
    const io = capture();
    const file = tempFile(
      'mixed.yaml',
      `${VALID}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n`,
    );
    expect(await main(['validate', '-f', file], io)).toBe(0);
    expect(io.stdout()).toMatch(/^warning UNKNOWN_KIND cm: .*mixed\.yaml:\d+: v1 ConfigMap/m);
  });

  it('prints JSON with problems and per-node selection', async () => {
    const io = capture();
    expect(await main(['validate', '-f', 'config/samples', '-o', 'json'], io)).toBe(0);
    const result = JSON.parse(io.stdout()) as {
      valid: boolean;
      problems: unknown[];
      nodes: { name: string; selected: string[]; excluded: { object: string; reason: string }[] }[];
    };
    expect(result.valid).toBe(true);
    expect(result.problems).toEqual([]);
    const nodeC = result.nodes.find((n) => n.name === 'node-c');
    expect(nodeC?.selected).toEqual([]);
    expect(nodeC?.excluded.map((e) => e.object)).toContain('frr-k8s-system/metallb-node-a');
  });

  it('JSON problems carry code and sources', async () => {
    const io = capture();
    expect(await main(['validate', '-o', 'json', '-f', tempFile('bad.yaml', INVALID)], io)).toBe(1);
    const result = JSON.parse(io.stdout()) as { valid: boolean; problems: unknown[] };
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        code: 'HOLD_TIME_RANGE',
        severity: 'error',
        sources: [
          expect.objectContaining({ name: 'bad', path: 'spec.bgp.routers[0].neighbors[0].holdTime' }),
        ],
      }),
    );
  });

  it('exits 2 with file, line and column on a YAML syntax error', async () => {
    const io = capture();
    const file = tempFile('broken.yaml', 'apiVersion: v1\nkind: [Secret\nmetadata: {}\n');
    expect(await main(['validate', '-f', file], io)).toBe(2);
    expect(io.stderr()).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
  });

  it('exits 2 on a missing file, a missing -f and an unknown option', async () => {
    const missing = capture();
    expect(await main(['validate', '-f', '/nonexistent/x.yaml'], missing)).toBe(2);
    expect(missing.stderr()).toContain('/nonexistent/x.yaml: no such file or directory');
    expect(await main(['validate'], capture())).toBe(2);
    expect(await main(['validate', '-f', 'config/samples', '--bogus'], capture())).toBe(2);
    expect(await main(['validate', '-f', 'config/samples', '-o', 'xml'], capture())).toBe(2);
  });

  it('--help exits 0 and documents the exit codes', async () => {
    const io = capture();
    expect(await main(['validate', '--help'], io)).toBe(0);
    expect(io.stdout()).toContain('Exit status');
  });
});
