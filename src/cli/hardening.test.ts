// Hostile and careless input through the whole CLI (issue 8): refused with the right exit code and
// problem code, never a stack trace, never a forged output line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { capture } from './test-io.ts';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'frrk8s-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const config = (name: string, extra = ''): string => `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: ${name}, namespace: frr-k8s-system}
spec:
  bgp:
    routers:
      - asn: 64512
        neighbors:
          - {address: 192.0.2.1, asn: 64500${extra}}
`;

const secret = (password: string): string => `
apiVersion: v1
kind: Secret
metadata: {name: pw, namespace: frr-k8s-system}
type: kubernetes.io/basic-auth
stringData: {password: ${password}}
`;

const node = (zone: string): string => `
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {zone: ${zone}}}
`;

const STACK_FRAME = /^\s+at /m;
const lines = (text: string): string[] => text.split('\n').filter(Boolean);

describe('--node', () => {
  it.each([['n1\nrouter bgp 666'], ['N1'], ['-n1'], ['n_1'], ['a'.repeat(254)], ['']])(
    'refuses %j as a node name with exit 2 and renders nothing',
    async (name) => {
      const io = capture();
      expect(await main(['render', '-f', tempDir({ 'a.yaml': config('a') }), '--node', name], io)).toBe(2);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toMatch(/^error: --node: /);
      expect(io.stderr().trim().split('\n')).toHaveLength(2);
    },
  );

  it('accepts a DNS-1123 subdomain such as ip-10-0-0-1.ec2.internal', async () => {
    const io = capture();
    const args = ['render', '-f', tempDir({ 'a.yaml': config('a') }), '--node', 'ip-10-0-0-1.ec2.internal'];
    expect(await main(args, io)).toBe(0);
    expect(io.stdout()).toContain('hostname ip-10-0-0-1.ec2.internal\n');
  });
});

describe('--node-labels', () => {
  it.each([['zone=a\nb'], ['zone=' + 'v'.repeat(64)], ['-bad=x'], ['=x'], ['a/b/c=x']])(
    'refuses %j with exit 2',
    async (labels) => {
      const io = capture();
      const args = [
        'render',
        '-f',
        tempDir({ 'a.yaml': config('a') }),
        '--node',
        'n1',
        '--node-labels',
        labels,
      ];
      expect(await main(args, io)).toBe(2);
      expect(io.stderr()).toMatch(/^error: --node-labels: /);
      expect(lines(io.stderr())).toHaveLength(2);
    },
  );
});

describe('--always-block', () => {
  it('exits 2 on a value that is not a prefix', async () => {
    const io = capture();
    const args = [
      'render',
      '-f',
      tempDir({ 'a.yaml': config('a') }),
      '--node',
      'n1',
      '--always-block',
      'nope',
    ];
    expect(await main(args, io)).toBe(2);
    expect(io.stderr()).toMatch(/^error: --always-block: "nope" is not a prefix/);
  });

  it('exits 2 on a prefix with host bits set, naming the network meant', async () => {
    const io = capture();
    const args = [
      'render',
      '-f',
      tempDir({ 'a.yaml': config('a') }),
      '--node',
      'n1',
      '--always-block',
      '10.0.0.1/8',
    ];
    expect(await main(args, io)).toBe(2);
    expect(io.stderr()).toContain('10.0.0.0/8');
  });

  it('the daemon refuses the same value before it starts, as render does', async () => {
    const io = capture();
    const args = ['daemon', '--node-name', 'n1', '--always-block', '10.0.0.1/8'];
    expect(await main(args, io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^error: --always-block: 10\.0\.0\.1\/8 has host bits set; did you mean 10\.0\.0\.0\/8\?/,
    );
  });
});

describe('unreadable input is exit 2 with a problem code and a place', () => {
  it('an alias before its anchor', async () => {
    const io = capture('a: *x\n');
    expect(await main(['validate', '-f', '-'], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error YAML_ALIAS_UNDEFINED <stdin>:1:4: /);
    expect(io.stderr()).not.toMatch(STACK_FRAME);
  });

  it('a mapping used as a key', async () => {
    const io = capture('a:\n  ? [1, 2]\n  : b\n');
    expect(await main(['validate', '-f', '-'], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error YAML_NOT_JSON <stdin>:2:5: /);
  });

  it('/dev/zero', async () => {
    const io = capture();
    expect(await main(['validate', '-f', '/dev/zero'], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error INPUT_TOO_LARGE \/dev\/zero: /);
  });

  it('a file name with a newline cannot forge a line', async () => {
    const io = capture();
    expect(await main(['validate', '-f', '/nonexistent\nerror FAKE x'], io)).toBe(2);
    expect(io.stderr().trim().split('\n')).toHaveLength(1);
    expect(io.stderr()).toContain('\\n');
  });

  it('an unexpected error is one line and exit 2, not a stack trace', async () => {
    const io = {
      ...capture(),
      stdin: (): string => {
        throw new TypeError('boom');
      },
    };
    let err = '';
    io.err = (t: string) => (err += t);
    expect(await main(['validate', '-f', '-'], io)).toBe(2);
    expect(err).toMatch(/^error: internal error: boom/);
    expect(err).not.toMatch(STACK_FRAME);
  });
});

describe('merge keys reach the configuration', () => {
  it('timers from a << mapping are rendered', async () => {
    const text = `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: a, namespace: frr-k8s-system}
