// The webhook's series as Prometheus reads them: admission results and problem codes, latency, the
// served certificate's remaining seconds on the injected clock, cleaner deletions and leadership.
import { describe, expect, it } from 'vitest';
import { metricSum } from '../../e2e/env/metrics.ts';
import { problem } from '../core/problems.ts';
import { ManualClock } from '../runtime/clock.ts';
import { issueCa, issueServing } from './certificates.ts';
import { WebhookMetrics } from './metrics.ts';

const HOUR = 3_600_000;

describe('WebhookMetrics', () => {
  it('counts admission requests by result and their problems by code and severity', async () => {
    const m = new WebhookMetrics(new ManualClock(), { processMetrics: false });
    const conflict = problem('ROUTER_ASN_CONFLICT', 'x');
    const disableMp = problem('DISABLE_MP_DEPRECATED', 'x');
    m.observe({ result: 'denied', seconds: 0.004, problems: [conflict, disableMp] });
    m.observe({ result: 'denied', seconds: 0.02, problems: [conflict] });
    m.observe({ result: 'unavailable', seconds: 0.0001, problems: [] });
    const text = await m.text();
    expect(metricSum(text, 'frrk8s_webhook_admission_requests_total{result="denied"}')).toBe(2);
    expect(metricSum(text, 'frrk8s_webhook_admission_requests_total{result="unavailable"}')).toBe(1);
    expect(
      metricSum(text, 'frrk8s_webhook_admission_problems_total{code="ROUTER_ASN_CONFLICT",severity="error"}'),
    ).toBe(2);
    expect(
      metricSum(
        text,
        'frrk8s_webhook_admission_problems_total{code="DISABLE_MP_DEPRECATED",severity="warning"}',
      ),
    ).toBe(1);
    expect(
      metricSum(text, 'frrk8s_webhook_admission_duration_seconds_bucket{le="0.005",result="denied"}'),
    ).toBe(1);
    expect(metricSum(text, 'frrk8s_webhook_admission_duration_seconds_count{result="denied"}')).toBe(2);
  });

  it('reports the seconds left on the served certificate at scrape time, and none before one is served', async () => {
    const clock = new ManualClock();
    const m = new WebhookMetrics(clock, { processMetrics: false });
    const expiry = async () =>
      metricSum(await m.text(), 'frrk8s_webhook_certificate_expiry_seconds{certificate="serving"}');
    expect(await m.text()).not.toContain('frrk8s_webhook_certificate_expiry_seconds{');
    // Certificates carry whole seconds: start the clock on one.
    const start = Math.ceil(Date.now() / 1000) * 1000;
    await clock.advance(start);
    const ca = issueCa('test', new Date(start), 10 * HOUR);
    const serving = issueServing(ca, {
      dnsNames: ['x'],
      ipAddresses: [],
      notBefore: new Date(start),
      validityMs: 2 * HOUR,
    });
    m.serving(serving.certPem);
    expect(await expiry()).toBe(7200);
    await clock.advance(HOUR / 2);
    expect(await expiry()).toBe(5400);
  });

  it('counts cleaner deletions by kind and says whether this replica leads', async () => {
    const m = new WebhookMetrics(new ManualClock(), { processMetrics: false });
    m.cleaned('frrnodestates');
    m.cleaned('bgpsessionstates');
    m.cleaned('bgpsessionstates');
    m.leading(true);
    let text = await m.text();
    expect(metricSum(text, 'frrk8s_webhook_cleaner_deletions_total{kind="frrnodestates"}')).toBe(1);
    expect(metricSum(text, 'frrk8s_webhook_cleaner_deletions_total{kind="bgpsessionstates"}')).toBe(2);
    expect(metricSum(text, 'frrk8s_webhook_cleaner_leader')).toBe(1);
    m.leading(false);
    text = await m.text();
    expect(metricSum(text, 'frrk8s_webhook_cleaner_leader')).toBe(0);
  });
});
