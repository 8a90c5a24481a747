// render/explain without -f read the live cluster: which flags go together, what is read, and how a
// cluster that cannot be read ends (coded, exit 2). The API-server tier (e2e/explain-live.test.ts)
// runs the same commands against a real kube-apiserver.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { OneShotReader } from '../k8s/one-shot-reader.ts';
import { main } from './main.ts';
import { loadClusterSnapshot } from './snapshot-from-cluster.ts';
import { readCluster } from './validate-from-cluster.ts';
import { capture } from './test-io.ts';

const object = (name: string, node: string, secret?: string): KubernetesObject =>
  ({
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, namespace: 'frr-k8s-system' },
    spec: {
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node } },
      bgp: {
        routers: [
          {
            asn: 64512,
            neighbors: [
              { address: '192.0.2.1', asn: 64500, ...(secret ? { passwordSecret: { name: secret } } : {}) },
            ],
          },
        ],
      },
    },
  }) as KubernetesObject;

/** A cluster in memory behind the reader's port, noting which Secrets were asked for. */
function fakeCluster(objects: KubernetesObject[], labels: Record<string, string>) {
  const asked: string[][] = [];
  const reader: OneShotReader = {
    configurations: () => Promise.resolve(objects),
    node: (name) => Promise.resolve({ name, labels }),
    nodes: () => Promise.resolve([{ name: labels['kubernetes.io/hostname'] ?? '', labels }]),
    secrets: (names) => {
      asked.push([...names]);
      return Promise.resolve(
        names.map((name) => ({
          metadata: { name, namespace: 'frr-k8s-system' },
          type: 'kubernetes.io/basic-auth',
          data: { password: Buffer.from(`pw-${name}`).toString('base64') },
        })),
      );
    },
  };
  return { reader, asked };
}

const nodeFlags = { filename: [], namespace: 'frr-k8s-system', logLevel: 'info' as const };

describe('the live source', () => {
  it('reads only the Secrets the objects selecting the node reference, and uses them', async () => {
    const { reader, asked } = fakeCluster(
      [object('for-a', 'node-a', 'secret-a'), object('for-b', 'node-b', 'secret-b')],
      { 'kubernetes.io/hostname': 'node-a' },
    );
    const loaded = await loadClusterSnapshot({ ...nodeFlags, node: 'node-a' }, () => reader);
    expect(asked).toEqual([['secret-a']]);
    expect([...loaded.snapshot.secrets.keys()]).toEqual(['secret-a']);
    expect(loaded.snapshot.secrets.get('secret-a')?.data['password']).toBe('pw-secret-a');
    expect(loaded.snapshot.node).toEqual({ name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } });
  });

  it('validate reads every object, every Node, and the Secrets any object references', async () => {
    const { reader, asked } = fakeCluster(
      [object('for-a', 'node-a', 'secret-a'), object('for-b', 'node-b', 'secret-b')],
      { 'kubernetes.io/hostname': 'node-a' },
    );
    const inputs = await readCluster({ filename: [], namespace: 'frr-k8s-system' }, () => reader);
    expect(asked).toEqual([['secret-a', 'secret-b']]);
    expect(inputs.configurations.map((c) => (c.value as KubernetesObject).metadata?.name)).toEqual([
      'for-a',
      'for-b',
    ]);
    expect(inputs.nodes).toEqual([{ name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } }]);
    expect([...inputs.secrets.keys()]).toEqual(['secret-a', 'secret-b']);
  });

  it('lays --node-labels over the Node’s labels, as with files', async () => {
    const { reader } = fakeCluster([], { 'kubernetes.io/hostname': 'node-a', zone: 'a' });
    const loaded = await loadClusterSnapshot(
      { ...nodeFlags, node: 'node-a', nodeLabels: 'zone=b,rack=r1' },
      () => reader,
    );
    expect(loaded.snapshot.node.labels).toEqual({
      'kubernetes.io/hostname': 'node-a',
      zone: 'b',
      rack: 'r1',
    });
  });
});

describe('render/explain argument handling without -f', () => {
  it('-f with --kubeconfig or --context is a usage error: one source or the other', async () => {
    for (const flag of [
      ['--kubeconfig', '/tmp/x'],
      ['--context', 'prod'],
    ]) {
      for (const command of [['render', '--node', 'node-a'], ['explain', '--node', 'node-a'], ['validate']]) {
        const io = capture();
        expect(await main([...command, '-f', 'config/samples', ...flag], io)).toBe(2);
        expect(io.stderr()).toContain(
          `error: -f reads manifests and ${flag[0]} reads the cluster: give one or the other\n`,
        );
      }
    }
  });

  it('checks the flags before reading any kubeconfig', async () => {
    const io = capture();
    expect(await main(['explain', '--node', 'Node_A', '--kubeconfig', '/nonexistent'], io)).toBe(2);
    expect(io.stderr()).toMatch(/^error: --node: "Node_A" is not a node name/);
  });

  it('a -n that is not a namespace name is a usage error: it would name another URL path', async () => {
    for (const namespace of ['..', 'a/b', 'Frr']) {
      const io = capture();
      const args = ['explain', '--node', 'node-a', '-n', namespace, '--kubeconfig', '/nonexistent'];
      expect(await main(args, io)).toBe(2);
      expect(io.stderr()).toMatch(/^error: -n: ".*" is not a namespace name \(a DNS label\)/);
    }
  });

  it('an unreadable --kubeconfig is KUBECONFIG_UNREADABLE, exit 2, no output', async () => {
    const io = capture();
    const missing = join(mkdtempSync(join(tmpdir(), 'frrk8s-live-')), 'missing');
    expect(await main(['explain', '--node', 'node-a', '--kubeconfig', missing], io)).toBe(2);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toMatch(new RegExp(`^error KUBECONFIG_UNREADABLE ${missing}: ENOENT`));
  });

  it('an API server that does not answer is CLUSTER_UNREACHABLE, naming the server and the request', async () => {
    // A port that was free a moment ago: the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const file = join(mkdtempSync(join(tmpdir(), 'frrk8s-live-')), 'kubeconfig');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    );
    for (const command of [['render', '--node', 'node-a'], ['explain', '--node', 'node-a'], ['validate']]) {
      const io = capture();
      expect(await main([...command, '--kubeconfig', file], io)).toBe(2);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toMatch(
        new RegExp(
          `^error CLUSTER_UNREACHABLE cannot reach the API server at https://127\\.0\\.0\\.1:${port} \\(${command[0] === 'validate' ? 'list frrconfigurations in namespace frr-k8s-system' : 'get nodes "node-a" \\(cluster scope\\)'}\\): .*ECONNREFUSED`,
        ),
      );
    }
  });
});