spec:
  bgp:
    routers:
      - asn: 64512
        neighbors:
          - <<: {holdTime: 30s, keepaliveTime: 10s}
            address: 192.0.2.1
            asn: 64500
`;
    const io = capture(text);
    expect(await main(['render', '-f', '-', '--node', 'n1'], io)).toBe(0);
    expect(io.stdout()).toContain('neighbor 192.0.2.1 timers 10 30');
    expect(io.stderr()).toBe('');
  });
});

describe('printed lines cannot be forged', () => {
  it('escapes a newline in an unknown field key and in metadata.name', async () => {
    const text = config('"a\\nerror FORGED x y: z"', ', "k\\nerror FORGED2 q": 1');
    const io = capture(text);
    await main(['validate', '-f', '-'], io);
    expect(lines(io.stdout()).length).toBeGreaterThan(0);
    for (const line of lines(io.stdout())) expect(line).toMatch(/^(error|warning) [A-Z0-9_]+ /);
    expect(io.stdout()).not.toMatch(/^error FORGED/m);
    expect(io.stdout()).toContain('\\n');
  });

  it('caps an absurdly long echoed name', async () => {
    const io = capture(config('a'.repeat(1_000_000), ', bogus: 1'));
    await main(['validate', '-f', '-'], io);
    for (const line of lines(io.stdout())) expect(line.length).toBeLessThan(5000);
    expect(io.stdout()).toMatch(/more characters/);
  });
});

describe('duplicates: one rule for every kind, warned with both origins', () => {
  it('two Secrets of one name: the last is used, and both files are named', async () => {
    const dir = tempDir({
      'a.yaml': config('a', ', passwordSecret: {name: pw}'),
      'b.yaml': secret('first'),
      'c.yaml': secret('second'),
    });
    const io = capture();
    expect(await main(['render', '-f', dir, '--node', 'n1', '--show-secrets'], io)).toBe(0);
    expect(io.stdout()).toContain('password second');
    expect(io.stderr()).toContain(
      `warning DUPLICATE_OBJECT frr-k8s-system/pw: Secret frr-k8s-system/pw appears more than once (${join(dir, 'b.yaml')}:2 and ${join(dir, 'c.yaml')}:2); the last one is used`,
    );
  });

  it('two Nodes of one name: the last is used (as for every kind), warned', async () => {
    const dir = tempDir({
      'a.yaml': config('a').replace('spec:', 'spec:\n  nodeSelector: {matchLabels: {zone: b}}'),
      'b.yaml': node('a'),
      'c.yaml': node('b'),
    });
    const io = capture();
    expect(await main(['render', '-f', dir, '--node', 'n1'], io)).toBe(0);
    expect(io.stdout()).toContain('router bgp 64512');
    expect(io.stderr()).toMatch(
      /^warning DUPLICATE_OBJECT n1: Node n1 appears more than once \(.*b\.yaml:2 and .*c\.yaml:2\)/m,
    );
  });

  it('two FRRConfigurations of one name in render name their files, not "?"', async () => {
    const dir = tempDir({ 'a.yaml': config('x'), 'b.yaml': config('x') });
    const io = capture();
    expect(await main(['render', '-f', dir, '--node', 'n1'], io)).toBe(0);
    expect(io.stderr()).not.toContain('?');
    expect(io.stderr()).toContain(`(${join(dir, 'a.yaml')}:2 and ${join(dir, 'b.yaml')}:2)`);
    expect(lines(io.stderr())).toHaveLength(1);
  });

  it('validate warns once per duplicate too', async () => {
    const dir = tempDir({
      'a.yaml': config('x'),
      'b.yaml': config('x'),
      'c.yaml': secret('a') + '---' + secret('b'),
    });
    const io = capture();
    expect(await main(['validate', '-f', dir], io)).toBe(0);
    expect(lines(io.stdout()).filter((l) => l.includes('DUPLICATE_OBJECT'))).toHaveLength(2);
  });
});

describe('JSON output is sorted, not in input order', () => {
  it('validate -o json objects', async () => {
    const io = capture(config('b') + '---' + config('a'));
    expect(await main(['validate', '-f', '-', '-o', 'json'], io)).toBe(0);
    expect((JSON.parse(io.stdout()) as { objects: string[] }).objects).toEqual([
      'frr-k8s-system/a',
      'frr-k8s-system/b',
    ]);
  });

  it('render -o json sources', async () => {
    const io = capture(config('b') + '---' + config('a'));
    expect(await main(['render', '-f', '-', '--node', 'n1', '-o', 'json'], io)).toBe(0);
    const sources = (JSON.parse(io.stdout()) as { sources: { name: string }[] }).sources;
    expect(sources.map((s) => s.name)).toEqual(['a', 'b']);
  });
});
