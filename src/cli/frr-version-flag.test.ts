// `render --frr-version`: the text for the FRR release named, 8.4's by default; a bad value is a usage error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { capture } from './test-io.ts';

const CONFIG = `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: a, namespace: frr-k8s-system}
spec:
  bgp:
    routers:
      - asn: 64512
        neighbors:
          - {address: 192.0.2.1, asn: 64500}
`;

function input(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frrk8s-cli-'));
  writeFileSync(join(dir, 'a.yaml'), CONFIG);
  return dir;
}

async function render(...extra: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(['render', '-f', input(), '--node', 'n1', ...extra], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('render --frr-version', () => {
  it('renders for FRR 8.4 by default, with the nht lines', async () => {
    const plain = await render();
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('ip nht resolve-via-default\nipv6 nht resolve-via-default\n');
    expect((await render('--frr-version', '8.4')).out).toBe(plain.out);
  });

  it('leaves the nht lines out for FRR 10.3 and changes nothing else', async () => {
    const plain = await render();
    const ten = await render('--frr-version', '10.3');
    expect(ten.code).toBe(0);
    expect(ten.out).not.toContain('nht resolve-via-default');
    expect(ten.out).toBe(plain.out.replace('ip nht resolve-via-default\nipv6 nht resolve-via-default\n', ''));
  });

  it.each(['ten', '10', '10.3-dev', ''])('exits 2 on %j', async (value) => {
    const r = await render('--frr-version', value);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --frr-version: ".*" is not a release like 8.4 or 10.3/);
  });
});
