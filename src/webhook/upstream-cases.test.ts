// Upstream frr-k8s's admission cases through the webhook's review: the same verdict as
// `frrk8s validate` gives them (src/cli/validate-upstream.test.ts), with the code in the denial
// message or among the warnings.
import { describe, expect, it } from 'vitest';
import { UPSTREAM_CASES, upstreamNode } from '../core/__fixtures__/upstream-webhook-cases.ts';
import { reviewCreate } from './__fixtures__/review-create.ts';

describe('upstream webhook cases through the webhook', () => {
  it.each(UPSTREAM_CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const out = reviewCreate(c.candidate, c.existing, upstreamNode(i));
    expect(out.allowed).toBe(c.verdict === 'allowed');
    const said = c.verdict === 'denied' ? (out.status?.message ?? '') : (out.warnings ?? []).join('\n');
    expect(said).toContain(` ${c.code} `);
    expect(said).toContain(`${c.candidate.metadata?.namespace}/${c.candidate.metadata?.name}`);
  });
});
