import { describe, expect, it } from 'vitest';
import { N0, expectClean, expectProblem, patched, src, validate } from './__fixtures__/builders.ts';

const P = 'spec.bgp.bfdProfiles';

describe('bfdProfiles', () => {
  it('BFD_PROFILE_DUPLICATE cites both definitions, even when the values are identical', () => {
    for (const profile of [
      { name: 'fast' },
      { name: 'fast', receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3 },
    ]) {
      const problems = validate(patched({ [`${P}[2]`]: profile }));
      const p = expectProblem(problems, 'BFD_PROFILE_DUPLICATE', `${P}[2].name`);
      expect(p.sources).toEqual([src(`${P}[2].name`), src(`${P}[0].name`)]);
    }
  });

  it.each(['my profile', 'p'.repeat(65), '', '-fast', 'fäst', 'a/b'])('INVALID_NAME for %j', (name) => {
    expectProblem(validate(patched({ [`${P}[1].name`]: name })), 'INVALID_NAME', `${P}[1].name`);
  });

  it.each(['p'.repeat(64), 'bfd:profile-1.2_x', 'x'])('accepts the name %j', (name) => {
    expectClean(validate(patched({ [`${P}[1].name`]: name })), `${P}[1].name`);
  });

  it('a neighbor can use any profile of its own object', () => {
    expect(validate(patched({ [`${P}[2]`]: { name: 'third' }, [`${N0}.bfdProfile`]: 'third' }))).toEqual([]);
  });

  it('profile names are case-sensitive', () => {
    expectProblem(
      validate(patched({ [`${N0}.bfdProfile`]: 'Fast' })),
      'BFD_PROFILE_UNKNOWN',
      `${N0}.bfdProfile`,
    );
  });
});
