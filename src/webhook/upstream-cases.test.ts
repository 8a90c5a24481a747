// Upstream frr-k8s's admission cases through the webhook's review: the same verdict as
// `frrk8s validate` gives them (src/cli/validate-upstream.test.ts), with the code in the denial
// message or among the warnings.
import { describe, expect, it } from 'vitest';
import { newAdmitCache } from '../core/admit.ts';
import { NS } from '../core/__fixtures__/frr.ts';
import { UPSTREAM_CASES, upstreamNode } from '../core/__fixtures__/upstream-webhook-cases.ts';
import { review } from './review.ts';

describe('upstream webhook cases through the webhook', () => {
  it.each(UPSTREAM_CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const out = review(
      {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid: 'u', operation: 'CREATE', object: c.candidate },
      },
      {
        namespace: NS,
        configurations: c.existing,
        nodes: [{ name: upstreamNode(i), labels: { 'kubernetes.io/hostname': upstreamNode(i) } }],
        secrets: new Map(),
        cache: newAdmitCache(),
      },
    ).response;
    expect(out.allowed).toBe(c.verdict === 'allowed');
    const said = c.verdict === 'denied' ? (out.status?.message ?? '') : (out.warnings ?? []).join('\n');
    expect(said).toContain(` ${c.code} `);
    expect(said).toContain(`${c.candidate.metadata?.namespace}/${c.candidate.metadata?.name}`);
  });
});
