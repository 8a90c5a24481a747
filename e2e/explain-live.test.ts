// API-server tier for `frrk8s explain` / `render` without -f: objects for several nodes in a real
// kube-apiserver, read as a person with a kubeconfig would (the admin) and as the daemon's own identity
// (real RBAC). Each object's state on the node, the selector reason, a password read from its Secret,
// and the coded errors of a wrong node, namespace, credentials or permissions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { capture } from '../src/cli/test-io.ts';
import {
  apiRequest,
  DAEMON_NAMESPACE,
  startApiEnv,
  tierGate,
  tokenKubeConfig,
  waitFor,
  writeKubeConfig,
} from './env/index.ts';
import type { ApiEnv } from './env/index.ts';

const gate = tierGate('api');
const NS = DAEMON_NAMESPACE;
const GV = '/apis/frrk8s.metallb.io/v1beta1';

const node = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
});

const neighbor = (address: string, secret?: string) => ({
  address,
  asn: 64500,
  ...(secret === undefined ? {} : { passwordSecret: { name: secret } }),
});

const configuration = (name: string, nodeSelector: unknown, neighbors: unknown[], asn = 64512) => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name, namespace: NS },
  spec: { nodeSelector, bgp: { routers: [{ asn, neighbors }] } },
});

const secret = (name: string, password: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: NS },
  type: 'kubernetes.io/basic-auth',
  data: { password: Buffer.from(password).toString('base64') },
});

const NODES = [node('node-a', { zone: 'a' }), node('node-b', { zone: 'b' }), node('node-c', { zone: 'a' })];
const CONFIGURATIONS = [
  configuration('for-a', { matchLabels: { 'kubernetes.io/hostname': 'node-a' } }, [
    neighbor('192.0.2.1', 'peer-a'),
  ]),
  configuration('for-b', { matchLabels: { 'kubernetes.io/hostname': 'node-b' } }, [
    neighbor('192.0.2.2', 'peer-b'),
  ]),
  configuration('zone-a', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, [
    neighbor('192.0.2.9'),
  ]),
  configuration('for-c', { matchLabels: { 'kubernetes.io/hostname': 'node-c' } }, [
    neighbor('192.0.2.3', 'never-created'),
  ]),
];
const SECRETS = [secret('peer-a', 'secret-of-a'), secret('peer-b', 'secret-of-b')];

