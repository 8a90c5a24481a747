// Self-managed certificates: the CA and serving pair live in one Secret (so every replica serves the
// same pair and a restart reuses it), and the CA bundle goes into the ValidatingWebhookConfiguration.
// Each check reads the Secret, renews what cert-plan says is due, writes with the resourceVersion it
// read (two replicas racing: one wins, the other re-reads and adopts), then makes sure the caBundle is
// current and hands the pair to the server. A serving renewal keeps the CA, so the API server trusts
// the new certificate before it is served and no request fails during a rotation.
import type { AdmissionregistrationV1Api, CoreV1Api, V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../log.ts';
import type { Clock } from '../runtime/clock.ts';
import { describeError, httpStatus } from '../k8s/errors.ts';
import { issueCa, issueServing } from './certificates.ts';
import {
  nextCheck,
  planCertificates,
  validBlocks,
  type CertPolicy,
  type StoredCertificates,
} from './cert-plan.ts';
import type { TlsPair } from './server.ts';

export interface CertManagerOptions {
  core: CoreV1Api;
  admission: AdmissionregistrationV1Api;
  namespace: string;
  secretName: string;
  webhookConfiguration: string;
  policy: CertPolicy;
  clock: Clock;
  logger: Logger;
  /** Longest wait between checks, so a pair renewed by another replica is picked up (default 60 s). */
  recheckMs?: number;
  onTls: (tls: TlsPair) => void;
}

const KEYS = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'tls.crt', key: 'tls.key', bundle: 'ca-bundle.crt' };

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string | undefined): string => Buffer.from(text ?? '', 'base64').toString('utf8');

function fromSecret(secret: V1Secret | undefined): StoredCertificates | undefined {
  const d = secret?.data;
  if (!d?.[KEYS.caCert] || !d[KEYS.caKey] || !d[KEYS.cert] || !d[KEYS.key]) return undefined;
  const ca = { certPem: unb64(d[KEYS.caCert]), keyPem: unb64(d[KEYS.caKey]) };
  return {
    ca,
    serving: { certPem: unb64(d[KEYS.cert]), keyPem: unb64(d[KEYS.key]) },
    caBundle: d[KEYS.bundle] ? unb64(d[KEYS.bundle]) : ca.certPem,
  };
}

function toData(s: StoredCertificates): Record<string, string> {
  return {
    [KEYS.caCert]: b64(s.ca.certPem),
    [KEYS.caKey]: b64(s.ca.keyPem),
    [KEYS.cert]: b64(s.serving.certPem),
    [KEYS.key]: b64(s.serving.keyPem),
    [KEYS.bundle]: b64(s.caBundle),
  };
}

export class CertManager {
  private timer: unknown;
  private stopped = false;
  private served: string | undefined;

  private readonly o: CertManagerOptions;

  constructor(options: CertManagerOptions) {
    this.o = options;
  }

  /** Makes sure a valid pair exists and is served, then keeps it renewed. Rejects if the first check fails. */
  async start(): Promise<void> {
    await this.check();
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.timer);
  }

  /** One round: read, renew if due, store, patch the caBundle, serve. */
  async check(): Promise<StoredCertificates> {
    const { core, namespace, secretName } = this.o;
    let secret = await this.readSecret();
    let stored = fromSecret(secret);
    const now = this.o.clock.now();
    const plan = planCertificates(stored, now, this.o.policy);
    if (plan !== 'keep') {
      const renewed = this.renew(stored, plan, now);
      try {
        secret = await this.writeSecret(secret, renewed);
        stored = renewed;
        this.o.logger.info({ secret: secretName, renewed: plan }, 'webhook certificates issued');
      } catch (err) {
        if (httpStatus(err) !== 409) throw err;
        // Another replica wrote first: use what it stored.
        stored = fromSecret(await core.readNamespacedSecret({ name: secretName, namespace }));
        if (!stored) throw err;
      }
    }
    await this.patchCaBundle(stored!.caBundle);
    if (this.served !== stored!.serving.certPem) {
      this.o.onTls({ cert: stored!.serving.certPem, key: stored!.serving.keyPem });
      this.served = stored!.serving.certPem;
    }
    this.schedule(nextCheck(stored!, this.o.clock.now(), this.o.policy, this.o.recheckMs ?? 60_000));
    return stored!;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.o.clock.clearTimeout(this.timer);
    this.timer = this.o.clock.setTimeout(() => {
      this.check().catch((err: unknown) => {
        if (this.stopped) return; // a request cut short by stop()
        this.o.logger.warn({ err: describeError(err) }, 'webhook certificate check failed; retrying');
        this.schedule(5_000);
      });
    }, ms);
  }

  private renew(
    stored: StoredCertificates | undefined,
    plan: 'serving' | 'all',
    now: number,
  ): StoredCertificates {
    const { policy } = this.o;
    const ca =
      plan === 'all' || !stored
        ? issueCa('frrk8s-webhook-ca', new Date(now), policy.caValidityMs)
        : stored.ca;
    const serving = issueServing(ca, {
      ...policy.names,
      notBefore: new Date(now),
      validityMs: policy.servingValidityMs,
    });
    // A new CA is trusted beside the old one until the old one expires: replicas still serving a
    // certificate of the old CA keep working until they pick up the new pair.
    const previous = plan === 'all' && stored ? validBlocks(stored.caBundle, now) : [];
    const caBundle = [ca.certPem, ...previous.filter((b) => b !== ca.certPem)].join('');
    return { ca, serving, caBundle };
  }

  private async readSecret(): Promise<V1Secret | undefined> {
    try {
      return await this.o.core.readNamespacedSecret({ name: this.o.secretName, namespace: this.o.namespace });
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw err;
    }
  }

  private async writeSecret(current: V1Secret | undefined, stored: StoredCertificates): Promise<V1Secret> {
    const { core, namespace, secretName } = this.o;
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: secretName,
        namespace,
        labels: { 'app.kubernetes.io/component': 'webhook' },
        ...(current?.metadata?.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}),
      },
      type: 'Opaque',
      data: toData(stored),
    };
    return current
      ? core.replaceNamespacedSecret({ name: secretName, namespace, body })
      : core.createNamespacedSecret({ namespace, body });
  }

  /** Every webhook of the configuration gets the bundle; written only when it differs. */
  private async patchCaBundle(bundle: string): Promise<void> {
    const { admission, webhookConfiguration: name } = this.o;
    const want = b64(bundle);
    for (let attempt = 0; attempt < 3; attempt++) {
      let config;
      try {
        config = await admission.readValidatingWebhookConfiguration({ name });
      } catch (err) {
        // Serving matters more than the patch: the configuration may be applied after us.
        if (httpStatus(err) !== 404) throw err;
        this.o.logger.warn({ webhookConfiguration: name }, 'no such ValidatingWebhookConfiguration yet');
        return;
      }
      const webhooks = config.webhooks ?? [];
      if (webhooks.every((w) => w.clientConfig.caBundle === want)) return;
      for (const w of webhooks) w.clientConfig.caBundle = want;
      try {
        await admission.replaceValidatingWebhookConfiguration({ name, body: config });
        this.o.logger.info({ webhookConfiguration: name }, 'caBundle updated');
        return;
      } catch (err) {
        if (httpStatus(err) !== 409) throw err;
      }
    }
    throw new Error(`could not update the caBundle of ${name}: it kept changing`);
  }
}
