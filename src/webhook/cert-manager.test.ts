// The self-managed certificates on a manual clock, against an in-memory Secret and
// ValidatingWebhookConfiguration that check resourceVersions as the API server does (the real one is
// in e2e/webhook.test.ts): first issue, nothing written while nothing is due, a serving renewal under
// the same CA served without a restart, a CA renewal that keeps the old CA trusted, a lost race
// adopting the winner's pair, and serving before the configuration exists.
import type {
  AdmissionregistrationV1Api,
  CoreV1Api,
  V1Secret,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { CertPolicy } from './cert-plan.ts';
import { CertManager } from './cert-manager.ts';
import type { TlsPair } from './server.ts';

const NS = 'frr-k8s-system';
const SECRET = 'webhook-cert';
const CONFIG = 'webhook-config';
const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const policy: CertPolicy = {
  names: { dnsNames: ['webhook.frr-k8s-system.svc'], ipAddresses: [] },
  caValidityMs: 30 * HOUR,
  servingValidityMs: 3 * HOUR,
};

const status = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });
/** An API call's answer: settles later, and a throw becomes a rejection. */
const later = <T>(fn: () => T): Promise<T> => Promise.resolve().then(fn);
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const pem = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('utf8');
const certs = (bundle: string) => bundle.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;

class FakeCluster {
  secret: V1Secret | undefined;
  config: V1ValidatingWebhookConfiguration | undefined = {
    metadata: { name: CONFIG, resourceVersion: '1' },
    webhooks: [
      { name: 'a', clientConfig: {}, admissionReviewVersions: ['v1'], sideEffects: 'None' },
      { name: 'b', clientConfig: {}, admissionReviewVersions: ['v1'], sideEffects: 'None' },
    ],
  };
  secretWrites = 0;
  configWrites = 0;
  /** Runs just before the next Secret write lands: another replica writing first. */
  beforeSecretWrite: (() => void) | undefined;
  private version = 10;

  core(): CoreV1Api {
    const write = (body: V1Secret, exists: boolean) => {
      const hook = this.beforeSecretWrite;
      this.beforeSecretWrite = undefined;
      hook?.();
      if (exists !== (this.secret !== undefined)) throw status(409);
      if (exists && body.metadata?.resourceVersion !== this.secret?.metadata?.resourceVersion)
        throw status(409);
      this.secretWrites++;
      this.putSecret(body);
      return copy(this.secret!);
    };
    const api = {
      readNamespacedSecret: () =>
        later(() => {
          if (!this.secret) throw status(404);
          return copy(this.secret);
        }),
      createNamespacedSecret: ({ body }: { body: V1Secret }) => later(() => write(body, false)),
      replaceNamespacedSecret: ({ body }: { body: V1Secret }) => later(() => write(body, true)),
    };
    return api as unknown as CoreV1Api;
  }

  admission(): AdmissionregistrationV1Api {
    const api = {
      readValidatingWebhookConfiguration: () =>
        later(() => {
          if (!this.config) throw status(404);
          return copy(this.config);
        }),
      replaceValidatingWebhookConfiguration: ({ body }: { body: V1ValidatingWebhookConfiguration }) =>
        later(() => {
          if (body.metadata?.resourceVersion !== this.config?.metadata?.resourceVersion) throw status(409);
          this.configWrites++;
          this.config = copy(body);
          this.config.metadata = { ...this.config.metadata, resourceVersion: `${++this.version}` };
          return copy(this.config);
        }),
    };
    return api as unknown as AdmissionregistrationV1Api;
  }

  putSecret(body: V1Secret): void {
    this.secret = copy(body);
    this.secret.metadata = { ...this.secret.metadata, resourceVersion: `${++this.version}` };
  }

  bundles(): string[] {
    return (this.config?.webhooks ?? []).map((w) => pem(w.clientConfig.caBundle));
  }
}

async function setup(cluster = new FakeCluster(), certPolicy = policy) {
  const clock = new ManualClock();
  await clock.advance(T0);
  const served: TlsPair[] = [];
  const manager = new CertManager({
    core: cluster.core(),
    admission: cluster.admission(),
    namespace: NS,
    secretName: SECRET,
    webhookConfiguration: CONFIG,
    policy: certPolicy,
    clock,
    logger: createLogger('none'),
    recheckMs: 60_000,
    onTls: (tls) => served.push(tls),
  });
  return { cluster, clock, served, manager };
}

