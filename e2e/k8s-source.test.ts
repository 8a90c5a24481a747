// API-server tier for the ClusterSource: real informers, as the daemon's own identity, against a real
// kube-apiserver. Fixtures are made by the admin; what the daemon sees is read through view() only.

import { spawn } from 'node:child_process';
import { CustomObjectsApi, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import type { KubernetesListObject, KubernetesObject, V1RoleBinding } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Backoff } from '../src/k8s/backoff.ts';
import { createClusterSource, type ClusterSourceOptions } from '../src/k8s/cluster-source.ts';
import { ResilientInformer } from '../src/k8s/informer.ts';
import { ManagedWatch } from '../src/k8s/managed-watch.ts';
import type { ClusterSource, ClusterView } from '../src/k8s/port.ts';
import { createLogger } from '../src/log.ts';
import { apiRequest, DAEMON_NAMESPACE, REPO_ROOT, startApiEnv, tierGate, waitFor } from './env/index.ts';
import type { ApiEnv } from './env/index.ts';

const gate = tierGate('api');
const NS = DAEMON_NAMESPACE;
const NODE = 'source-node';
const GV = '/apis/frrk8s.metallb.io/v1beta1';

/** A log sink the tests can read: what the source said about its informers. */
interface LogLine {
  msg: string;
  err?: string;
}
function captureLogs(): { logger: ReturnType<typeof createLogger>; lines: () => LogLine[] } {
  const raw: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void raw.push(line) });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as LogLine) };
}

