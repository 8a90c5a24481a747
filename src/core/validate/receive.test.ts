import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../problems.ts';
import { N0, expectProblem, patched, src, validate } from './__fixtures__/builders.ts';

const P = `${N0}.toReceive.allowed.prefixes[0]`;
const selector = (prefix: string | undefined, ge?: number, le?: number) =>
  validate(
    patched({
      [P]: {
        ...(prefix === undefined ? {} : { prefix }),
        ...(ge === undefined ? {} : { ge }),
        ...(le === undefined ? {} : { le }),
      },
    }),
  );

describe('toReceive.allowed.prefixes', () => {
  it.each<[string, number | undefined, number | undefined]>([
    ['10.0.0.0/8', undefined, undefined],
    ['10.0.0.0/8', 8, undefined],
    ['10.0.0.0/8', undefined, 8],
    ['10.0.0.0/8', 8, 8],
    ['10.0.0.0/8', 16, 24],
    ['10.0.0.0/8', 32, 32],
    ['10.0.0.0/8', undefined, 32],
    ['0.0.0.0/0', 1, 32],
    ['2001:db8::/32', 48, 64],
    ['2001:db8::/32', undefined, 128],
    ['::/0', 128, 128],
  ])('accepts %s ge %j le %j', (prefix, ge, le) => {
    expect(selector(prefix, ge, le)).toEqual([]);
  });

  it.each<[ProblemCode, string, string, number | undefined, number | undefined]>([
    ['RECEIVE_LENGTH_ORDER', 'ge', '10.0.0.0/8', 25, 24],
    ['RECEIVE_LENGTH_ORDER', 'ge', '10.0.0.0/8', 4, undefined],
    ['RECEIVE_LENGTH_ORDER', 'le', '10.0.0.0/8', undefined, 4],
    ['RECEIVE_LENGTH_ORDER', 'le', '2001:db8::/64', undefined, 48],
    ['RECEIVE_LENGTH_ORDER', 'ge', '2001:db8::/64', 96, 80],
    ['RECEIVE_LENGTH_RANGE', 'ge', '10.0.0.0/8', 33, undefined],
    ['RECEIVE_LENGTH_RANGE', 'le', '10.0.0.0/8', undefined, 33],
    ['RECEIVE_LENGTH_RANGE', 'le', '10.0.0.0/8', 24, 128],
  ])('%s at .%s for %s ge %j le %j', (code, field, prefix, ge, le) => {
    expectProblem(selector(prefix, ge, le), code, `${P}.${field}`);
  });

  it('reports both ge > le and mask > ge', () => {
    const problems = selector('10.0.0.0/16', 12, 8);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'RECEIVE_LENGTH_ORDER', sources: [src(`${P}.ge`)] }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'RECEIVE_LENGTH_ORDER', sources: [src(`${P}.le`)] }),
    );
  });

  it.each(['garbage', '10.0.0.0', '10.0.0.0/33', ''])('INVALID_CIDR at .prefix for %j', (prefix) => {
    expectProblem(selector(prefix, 16, 24), 'INVALID_CIDR', `${P}.prefix`);
  });

  it('INVALID_CIDR at .prefix when it is missing', () => {
    expectProblem(selector(undefined, 16, 24), 'INVALID_CIDR', `${P}.prefix`);
  });

  it('PREFIX_NOT_CANONICAL warns only', () => {
    const problems = selector('10.1.0.0/8', 16, 24);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'PREFIX_NOT_CANONICAL',
        severity: 'warning',
        sources: [src(`${P}.prefix`)],
      }),
    ]);
  });

  it('accepts mode: all without prefixes', () => {
    expect(validate(patched({ [`${N0}.toReceive`]: { allowed: { mode: 'all' } } }))).toEqual([]);
  });
});