// Each test makes two to six RSA keys: seconds on a busy machine.
describe('CertManager', { timeout: 30_000 }, () => {
  it('issues a CA and a serving pair into one Secret, serves it, and puts the CA in every webhook', async () => {
    const { cluster, served, manager } = await setup();
    await manager.start();
    const data = cluster.secret?.data ?? {};
    expect(Object.keys(data).sort()).toEqual(['ca-bundle.crt', 'ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
    expect(served).toEqual([{ cert: pem(data['tls.crt']), key: pem(data['tls.key']) }]);
    const serving = new X509Certificate(served[0]!.cert);
    expect(serving.verify(new X509Certificate(pem(data['ca.crt'])).publicKey)).toBe(true);
    expect(serving.subjectAltName).toContain('DNS:webhook.frr-k8s-system.svc');
    expect(cluster.bundles()).toEqual([pem(data['ca.crt']), pem(data['ca.crt'])]);
    manager.stop();
  });

  it('writes nothing and serves nothing new while nothing is due', async () => {
    const { cluster, clock, served, manager } = await setup();
    await manager.start();
    const [secretWrites, configWrites] = [cluster.secretWrites, cluster.configWrites];
    // Rechecks every minute for an hour: the serving certificate is due only at 2 h.
    await clock.advance(HOUR);
    expect([cluster.secretWrites, cluster.configWrites]).toEqual([secretWrites, configWrites]);
    expect(served).toHaveLength(1);
    manager.stop();
  });

  it('renews the serving certificate under the same CA with a third of its validity left, and serves it', async () => {
    const { cluster, clock, served, manager } = await setup();
    await manager.start();
    const ca = cluster.secret?.data?.['ca.crt'];
    const bundle = cluster.bundles();
    await clock.advance(2 * HOUR - 60_000);
    expect(served).toHaveLength(1);
    await clock.advance(60_000);
    expect(served).toHaveLength(2);
    expect(served[1]!.cert).not.toBe(served[0]!.cert);
    expect(cluster.secret?.data?.['ca.crt']).toBe(ca);
    expect(pem(cluster.secret?.data?.['tls.crt'])).toBe(served[1]!.cert);
    // The API server already trusts the new certificate: the caBundle did not change.
    expect(cluster.bundles()).toEqual(bundle);
    manager.stop();
  });

  it('renews the CA with a third of its validity left, trusting the old CA beside the new until it expires', async () => {
    // A serving certificate as long-lived as the CA: each renewal is of both, and few keys are made.
    const { cluster, clock, manager } = await setup(new FakeCluster(), {
      ...policy,
      servingValidityMs: policy.caValidityMs,
    });
    await manager.start();
    const oldCa = pem(cluster.secret?.data?.['ca.crt']);
    await clock.advance(20 * HOUR);
    const newCa = pem(cluster.secret?.data?.['ca.crt']);
    expect(newCa).not.toBe(oldCa);
    expect(cluster.bundles()[0]).toBe(`${newCa}${oldCa}`);
    // Once the old CA has expired, the next CA renewal drops it from the bundle.
    await clock.advance(20 * HOUR);
    const newest = pem(cluster.secret?.data?.['ca.crt']);
    expect(certs(cluster.bundles()[0]!)).toBe(2);
    expect(cluster.bundles()[0]).toBe(`${newest}${newCa}`);
    manager.stop();
  });

  it('adopts the pair another replica wrote first instead of overwriting it', async () => {
    const first = await setup();
    await first.manager.start();
    first.manager.stop();
    const winner = copy(first.cluster.secret!);
    // A second cluster state where our write loses to that replica's.
    const cluster = new FakeCluster();
    cluster.beforeSecretWrite = () => cluster.putSecret(winner);
    const { served, manager } = await setup(cluster);
    await manager.start();
    expect(served).toEqual([{ cert: pem(winner.data?.['tls.crt']), key: pem(winner.data?.['tls.key']) }]);
    expect(cluster.secretWrites).toBe(0);
    expect(cluster.bundles()[0]).toBe(pem(winner.data?.['ca-bundle.crt']));
    manager.stop();
  });

  it('serves while the ValidatingWebhookConfiguration does not exist yet, and patches it once it does', async () => {
    const cluster = new FakeCluster();
    const saved = cluster.config;
    cluster.config = undefined;
    const { clock, served, manager } = await setup(cluster);
    await manager.start();
    expect(served).toHaveLength(1);
    cluster.config = saved;
    await clock.advance(60_000);
    expect(cluster.bundles()).toEqual([
      pem(cluster.secret?.data?.['ca.crt']),
      pem(cluster.secret?.data?.['ca.crt']),
    ]);
    manager.stop();
  });

  it('checks nothing more after stop()', async () => {
    const { cluster, clock, manager } = await setup();
    await manager.start();
    manager.stop();
    await clock.advance(10 * HOUR);
    expect(cluster.secretWrites).toBe(1);
    expect(clock.pending()).toBe(0);
  });
});