describe.skipIf(gate.skip)('frrk8s explain and render against a live cluster', () => {
  let env: ApiEnv;
  let files: string;

  async function create(path: string, body: unknown) {
    const res = await apiRequest(env.admin, 'POST', path, body);
    expect(res.status, `POST ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  }

  async function cli(...args: string[]) {
    const io = capture();
    const code = await main(args, io);
    return { code, out: io.stdout(), err: io.stderr() };
  }

  beforeAll(async () => {
    gate.assertReady();
    env = await startApiEnv();
    for (const n of NODES) await create('/api/v1/nodes', n);
    for (const s of SECRETS) await create(`/api/v1/namespaces/${NS}/secrets`, s);
    for (const c of CONFIGURATIONS) await create(`${GV}/namespaces/${NS}/frrconfigurations`, c);
    // The same objects as manifests, for the files-versus-cluster comparison.
    files = join(mkdtempSync(join(env.run.dir, 'manifests-')), 'all.json');
    writeFileSync(
      files,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...NODES, ...SECRETS, ...CONFIGURATIONS] }),
    );
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('says each object’s state on the node, with the selector term that did not match', async () => {
    const r = await cli('explain', '--node', 'node-a', '--kubeconfig', env.adminKubeconfigPath);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const header = r.out.split('\n').filter((l) => l.startsWith('# '));
    expect(header).toEqual([
      '# frr-k8s-system/for-a: Applied (generation 1)',
      '# frr-k8s-system/zone-a: Applied (generation 1)',
      '# frr-k8s-system/for-b: NotSelected: not selected for node node-a: label kubernetes.io/hostname is "node-a", the selector wants "node-b"',
      '# frr-k8s-system/for-c: NotSelected: not selected for node node-a: label kubernetes.io/hostname is "node-a", the selector wants "node-c"',
    ]);
    // The password comes from the Secret the object references, retracted unless asked for.
    expect(r.out).toMatch(
      /^ neighbor 192\.0\.2\.1 password <retracted> +# frr-k8s-system\/for-a spec\.bgp\.routers\[0\]\.neighbors\[0\]\.passwordSecret$/m,
    );
    const shown = await cli(
      'render',
      '--node',
      'node-a',
      '--kubeconfig',
      env.adminKubeconfigPath,
      '--show-secrets',
    );
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(' neighbor 192.0.2.1 password secret-of-a\n');
    expect(shown.out).not.toContain('secret-of-b');
  });

  it('says why for a matchExpressions selector, and --object answers for one object', async () => {
    const r = await cli(
      'explain',
      '--node',
      'node-b',
      '--kubeconfig',
      env.adminKubeconfigPath,
      '--object',
      'zone-a',
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '# frr-k8s-system/zone-a: NotSelected: not selected for node node-b: label zone is "b", the selector wants one of a\n',
    );
  });

  it('an object whose Secret does not exist is Invalid on its node; the others there wait', async () => {
    const r = await cli('explain', '--node', 'node-c', '--kubeconfig', env.adminKubeconfigPath);
    expect(r.code).toBe(1);
    expect(
      r.out
        .split('\n')
        .filter((l) => l.startsWith('# '))
        .slice(0, 2),
    ).toEqual([
      '# frr-k8s-system/for-c: Invalid: SECRET_UNRESOLVED',
      '# frr-k8s-system/zone-a: Pending: another object on this node has errors; the last good configuration stays',
    ]);
    expect(r.err).toMatch(
      /^error SECRET_UNRESOLVED frr-k8s-system\/for-c spec\.bgp\.routers\[0\]\.neighbors\[0\]\.passwordSecret/m,
    );
  });

  it('renders from the cluster exactly what it renders from the same objects as files', async () => {
    for (const n of ['node-a', 'node-b']) {
      const live = await cli('render', '--node', n, '--kubeconfig', env.adminKubeconfigPath, '-o', 'json');
      const offline = await cli('render', '--node', n, '-f', files, '-o', 'json');
      expect(live.code).toBe(0);
      expect(offline.code).toBe(0);
      const config = (out: string) => (JSON.parse(out) as { config: string }).config;
      expect(config(live.out)).toBe(config(offline.out));
    }
  });

  it('validate reads the same from the cluster as from the same objects as files', async () => {
    const live = await cli('validate', '--kubeconfig', env.adminKubeconfigPath, '-o', 'json');
    const offline = await cli('validate', '-f', files, '-o', 'json');
    expect(live.err).toBe('');
    expect(live.code).toBe(offline.code);
    expect(JSON.parse(live.out)).toEqual(JSON.parse(offline.out));
    const report = JSON.parse(live.out) as { problems: { code: string }[]; nodes: { name: string }[] };
    expect(report.problems.map((p) => p.code)).toEqual(['SECRET_NOT_FOUND']);
    expect(report.nodes.map((n) => n.name)).toEqual(['node-a', 'node-b', 'node-c']);
  });

  it('works with the daemon’s own least-privilege identity', async () => {
    const r = await cli('explain', '--node', 'node-a', '--kubeconfig', env.daemonKubeconfigPath);
    expect(r.code).toBe(0);
    expect(r.out).toContain('# frr-k8s-system/for-a: Applied (generation 1)\n');
  });

  it('a node that does not exist is CLUSTER_NODE_NOT_FOUND, naming the nodes with similar names', async () => {
    const r = await cli('explain', '--node', 'node-d', '--kubeconfig', env.adminKubeconfigPath);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'error CLUSTER_NODE_NOT_FOUND the cluster has no Node named "node-d"; similar names: node-a, node-b, node-c\n',
    );
  });

  it('a namespace that does not exist is CLUSTER_NAMESPACE_NOT_FOUND, not "no objects"', async () => {
    const r = await cli(
      'explain',
      '--node',
      'node-a',
      '-n',
      'frr-k8s-sytem',
      '--kubeconfig',
      env.adminKubeconfigPath,
    );
    expect(r.code).toBe(2);
    expect(r.err).toBe('error CLUSTER_NAMESPACE_NOT_FOUND namespace "frr-k8s-sytem" does not exist\n');
  });

  it('RBAC that does not allow a read is CLUSTER_FORBIDDEN, naming the verb, resource and namespace', async () => {
    // The daemon may read FRRConfigurations in its own namespace only.
    const r = await cli(
      'explain',
      '--node',
      'node-a',
      '-n',
      'default',
      '--kubeconfig',
      env.daemonKubeconfigPath,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error CLUSTER_FORBIDDEN RBAC does not allow the kubeconfig's user to list frrconfigurations in namespace default: HTTP 403: /,
    );
  });

  it('credentials the API server refuses are CLUSTER_UNAUTHORIZED; a missing kubeconfig is KUBECONFIG_UNREADABLE', async () => {
    const cluster = env.admin.getCurrentCluster()!;
    const ca = cluster.caData === undefined ? undefined : Buffer.from(cluster.caData, 'base64').toString();
    const wrong = writeKubeConfig(
      tokenKubeConfig(env.server, ca, { name: 'wrong', token: 'not-a-token' }),
      join(env.run.dir, 'wrong.kubeconfig'),
    );
    const r = await cli('explain', '--node', 'node-a', '--kubeconfig', wrong);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      new RegExp(
        `^error CLUSTER_UNAUTHORIZED the API server at ${env.server} refused the kubeconfig's credentials \\(get nodes "node-a" \\(cluster scope\\)\\): HTTP 401`,
      ),
    );
    const missing = await cli('explain', '--node', 'node-a', '--kubeconfig', join(env.run.dir, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error KUBECONFIG_UNREADABLE .*nope: ENOENT/);
  });

  it('a Secret name no Secret can have is reported on the object, not asked of the API server', async () => {
    await create('/api/v1/nodes', node('odd'));
    await create(
      `${GV}/namespaces/${NS}/frrconfigurations`,
      configuration('odd-refs', { matchLabels: { 'kubernetes.io/hostname': 'odd' } }, [
        neighbor('192.0.2.1', 'a/b'),
        neighbor('192.0.2.2', 'Not_A_Name'),
        // In a URL path, ".." is the parent: asked by name it read the Namespace object, which the
        // daemon's identity may not (CLUSTER_FORBIDDEN, the whole command failed).
        neighbor('192.0.2.3', '..'),
      ]),
    );
    const r = await cli('explain', '--node', 'odd', '--kubeconfig', env.daemonKubeconfigPath);
    expect(r.err).not.toMatch(/^error CLUSTER_/m);
    expect(r.code).toBe(1);
    expect(r.out).toContain('# frr-k8s-system/odd-refs: Invalid: SECRET_UNRESOLVED\n');
  });

  // Last: it removes the CRD the other tests read.
  it('a cluster without the frrk8s CRDs is CLUSTER_API_MISSING', async () => {
    const crd = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/frrconfigurations.frrk8s.metallb.io';
    expect((await apiRequest(env.admin, 'DELETE', crd)).status).toBeLessThan(300);
    await waitFor(
      'the FRRConfiguration API to go away',
      async () =>
        (await apiRequest(env.admin, 'GET', `${GV}/namespaces/${NS}/frrconfigurations`)).status === 404,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const r = await cli('explain', '--node', 'node-a', '--kubeconfig', env.adminKubeconfigPath);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `error CLUSTER_API_MISSING the API server at ${env.server} does not serve frrconfigurations.frrk8s.metallb.io/v1beta1 (are the frrk8s CRDs installed?)\n`,
    );
  });
});
