// Upstream frr-k8s's conversion rejections through the webhook's review (the code path of a real
// AdmissionReview, without the API server): denied with our code naming the candidate where upstream
// refuses, allowed with no denial where we admit on purpose — the same verdicts as `frrk8s validate`
// gives them (src/cli/validate-upstream-conversion.test.ts).
import { describe, expect, it } from 'vitest';
import { CONVERSION_CASES, conversionNode } from '../core/__fixtures__/upstream-conversion-cases.ts';
import { reviewCreate } from './__fixtures__/review-create.ts';

describe('upstream conversion rejections through the webhook', () => {
  it.each(CONVERSION_CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const out = reviewCreate(c.candidate, c.existing, conversionNode(i));
    if (c.verdict === 'allowed') {
      expect(out.status?.message).toBeUndefined();
      expect(out.allowed).toBe(true);
      return;
    }
    expect(out.allowed).toBe(false);
    const message = out.status?.message ?? '';
    expect(message).toContain(` ${c.code} `);
    expect(message).toContain(`${c.candidate.metadata?.namespace}/${c.candidate.metadata?.name}`);
    // A conflict names the object already there as well.
    for (const other of c.cited)
      expect(message).toContain(`${other.metadata?.namespace}/${other.metadata?.name}`);
  });
});
