// The webhook's Prometheus metrics (prom-client), on its own registry, served like the daemon's
// (src/runtime/endpoints.ts): what admission answered and how fast, when the served certificate
// expires, what the cleaner removed, and whether this replica leads it.
import { X509Certificate } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../runtime/clock.ts';
import type { CleanedKind } from './cleaner.ts';
import type { ObservedRequest } from './server.ts';

export class WebhookMetrics {
  readonly registry = new Registry();
  private servingNotAfterMs: number | undefined;

  readonly requests = new Counter({
    name: 'frrk8s_webhook_admission_requests_total',
    help: 'Requests to the admission path, by result (allowed, denied, bad-request, unavailable, error)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly problems = new Counter({
    name: 'frrk8s_webhook_admission_problems_total',
    help: 'Problems in admission answers, by problem code and severity (errors deny, warnings are shown)',
    labelNames: ['code', 'severity'],
    registers: [this.registry],
  });
  readonly seconds = new Histogram({
    name: 'frrk8s_webhook_admission_duration_seconds',
    help: 'Time from a request to its answer, by result',
    labelNames: ['result'],
    // The API server gives up after 5 s (timeoutSeconds); most answers take milliseconds.
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly cleanerDeletions = new Counter({
    name: 'frrk8s_webhook_cleaner_deletions_total',
    help: 'Status objects of deleted nodes the cleaner removed, by kind (frrnodestates, bgpsessionstates)',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'frrk8s_webhook_cleaner_leader',
    help: '1 while this replica holds the cleaner’s Lease',
    registers: [this.registry],
  });

  constructor(clock: Clock, options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const notAfter = () => this.servingNotAfterMs;
    new Gauge({
      name: 'frrk8s_webhook_certificate_expiry_seconds',
      help: 'Seconds until the served certificate expires (negative once expired); absent until one is served',
      // A label, so the series can be absent: an unlabelled gauge would read 0, "expired now".
      labelNames: ['certificate'],
      registers: [this.registry],
      collect() {
        this.reset();
        const at = notAfter();
        if (at !== undefined) this.set({ certificate: 'serving' }, (at - clock.now()) / 1000);
      },
    });
  }

  observe(r: ObservedRequest): void {
    this.requests.inc({ result: r.result });
    this.seconds.observe({ result: r.result }, r.seconds);
    for (const p of r.problems) this.problems.inc({ code: p.code, severity: p.severity });
  }

  /** The certificate now served (PEM; the first block is the leaf). */
  serving(certPem: string): void {
    this.servingNotAfterMs = Date.parse(new X509Certificate(certPem).validTo);
  }

  cleaned(kind: CleanedKind): void {
    this.cleanerDeletions.inc({ kind });
  }

  leading(now: boolean): void {
    this.leader.set(now ? 1 : 0);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