describe.skipIf(gate.skip)('ClusterSource against a real API server', () => {
  let env: ApiEnv;
  const running: ClusterSource[] = [];

  async function admin(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
    const contentType = method === 'PATCH' ? 'application/merge-patch+json' : undefined;
    const res = await apiRequest(env.admin, method, path, body, contentType);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body as KubernetesObject;
  }

  const frrConfiguration = (name: string, asn: number, namespace = NS) =>
    admin('POST', `${GV}/namespaces/${namespace}/frrconfigurations`, {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name },
      spec: { bgp: { routers: [{ asn }] } },
    });

  /** A started source as the daemon, with a counter of onChange calls. */
  async function start(extra: Partial<ClusterSourceOptions> = {}) {
    let changes = 0;
    const source = createClusterSource({ kubeConfig: env.daemon, namespace: NS, nodeName: NODE, ...extra });
    running.push(source);
    await source.start(() => changes++);
    const until = <T>(what: string, probe: (view: ClusterView) => T | undefined | false) =>
      waitFor(what, () => probe(source.view()), { timeoutMs: 15_000, intervalMs: 20 });
    await until('the source to sync', (v) => v.synced);
    return { source, until, changes: () => changes };
  }

  const names = (view: ClusterView) => view.configurations.map((c) => (c as KubernetesObject).metadata?.name);

  beforeAll(async () => {
    gate.assertReady();
    env = await startApiEnv();
    await admin('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: NODE, labels: { zone: 'a' } },
    });
    await admin('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'other-node' },
    });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('lists what exists at start: configurations of its namespace only, its node, secrets, log level', async () => {
    await frrConfiguration('pre-existing', 64512);
    await frrConfiguration('elsewhere', 64513, 'default');
    await admin('POST', `${GV}/namespaces/${NS}/frrk8sconfigurations`, {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRK8sConfiguration',
      metadata: { name: 'config' },
      spec: { logLevel: 'debug' },
    });
    await admin('POST', `${GV}/namespaces/${NS}/frrk8sconfigurations`, {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRK8sConfiguration',
      metadata: { name: 'not-config' },
      spec: { logLevel: 'error' },
    });
    await admin('POST', `/api/v1/namespaces/${NS}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pre-secret', annotations: { note: 'not kept' } },
      type: 'kubernetes.io/basic-auth',
      stringData: { password: 'pre-pass' },
    });

    const { source } = await start();
    const view = source.view();
    expect(names(view)).toEqual(['pre-existing']);
    const [config] = view.configurations as { spec?: unknown; metadata?: { managedFields?: unknown } }[];
    expect(config?.spec).toEqual({ bgp: { routers: [{ asn: 64512 }] } });
    expect(config?.metadata?.managedFields).toBeUndefined();
    expect(view.node).toEqual({ name: NODE, labels: { zone: 'a' } });
    expect(view.secrets.get('pre-secret')).toEqual({
      namespace: NS,
      name: 'pre-secret',
      type: 'kubernetes.io/basic-auth',
      data: { password: 'pre-pass' },
    });
    expect(view.logLevel).toBe('debug');
  });

  it('follows FRRConfigurations: add, update and delete each fire onChange; other namespaces stay out', async () => {
    const { source, until, changes } = await start();
    let before = changes();
    await frrConfiguration('followed', 64600);
    await until('the new configuration', (v) => names(v).includes('followed'));
    expect(changes()).toBeGreaterThan(before);

    before = changes();
    await admin('PATCH', `${GV}/namespaces/${NS}/frrconfigurations/followed`, {
      spec: { bgp: { routers: [{ asn: 64601 }] } },
    });
    await until('the updated configuration', (v) =>
      v.configurations.some((c) => JSON.stringify(c).includes('64601')),
    );
    expect(changes()).toBeGreaterThan(before);

    // An object in a namespace the source does not watch, created before the deletion: by the time
    // the deletion shows, a cluster-wide watch would have delivered this earlier event too.
    await frrConfiguration('ignored', 64700, 'default');
    before = changes();
    await admin('DELETE', `${GV}/namespaces/${NS}/frrconfigurations/followed`);
    await until('the deletion', (v) => !names(v).includes('followed'));
    expect(changes()).toBeGreaterThan(before);
    expect(names(source.view())).not.toContain('ignored');
  });

  it('follows its node’s labels, and stays quiet when only the node’s status changes', async () => {
    const { until, changes } = await start();
    await admin('PATCH', `/api/v1/nodes/${NODE}`, { metadata: { labels: { zone: 'b', rack: '7' } } });
    await until('the new labels', (v) => v.node?.labels['zone'] === 'b' && v.node.labels['rack'] === '7');

    // kubelets rewrite node status every few minutes: that must not wake the daemon. The label change
    // after it is on the same watch, so once it is seen the status change was handled (and ignored).
    const before = changes();
    await admin('PATCH', `/api/v1/nodes/${NODE}/status`, {
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok' }] },
    });
    await admin('PATCH', `/api/v1/nodes/${NODE}`, { metadata: { labels: { rack: null } } });
    await until('the removed label', (v) => v.node !== undefined && !('rack' in v.node.labels));
    expect(changes()).toBe(before + 1);
    // Other nodes are not watched at all.
    await admin('PATCH', '/api/v1/nodes/other-node', { metadata: { labels: { x: 'y' } } });
  });

  it('decodes Secrets written as data or stringData, follows updates and deletes', async () => {
    const { source, until, changes } = await start();
    const secret = (name: string, content: object, type = 'kubernetes.io/basic-auth') =>
      admin('POST', `/api/v1/namespaces/${NS}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name },
        type,
        ...content,
      });
    let before = changes();
    await secret('as-data', { data: { password: Buffer.from('from-data').toString('base64') } });
    await secret('as-string', { stringData: { password: 'from-stringData' } });
    await until('both secrets', (v) => v.secrets.has('as-data') && v.secrets.has('as-string'));
    expect(source.view().secrets.get('as-data')).toEqual({
      namespace: NS,
      name: 'as-data',
      type: 'kubernetes.io/basic-auth',
      data: { password: 'from-data' },
    });
    expect(source.view().secrets.get('as-string')?.data).toEqual({ password: 'from-stringData' });
    expect(changes()).toBeGreaterThanOrEqual(before + 2);

    // Other types: only the type is kept (the pipeline needs no more to call it the wrong Secret).
    await secret('opaque', { stringData: { password: 'not-kept' } }, 'Opaque');
    await until('the opaque secret', (v) => v.secrets.has('opaque'));
    expect(source.view().secrets.get('opaque')).toMatchObject({ type: 'Opaque', data: {} });

    before = changes();
    await admin('PATCH', `/api/v1/namespaces/${NS}/secrets/as-data`, { stringData: { password: 'rotated' } });
    await until('the rotated password', (v) => v.secrets.get('as-data')?.data['password'] === 'rotated');
    expect(changes()).toBeGreaterThan(before);

    before = changes();
    await admin('DELETE', `/api/v1/namespaces/${NS}/secrets/as-string`);
    await until('the deleted secret', (v) => !v.secrets.has('as-string'));
    expect(changes()).toBeGreaterThan(before);
  });

  it('reads the log level of `config` only, and follows it', async () => {
    const { until, changes } = await start();
    expect((await until('a log level', (v) => v.logLevel !== undefined && v)).logLevel).toBe('debug');
    let before = changes();
    await admin('PATCH', `${GV}/namespaces/${NS}/frrk8sconfigurations/not-config`, {
      spec: { logLevel: 'none' },
    });
    await admin('PATCH', `${GV}/namespaces/${NS}/frrk8sconfigurations/config`, {
      spec: { logLevel: 'warn' },
    });
    await until('log level warn', (v) => v.logLevel === 'warn');
    expect(changes()).toBe(before + 1);

    before = changes();
    await admin('DELETE', `${GV}/namespaces/${NS}/frrk8sconfigurations/config`);
    await until('no log level', (v) => v.logLevel === undefined);
    expect(changes()).toBe(before + 1);
  });

  it('fails a watch its watchdog finds silent, restarts it with backoff, and keeps converging', async () => {
    const { logger, lines } = captureLogs();
    // The server would end each watch after 30 s; a grace of -29.7 s makes the watchdog give up after
    // 0.3 s, as it would for a connection to an API server that vanished without closing it.
    const { until } = await start({
      logger,
      watchTimeoutSeconds: 30,
      watchGraceMs: -29_700,
      backoff: { initialMs: 50, maxMs: 200 },
    });
    const restarts = () =>
      lines().filter((l) => l.msg === 'informer failed; restarting it' && /silent/.test(l.err ?? '')).length;
    await waitFor('watchdog restarts', () => restarts() >= 8, { timeoutMs: 15_000 });
    await frrConfiguration('across-restarts', 64950);
    await until('a configuration made while watches keep failing', (v) =>
      names(v).includes('across-restarts'),
    );
    await admin('DELETE', `${GV}/namespaces/${NS}/frrconfigurations/across-restarts`);
    await until('its deletion', (v) => !names(v).includes('across-restarts'));
  });

  describe('when the API server refuses it for a while (its RoleBinding removed)', () => {
    const rbac = () => env.admin.makeApiClient(RbacAuthorizationV1Api);
    let binding: V1RoleBinding;

    async function revoke(): Promise<void> {
      binding = await rbac().readNamespacedRoleBinding({ name: 'frr-k8s-daemon', namespace: NS });
      await rbac().deleteNamespacedRoleBinding({ name: 'frr-k8s-daemon', namespace: NS });
      // RBAC takes effect once the API server's own informer saw the deletion.
      await waitFor('the daemon to be refused', async () => {
        const res = await apiRequest(env.daemon, 'GET', `/api/v1/namespaces/${NS}/secrets`);
        return res.status === 403;
      });
    }

    async function restore(): Promise<void> {
      const { name, namespace, labels } = binding.metadata ?? {};
      await rbac().createNamespacedRoleBinding({
        namespace: NS,
        body: { ...binding, metadata: { name, namespace, labels } },
      });
    }

    afterEach(async () => {
      // Leave RBAC as the other tests expect it, whatever happened.
      const res = await apiRequest(
        env.admin,
        'GET',
        `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings/frr-k8s-daemon`,
      );
      if (res.status === 404) await restore();
    });

    it('restarts its broken watches with backoff and converges once allowed again', async () => {
      const { logger, lines } = captureLogs();
      // Watches end every second, so each informer soon reconnects and meets the 403.
      const { until } = await start({
        logger,
        watchTimeoutSeconds: 1,
        backoff: { initialMs: 50, maxMs: 400 },
      });
      await revoke();
      await waitFor(
        'informers to fail and retry',
        () => lines().filter((l) => l.msg === 'informer failed; restarting it').length >= 4,
        { timeoutMs: 15_000 },
      );
      await frrConfiguration('during-outage', 64800);
      await restore();
      await until('the configuration made during the outage', (v) => names(v).includes('during-outage'));
      await frrConfiguration('after-outage', 64801);
      await until('a configuration made after it', (v) => names(v).includes('after-outage'));
    });

    it('starts while refused: not synced, then syncs by itself once allowed', async () => {
      await revoke();
      const source = createClusterSource({
        kubeConfig: env.daemon,
        namespace: NS,
        nodeName: NODE,
        backoff: { initialMs: 50, maxMs: 200 },
      });
      running.push(source);
      let changes = 0;
      await source.start(() => changes++);
      expect(source.view().synced).toBe(false);
      // Its node comes through the ClusterRole, which is still there.
      expect(source.view().node?.name).toBe(NODE);
      await restore();
      await waitFor('the source to sync', () => source.view().synced, { timeoutMs: 15_000 });
      expect(changes).toBeGreaterThan(0);
      expect(names(source.view())).toContain('pre-existing');
    });
  });

  it('relists after 410 Gone (a watch from a resourceVersion the API server no longer has)', async () => {
    /** A watch whose first request asks for resourceVersion 1, older than anything the API server keeps
     *  for a CRD (its watch cache starts when the CRD does): answered with an ERROR event, code 410. */
    class StaleOnce extends ManagedWatch<KubernetesObject> {
      stale = true;
      readonly phases: string[] = [];
      override watch(...[path, params, callback, done]: Parameters<ManagedWatch<KubernetesObject>['watch']>) {
        const first = this.stale;
        this.stale = false;
        return super.watch(
          path,
          first ? { ...params, resourceVersion: '1' } : params,
          (phase, obj, raw) => {
            this.phases.push(phase === 'ERROR' ? `ERROR ${(obj as { code?: number }).code}` : phase);
            callback(phase, obj, raw);
          },
          done,
        );
      }
    }
    const custom = env.daemon.makeApiClient(CustomObjectsApi);
    let lists = 0;
    const watch = new StaleOnce(env.daemon, { timeoutSeconds: () => 30 });
    const informer = new ResilientInformer<KubernetesObject>({
      name: 'frrconfigurations',
      path: `${GV}/namespaces/${NS}/frrconfigurations`,
      list: () => {
        lists++;
        const ref = { group: 'frrk8s.metallb.io', version: 'v1beta1', plural: 'frrconfigurations' };
        return custom.listNamespacedCustomObject({ ...ref, namespace: NS }) as Promise<
          KubernetesListObject<KubernetesObject>
        >;
      },
      watch,
      backoff: new Backoff({ initialMs: 50 }),
      logger: createLogger('none'),
    });
    try {
      await informer.start(() => {});
      await waitFor('a relist after the 410', () => lists >= 2, { timeoutMs: 15_000 });
      expect(watch.phases[0]).toBe('ERROR 410');
      await frrConfiguration('after-410', 64900);
      await waitFor('the informer to keep following', () => informer.get('after-410', NS) !== undefined, {
        timeoutMs: 15_000,
      });
    } finally {
      await informer.stop();
    }
  });

  it('lets the process exit after stop() (and after status writes): no socket, watch or timer left behind', async () => {
    // In a child process, so that "exits by itself" is what is checked, not vitest's own handles.
    const script = `
      import { KubeConfig } from '@kubernetes/client-node';
      import { createClusterSource, createStatusSink } from './src/k8s/index.ts';
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(process.env.DAEMON_KUBECONFIG);
      const options = { kubeConfig, namespace: '${NS}', nodeName: '${NODE}' };
      const source = createClusterSource({ ...options, watchTimeoutSeconds: 600, backoff: { initialMs: 60000 } });
      await source.start(() => {});
      while (!source.view().synced) await new Promise((r) => setTimeout(r, 20));
      // The sink has no stop(): its requests must not keep the process alive either.
      const sink = createStatusSink(options);
      await sink.writeNodeState('${NODE}', { lastReloadResult: 'success' });
      await sink.event({ apiVersion: 'v1', kind: 'Node', name: '${NODE}' }, 'Normal', 'Exiting', 'bye');
      await source.stop();
      console.log('stopped');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, DAEMON_KUBECONFIG: env.daemonKubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stoppedAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (stoppedAt === 0 && output.includes('stopped')) stoppedAt = performance.now();
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      // 'close', not 'exit': only then has all of the child's output been read.
      child.on('close', (c) => {
        clearTimeout(kill);
        resolve(c);
      });
    });
    expect(output).toContain('stopped');
    expect(code, output).toBe(0);
    expect(performance.now() - stoppedAt).toBeLessThan(2000);
  });
});
