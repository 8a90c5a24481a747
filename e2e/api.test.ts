// API-server tier: the real kube-apiserver serves our CRDs, and the daemon's service-account
// identity gets exactly what config/rbac grants — checked with real requests, not mocks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, DAEMON_NAMESPACE, startApiEnv, tierGate, tokenKubeConfig } from './env/index.ts';
import type { ApiEnv } from './env/index.ts';

const gate = tierGate('api');
const GV = '/apis/frrk8s.metallb.io/v1beta1';
const NS = DAEMON_NAMESPACE;
const NODE = 'e2e-node-a';

interface ResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

describe.skipIf(gate.skip)('API server tier', () => {
  let env: ApiEnv;

  beforeAll(async () => {
    gate.assertReady();
    const t0 = performance.now();
    env = await startApiEnv();
    console.log(
      `api env: etcd + kube-apiserver + CRDs + RBAC ready in ${Math.round(performance.now() - t0)} ms`,
    );
    // A Node for the daemon to read, and a Secret in another namespace it must not read.
    const node = await apiRequest(env.admin, 'POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE } },
    });
    expect(node.status).toBe(201);
    const secret = await apiRequest(env.admin, 'POST', '/api/v1/namespaces/default/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'not-for-the-daemon' },
      stringData: { password: 'x' },
    });
    expect(secret.status).toBe(201);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('serves the four frrk8s kinds, with upstream scopes', async () => {
    const res = await apiRequest(env.admin, 'GET', GV);
    expect(res.status).toBe(200);
    const resources = (res.body as ResourceList).resources.filter((r) => !r.name.includes('/'));
    const scope = Object.fromEntries(resources.map((r) => [r.name, r.namespaced]));
    expect(scope).toEqual({
      frrconfigurations: true,
      frrnodestates: false,
      bgpsessionstates: true,
      frrk8sconfigurations: true,
    });
    // Served means usable, not just listed in discovery.
    for (const r of resources) {
      const path = r.namespaced ? `${GV}/namespaces/${NS}/${r.name}` : `${GV}/${r.name}`;
      expect((await apiRequest(env.admin, 'GET', path)).status, path).toBe(200);
    }
  });

  it('authenticates tokens for real: an unknown token is rejected', async () => {
    const stranger = tokenKubeConfig(env.server, env.controlPlane?.caPem, {
      name: 'x',
      token: 'not-a-token',
    });
    expect((await apiRequest(stranger, 'GET', '/api/v1/nodes')).status).toBe(401);
  });

  // Reads the daemon needs.
  it.each([
    ['list nodes', '/api/v1/nodes'],
    ['get its node', `/api/v1/nodes/${NODE}`],
    ['watch nodes', '/api/v1/nodes?watch=1&timeoutSeconds=1'],
    ['list secrets in its namespace', `/api/v1/namespaces/${NS}/secrets`],
    ['list FRRConfigurations in its namespace', `${GV}/namespaces/${NS}/frrconfigurations`],
    [
      'watch FRRConfigurations in its namespace',
      `${GV}/namespaces/${NS}/frrconfigurations?watch=1&timeoutSeconds=1`,
    ],
    ['list FRRK8sConfigurations in its namespace', `${GV}/namespaces/${NS}/frrk8sconfigurations`],
    ['list BGPSessionStates in its namespace', `${GV}/namespaces/${NS}/bgpsessionstates`],
  ])('daemon may %s', async (_what, path) => {
    expect((await apiRequest(env.daemon, 'GET', path)).status).toBe(200);
  });

  // Reads it must not have. The admin gets each one, so a 403 is RBAC speaking, not a bad path.
  it.each([
    ['list secrets in another namespace', '/api/v1/namespaces/default/secrets'],
    ['get a secret in another namespace', '/api/v1/namespaces/default/secrets/not-for-the-daemon'],
    ['list secrets cluster-wide', '/api/v1/secrets'],
    ['list FRRConfigurations in another namespace', `${GV}/namespaces/default/frrconfigurations`],
    ['list FRRConfigurations cluster-wide', `${GV}/frrconfigurations`],
    ['list configmaps', `/api/v1/namespaces/${NS}/configmaps`],
    ['list other nodes’ FRRNodeStates', `${GV}/frrnodestates`],
  ])('daemon may not %s', async (_what, path) => {
    expect((await apiRequest(env.daemon, 'GET', path)).status).toBe(403);
    expect((await apiRequest(env.admin, 'GET', path)).status).toBe(200);
  });

  it('daemon may not change or delete nodes', async () => {
    const patch = await apiRequest(
      env.daemon,
      'PATCH',
      `/api/v1/nodes/${NODE}`,
      { metadata: { labels: { x: 'y' } } },
      'application/merge-patch+json',
    );
    expect(patch.status).toBe(403);
    expect((await apiRequest(env.daemon, 'DELETE', `/api/v1/nodes/${NODE}`)).status).toBe(403);
    expect((await apiRequest(env.admin, 'GET', `/api/v1/nodes/${NODE}`)).status).toBe(200);
  });

  it('daemon may not write FRRConfigurations (it only consumes them)', async () => {
    const res = await apiRequest(env.daemon, 'POST', `${GV}/namespaces/${NS}/frrconfigurations`, {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRConfiguration',
      metadata: { name: 'sneaky' },
      spec: {},
    });
    expect(res.status).toBe(403);
  });

  it('daemon may create, read and update its FRRNodeState and its status, but not delete it', async () => {
    const created = await apiRequest(env.daemon, 'POST', `${GV}/frrnodestates`, {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRNodeState',
      metadata: { name: NODE },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await apiRequest(env.daemon, 'GET', `${GV}/frrnodestates/${NODE}`)).status).toBe(200);
    const status = await apiRequest(
      env.daemon,
      'PATCH',
      `${GV}/frrnodestates/${NODE}/status`,
      { status: { lastReloadResult: 'success' } },
      'application/merge-patch+json',
    );
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    expect((await apiRequest(env.daemon, 'DELETE', `${GV}/frrnodestates/${NODE}`)).status).toBe(403);
  });

  it('daemon may create, update the status of, list and delete BGPSessionStates in its namespace only', async () => {
    const body = (ns: string): object => ({
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'BGPSessionState',
      metadata: { name: `${NODE}-peer`, namespace: ns },
    });
    const own = await apiRequest(env.daemon, 'POST', `${GV}/namespaces/${NS}/bgpsessionstates`, body(NS));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const other = await apiRequest(
      env.daemon,
      'POST',
      `${GV}/namespaces/default/bgpsessionstates`,
      body('default'),
    );
    expect(other.status).toBe(403);
    // As the daemon writes them: the status through the subresource, and its own found by label.
    const created = own.body as { metadata: { resourceVersion: string } };
    const status = await apiRequest(
      env.daemon,
      'PUT',
      `${GV}/namespaces/${NS}/bgpsessionstates/${NODE}-peer/status`,
      {
        ...body(NS),
        metadata: { name: `${NODE}-peer`, resourceVersion: created.metadata.resourceVersion },
        status: { bgpStatus: 'Established', bfdStatus: 'N/A', node: NODE, peer: '192.0.2.1' },
      },
    );
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    const mine = await apiRequest(
      env.daemon,
      'GET',
      `${GV}/namespaces/${NS}/bgpsessionstates?labelSelector=frrk8s.metallb.io%2Fnode%3D${NODE}`,
    );
    expect(mine.status).toBe(200);
    const del = await apiRequest(
      env.daemon,
      'DELETE',
      `${GV}/namespaces/${NS}/bgpsessionstates/${NODE}-peer`,
    );
    expect(del.status).toBe(200);
  });

  it('daemon may record Events in its namespace and in default only, and may not read them', async () => {
    // As the daemon records them: about its FRRNodeState in default, about an FRRConfiguration in its
    // namespace (the API server wants an Event next to a namespaced object).
    const about = {
      default: { kind: 'FRRNodeState', name: NODE },
      [NS]: { kind: 'FRRConfiguration', name: 'some-config', namespace: NS },
    };
    const event = (involved: object) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: 'frrk8s-e2e-' },
      involvedObject: { apiVersion: 'frrk8s.metallb.io/v1beta1', ...involved },
      reason: 'E2ETest',
      message: 'event from the daemon identity',
      type: 'Normal',
      source: { component: 'frr-k8s', host: NODE },
    });
    for (const [ns, involved] of Object.entries(about)) {
      const res = await apiRequest(env.daemon, 'POST', `/api/v1/namespaces/${ns}/events`, event(involved));
      expect(res.status, `${ns}: ${JSON.stringify(res.body)}`).toBe(201);
      expect((await apiRequest(env.daemon, 'GET', `/api/v1/namespaces/${ns}/events`)).status).toBe(403);
    }
    const elsewhere = await apiRequest(
      env.daemon,
      'POST',
      '/api/v1/namespaces/kube-system/events',
      event({ kind: 'FRRConfiguration', name: 'some-config', namespace: 'kube-system' }),
    );
    expect(elsewhere.status).toBe(403);
  });
});
