// API-server tier: `frrk8s webhook` (run in this process, self-managed certificates) behind a real
// kube-apiserver's ValidatingWebhookConfiguration (by URL), driven by Debian's kubectl 1.20 as a user
// would: conflicts refused with the other object, the field and the node; objects for other nodes
// accepted; re-targeting refused on UPDATE; warnings printed; the caBundle patched; a forced rotation
// with no failed request; a deleted Node's FRRNodeState and BGPSessionStates removed, and those of a
// Node deleted before the webhook started; /metrics; and the cleaner's Lease released on stop.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  AuthorizationV1Api,
  CoordinationV1Api,
  CoreV1Api,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { createLogger } from '../src/log.ts';
import { makeApi } from '../src/k8s/api-client.ts';
import { systemClock } from '../src/runtime/clock.ts';
import { LeaderElector } from '../src/webhook/leader.ts';
import { runWebhook } from '../src/webhook/run.ts';
import { VALIDATE_PATH } from '../src/webhook/server.ts';
import {
  apiRequest,
  applyObjects,
  DAEMON_NAMESPACE,
  inCI,
  metricSum,
  readManifests,
  REPO_ROOT,
  startApiEnv,
  tierGate,
  tokenKubeConfig,
  waitFor,
  writeKubeConfig,
} from './env/index.ts';
import type { ApiEnv } from './env/index.ts';
import { freePort } from './env/ports.ts';
import { UPSTREAM_CASES, upstreamNode } from '../src/core/__fixtures__/upstream-webhook-cases.ts';
import { cacheDir } from './env/prereqs.ts';

const NS = DAEMON_NAMESPACE;
const GV = '/apis/frrk8s.metallb.io/v1beta1';
const WEBHOOK_CONFIG = 'frr-k8s-validating-webhook-configuration';
const CERT_SECRET = 'frr-k8s-webhook-server-cert';
const KUBECTL = join(cacheDir(), 'kubectl');
/** Short enough that the rotation test sees several renewals. */
const SERVING_VALIDITY_MS = 6_000;

const gate = tierGate('api');
const noKubectl = !existsSync(KUBECTL);
if (noKubectl && !gate.skip && !inCI()) {
  console.warn(`[skipped] webhook: missing ${KUBECTL}; install with: sudo hack/install-prereqs.sh`);
}

const LEASE = 'frr-k8s-webhook-cleaner';
const NODE_LABEL = 'frrk8s.metallb.io/node';

const pinnedTo = (node: string) => ({ matchLabels: { 'kubernetes.io/hostname': node } });

function frrConfiguration(name: string, node: string, router: object) {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name, namespace: NS },
    spec: { nodeSelector: pinnedTo(node), bgp: { routers: [router] } },
  };
}

const nodeObject = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
});

describe.skipIf(gate.skip || (noKubectl && !inCI()))('frrk8s webhook behind a real API server', () => {
  let env: ApiEnv;
  let stop: AbortController;
  let running: Promise<void>;
  let kubeconfig: string;
  let metricsPort: number;

  /** A kubeconfig for the webhook's ServiceAccount (TokenRequest), once its RBAC is in effect. */
  async function webhookIdentity(): Promise<string> {
    const token = await env.admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
      name: 'frr-k8s-webhook',
      namespace: NS,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const kc = tokenKubeConfig(env.server, env.controlPlane?.caPem, {
      name: 'frr-k8s-webhook',
      token: token.status?.token ?? '',
    });
    const authz = kc.makeApiClient(AuthorizationV1Api);
    await waitFor(
      "the webhook's RBAC to take effect",
      async () =>
        (
          await authz.createSelfSubjectAccessReview({
            body: { spec: { resourceAttributes: { verb: 'list', resource: 'nodes' } } },
          })
        ).status?.allowed === true,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    return writeKubeConfig(kc, join(env.run.dir, 'webhook.kubeconfig'));
  }

  function kubectl(args: string[], input?: unknown): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      const child = execFile(
        KUBECTL,
        ['--kubeconfig', env.adminKubeconfigPath, ...args],
        { timeout: 30_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, out: `${stdout}${stderr}` });
        },
      );
      child.stdin?.end(input === undefined ? '' : stringify(input));
    });
  }
  const apply = (obj: unknown, ...extra: string[]) => kubectl(['apply', '-f', '-', ...extra], obj);

  async function admin<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await apiRequest(env.admin, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }

  async function createStates(node: string): Promise<void> {
    await admin('POST', `${GV}/frrnodestates`, {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'FRRNodeState',
      metadata: { name: node },
    });
    await admin('POST', `${GV}/namespaces/${NS}/bgpsessionstates`, {
      apiVersion: 'frrk8s.metallb.io/v1beta1',
      kind: 'BGPSessionState',
      metadata: { name: `${node}-peer`, namespace: NS, labels: { [NODE_LABEL]: node } },
    });
  }

  const gone = async (path: string) => (await apiRequest(env.admin, 'GET', path)).status === 404;

  async function scrape(): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  }

  const secretData = async () =>
    (await admin<{ data: Record<string, string> }>('GET', `/api/v1/namespaces/${NS}/secrets/${CERT_SECRET}`))
      .data;
  const caBundle = async () =>
    (
      await admin<{ webhooks: { clientConfig: { caBundle?: string } }[] }>(
        'GET',
        `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${WEBHOOK_CONFIG}`,
      )
    ).webhooks[0]?.clientConfig.caBundle;

  beforeAll(async () => {
    env = await startApiEnv();
    const port = await freePort();
    // config/webhook as shipped: its identity and RBAC, and its ValidatingWebhookConfiguration
    // pointed at this process by URL instead of the Service.
    const manifests = readManifests(join(REPO_ROOT, 'config', 'webhook'));
    const rbacKinds = ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];
    await applyObjects(
      env.admin,
      manifests.filter((o) => rbacKinds.includes(o.kind ?? '')),
    );
    const vwc = manifests.find((o) => o.kind === 'ValidatingWebhookConfiguration') as KubernetesObject & {
      webhooks: { clientConfig: object }[];
    };
    vwc.webhooks[0]!.clientConfig = { url: `https://127.0.0.1:${port}${VALIDATE_PATH}` };
    await admin('POST', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', vwc);
    kubeconfig = await webhookIdentity();
    for (const name of ['node-a', 'node-b', 'node-gone'])
      await admin('POST', '/api/v1/nodes', nodeObject(name));
    // Left behind by a Node deleted while no webhook ran: the first sweep must find it.
    await createStates('node-deleted-earlier');
    stop = new AbortController();
    let listening: (p: number) => void = () => {};
    const ready = new Promise<number>((resolve) => (listening = resolve));
    running = runWebhook(
      {
        kubeconfig,
        namespace: NS,
        port,
        bindAddress: '127.0.0.1',
        webhookConfiguration: WEBHOOK_CONFIG,
        certSecret: CERT_SECRET,
        dnsNames: ['frr-k8s-webhook-service.frr-k8s-system.svc'],
        ipAddresses: ['127.0.0.1'],
        caValidityMs: 3_600_000,
        servingValidityMs: SERVING_VALIDITY_MS,
        recheckMs: 500,
        leaseName: LEASE,
        // Long: the removals below must come from the start sweep and the Node watch, not a poll.
        cleanIntervalMs: 600_000,
        metricsBindAddress: { host: '127.0.0.1', port: 0 },
        onMetricsListening: (at) => (metricsPort = at.port),
        logLevel: 'warn',
        logger: createLogger('warn'),
        onListening: listening,
      },
      stop.signal,
    );
    await ready;
    // Ready once the caches are synced: until then the webhook answers 503 and the API server refuses.
    await waitFor(
      'the webhook to admit',
      async () => (await apply(frrConfiguration('base', 'node-a', { asn: 64512 }))).code === 0,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    // The tests below need 'base' in the webhook's cache (it follows by watch): wait until a dry run of
    // an object conflicting with it is refused.
    await waitFor('the webhook to see base', async () => {
      return (
        (await apply(frrConfiguration('rival', 'node-a', { asn: 64999 }), '--dry-run=server')).code !== 0
      );
    });
  });

  afterAll(async () => {
    stop?.abort();
    await running;
    await env?.stop();
  });

  it('generates its certificate, stores it in a Secret and patches the caBundle with its CA', async () => {
    const data = await secretData();
    expect(Object.keys(data).sort()).toEqual(['ca-bundle.crt', 'ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
    expect(await caBundle()).toBe(data['ca-bundle.crt']);
    expect(Buffer.from(data['ca-bundle.crt']!, 'base64').toString()).toContain('BEGIN CERTIFICATE');
  });

  it('refuses a conflicting object, naming the other object, the field on both sides and the node', async () => {
    const res = await apply(frrConfiguration('rival', 'node-a', { asn: 64999 }));
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('denied the request');
    expect(res.out).toContain('ROUTER_ASN_CONFLICT');
    expect(res.out).toContain(`${NS}/base spec.bgp.routers[0].asn`);
    expect(res.out).toContain(`${NS}/rival spec.bgp.routers[0].asn`);
    expect(res.out).toContain('on node node-a');
    const list = await admin<{ items: { metadata: { name: string } }[] }>(
      'GET',
      `${GV}/namespaces/${NS}/frrconfigurations`,
    );
    expect(list.items.map((i) => i.metadata.name)).toEqual(['base']);
  });

  it('accepts the same object for a node nobody else selects, and refuses re-targeting it on UPDATE', async () => {
    expect((await apply(frrConfiguration('elsewhere', 'node-b', { asn: 64999 }))).code).toBe(0);
    const moved = await apply(frrConfiguration('elsewhere', 'node-a', { asn: 64999 }));
    expect(moved.code).not.toBe(0);
    expect(moved.out).toContain('ROUTER_ASN_CONFLICT');
    expect(moved.out).toContain('on node node-a');
  });

  it('prints warnings, and a missing Secret is a warning, not a refusal', async () => {
    const res = await apply(
      frrConfiguration('warned', 'node-a', {
        asn: 64512,
        neighbors: [
          { address: '192.0.2.1', asn: 64513, disableMP: true, passwordSecret: { name: 'not-yet' } },
        ],
      }),
    );
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/Warning: warning DISABLE_MP_DEPRECATED/);
    expect(res.out).toMatch(/Warning: warning SECRET_NOT_FOUND/);
  });

  it('refuses an object with its own errors with the code and the field', async () => {
    const res = await apply(
      frrConfiguration('own', 'node-b', {
        asn: 64999,
        neighbors: [{ address: '192.0.2.1', asn: 64513, holdTime: '2s', keepaliveTime: '1s' }],
      }),
    );
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('HOLD_TIME_RANGE');
    expect(res.out).toContain('spec.bgp.routers[0].neighbors[0].holdTime');
  });

  it('rotates the serving certificate before expiry with no failed request', async () => {
    const first = (await secretData())['tls.crt'];
    const bundle = await caBundle();
    const seen = new Set([first]);
    const failures: string[] = [];
    let requests = 0;
    const until = Date.now() + 2.5 * SERVING_VALIDITY_MS;
    while (Date.now() < until) {
      const res = await apply(frrConfiguration('probe', 'node-b', { asn: 64999 }), '--dry-run=server');
      requests++;
      if (res.code !== 0) failures.push(res.out);
      seen.add((await secretData())['tls.crt']);
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(5);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // Same CA: the API server's trust never had to change.
    expect(await caBundle()).toBe(bundle);
  });

  it.each(UPSTREAM_CASES.map((c, i) => [c.name, c, i] as const))('upstream case: %s', async (_name, c, i) => {
    await admin('POST', '/api/v1/nodes', nodeObject(upstreamNode(i)));
    for (const o of c.existing) expect((await apply(o)).code).toBe(0);
    // A conflict needs the node and the existing object in the webhook's caches, which follow by watch:
    // wait for a dry run to be refused first, so a stale cache can never admit the real apply below.
    if (c.verdict === 'denied' && c.existing.length > 0)
      await waitFor('the webhook to see the node and the existing object', async () => {
        return (await apply(c.candidate, '--dry-run=server')).code !== 0;
      });
    const res = await apply(c.candidate);
    expect(res.code).toBe(c.verdict === 'denied' ? 1 : 0);
    expect(res.out).toContain(c.verdict === 'denied' ? `error ${c.code} ` : `Warning: warning ${c.code} `);
  });

  it('two replicas: one leads the cleaner, the other takes over once the leader stops', async () => {
    const api = makeApi(env.admin, CoordinationV1Api, { timeoutMs: 10_000 });
    const elector = (identity: string) => {
      const e = new LeaderElector({
        api,
        namespace: NS,
        name: 'e2e-two-replicas',
        identity,
        clock: systemClock,
        logger: createLogger('none'),
        leaseMs: 2_000,
        renewMs: 300,
        onChange: () => {},
      });
      e.start();
      return e;
    };
    const one = elector('one');
    await waitFor('one to lead', () => Promise.resolve(one.leading), { timeoutMs: 10_000, intervalMs: 50 });
    const two = elector('two');
    try {
      // Two renews' worth of time: the second never leads while the first renews.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(two.leading).toBe(false);
      await one.stop();
      await waitFor('two to take over', () => Promise.resolve(two.leading), {
        timeoutMs: 10_000,
        intervalMs: 50,
      });
      const lease = await api.readNamespacedLease({ name: 'e2e-two-replicas', namespace: NS });
      expect(lease.spec?.holderIdentity).toBe('two');
      expect(lease.spec?.leaseTransitions).toBe(1);
    } finally {
      await one.stop();
      await two.stop();
    }
  });

  it('removes the status of a Node deleted before it started (the first sweep)', async () => {
    await waitFor(
      "node-deleted-earlier's FRRNodeState and BGPSessionState to be removed",
      async () =>
        (await gone(`${GV}/frrnodestates/node-deleted-earlier`)) &&
        (await gone(`${GV}/namespaces/${NS}/bgpsessionstates/node-deleted-earlier-peer`)),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  });

  it("removes a deleted Node's FRRNodeState and its BGPSessionStates, and no other", async () => {
    for (const node of ['node-a', 'node-gone']) await createStates(node);
    await admin('DELETE', '/api/v1/nodes/node-gone');
    await waitFor(
      "node-gone's status to be removed",
      async () =>
        (await gone(`${GV}/frrnodestates/node-gone`)) &&
        (await gone(`${GV}/namespaces/${NS}/bgpsessionstates/node-gone-peer`)),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect((await apiRequest(env.admin, 'GET', `${GV}/frrnodestates/node-a`)).status).toBe(200);
    expect(
      (await apiRequest(env.admin, 'GET', `${GV}/namespaces/${NS}/bgpsessionstates/node-a-peer`)).status,
    ).toBe(200);
  });

  it('serves /metrics: admission results and codes, certificate expiry, cleaner deletions, leadership', async () => {
    const text = await scrape();
    const value = (series: string) => metricSum(text, series);
    expect(value('frrk8s_webhook_admission_requests_total{result="denied"}')).toBeGreaterThan(0);
    expect(value('frrk8s_webhook_admission_requests_total{result="allowed"}')).toBeGreaterThan(0);
    expect(
      value('frrk8s_webhook_admission_problems_total{code="ROUTER_ASN_CONFLICT",severity="error"}'),
    ).toBeGreaterThan(0);
    expect(value('frrk8s_webhook_admission_duration_seconds_count{result="allowed"}')).toBeGreaterThan(0);
    // The serving certificate lives SERVING_VALIDITY_MS and is renewed a third before its end.
    const expiry = value('frrk8s_webhook_certificate_expiry_seconds{certificate="serving"}');
    expect(expiry).toBeGreaterThan(0);
    expect(expiry).toBeLessThanOrEqual(SERVING_VALIDITY_MS / 1000);
    // node-deleted-earlier and node-gone: one of each kind apiece.
    expect(value('frrk8s_webhook_cleaner_deletions_total{kind="frrnodestates"}')).toBe(2);
    expect(value('frrk8s_webhook_cleaner_deletions_total{kind="bgpsessionstates"}')).toBe(2);
    expect(value('frrk8s_webhook_cleaner_leader')).toBe(1);
  });

  // Last: it stops the webhook.
  it("releases the cleaner's Lease when it stops, so a new replica leads at once", async () => {
    const api = makeApi(env.admin, CoordinationV1Api, { timeoutMs: 10_000 });
    const before = await api.readNamespacedLease({ name: LEASE, namespace: NS });
    expect(before.spec?.holderIdentity).toBeTruthy();
    stop.abort();
    await running;
    const after = await api.readNamespacedLease({ name: LEASE, namespace: NS });
    expect(after.spec?.holderIdentity).toBeUndefined();
    // A successor takes it on its first try, without waiting out leaseDurationSeconds.
    const next = new LeaderElector({
      api,
      namespace: NS,
      name: LEASE,
      identity: 'successor',
      clock: systemClock,
      logger: createLogger('none'),
      renewMs: 60_000,
      onChange: () => {},
    });
    next.start();
    try {
      await waitFor('the successor to lead', () => Promise.resolve(next.leading), {
        timeoutMs: 5_000,
        intervalMs: 20,
      });
    } finally {
      await next.stop();
    }
  });
});
