import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../problems.ts';
import { N0, expectClean, expectProblem, patched, problemsAt, validate } from './__fixtures__/builders.ts';

const HOLD = `${N0}.holdTime`;
const KEEPALIVE = `${N0}.keepaliveTime`;
const CONNECT = `${N0}.connectTime`;

const timers = (hold: string | undefined, keepalive: string | undefined, connect?: string) =>
  validate(patched({ [HOLD]: hold, [KEEPALIVE]: keepalive, [CONNECT]: connect }));

describe('holdTime and keepaliveTime', () => {
  it.each<[string | undefined, string | undefined, string]>([
    ['90s', undefined, KEEPALIVE],
    [undefined, '30s', HOLD],
  ])('TIMERS_INCOMPLETE with hold %j and keepalive %j, at the missing one', (hold, keepalive, path) => {
    expectProblem(timers(hold, keepalive), 'TIMERS_INCOMPLETE', path);
  });

  it.each<[string, string]>([
    ['1s', '0s'],
    ['2s', '1s'],
    ['2.999s', '1s'],
    ['500ms', '0s'],
    ['1ns', '0s'],
    ['65536s', '30s'],
    ['18h12m16s', '30s'],
    ['-3s', '-3s'],
  ])('HOLD_TIME_RANGE for hold %s (keepalive %s)', (hold, keepalive) => {
    const problems = timers(hold, keepalive);
    expectProblem(problems, 'HOLD_TIME_RANGE', HOLD);
    expect(problemsAt(problems, HOLD)).toHaveLength(1);
  });

  it.each<[string, string]>([
    ['0', '0'],
    ['0s', '0s'],
    ['3s', '1s'],
    ['3.5s', '1s'],
    ['90s', '30s'],
    ['1m30s', '30s'],
    ['65535s', '21845s'],
    ['18h12m15s', '1h'],
  ])('accepts hold %s with keepalive %s', (hold, keepalive) => {
    expect(timers(hold, keepalive)).toEqual([]);
  });

  it.each<[string, string]>([
    ['3s', '3s'],
    ['65535s', '65535s'],
  ])('accepts hold %s with keepalive %s, warning that FRR caps keepalive', (hold, keepalive) => {
    expect(timers(hold, keepalive).map((p) => [p.code, p.severity])).toEqual([
      ['KEEPALIVE_CLAMPED', 'warning'],
    ]);
  });

  it.each(['65536s', '-1s'])('KEEPALIVE_RANGE for keepalive %s', (keepalive) => {
    expectProblem(timers('90s', keepalive), 'KEEPALIVE_RANGE', KEEPALIVE);
  });

  it.each<[string, string]>([
    ['30s', '31s'],
    ['30s', '30001ms'],
    ['0s', '1s'],
    ['3s', '1m'],
  ])('KEEPALIVE_EXCEEDS_HOLD for hold %s, keepalive %s', (hold, keepalive) => {
    expectProblem(timers(hold, keepalive), 'KEEPALIVE_EXCEEDS_HOLD', KEEPALIVE);
  });

  it.each<[ProblemCode, string, string, string]>([
    ['INVALID_DURATION', HOLD, '90', '30s'],
    ['INVALID_DURATION', HOLD, 'ninety', '30s'],
    ['INVALID_DURATION', HOLD, '', '30s'],
    ['INVALID_DURATION', HOLD, '90 s', '30s'],
    ['INVALID_DURATION', HOLD, '1d', '30s'],
    ['INVALID_DURATION', KEEPALIVE, '90s', '30'],
    ['INVALID_DURATION', KEEPALIVE, '90s', '30sec'],
  ])(
    '%s at %s for hold %j, keepalive %j — and nothing else about the timers',
    (code, path, hold, keepalive) => {
      const problems = timers(hold, keepalive);
      expectProblem(problems, code, path);
      expect(problems).toHaveLength(1);
    },
  );
});

describe('connectTime', () => {
  it.each(['0s', '0', '500ms', '999ms', '65536s', '-1s', '18h12m16s'])(
    'CONNECT_TIME_RANGE for %s',
    (connect) => {
      const problems = timers('90s', '30s', connect);
      expectProblem(problems, 'CONNECT_TIME_RANGE', CONNECT);
      expect(problemsAt(problems, CONNECT)).toHaveLength(1);
    },
  );

  it.each(['1500ms', '1.5s', '10.001s', '65535.5s', '1m0.5s'])('CONNECT_TIME_FRACTION for %s', (connect) => {
    const problems = timers('90s', '30s', connect);
    expectProblem(problems, 'CONNECT_TIME_FRACTION', CONNECT);
    expect(problemsAt(problems, CONNECT)).toHaveLength(1);
  });

  it.each(['1s', '1000ms', '2000ms', '60s', '1m', '1m30s', '65535s', '0.07h', '18h12m15s'])(
    'accepts %s',
    (connect) => {
      expect(timers('90s', '30s', connect)).toEqual([]);
    },
  );

  it.each(['10', 'ten', '10 s', ''])('INVALID_DURATION for %j', (connect) => {
    const problems = timers('90s', '30s', connect);
    expectProblem(problems, 'INVALID_DURATION', CONNECT);
    expect(problems).toHaveLength(1);
  });

  it('is independent of the other timers', () => {
    expectClean(timers(undefined, undefined, '5s'));
    expectProblem(timers(undefined, undefined, '0s'), 'CONNECT_TIME_RANGE', CONNECT);
  });
});

describe('keepalive above a third of the hold time', () => {
  it.each([
    ['60s', '90s', 30],
    ['2s', '3s', 1],
  ])('keepalive %s with hold %s warns that FRR runs %ss', (keepaliveTime, holdTime, runs) => {
    const problems = validate(
      patched({ [`${N0}.keepaliveTime`]: keepaliveTime, [`${N0}.holdTime`]: holdTime }),
    );
    const p = expectProblem(problems, 'KEEPALIVE_CLAMPED', `${N0}.keepaliveTime`);
    expect(p.severity).toBe('warning');
    expect(p.message).toContain(`${runs}s`);
  });

  it('no warning at exactly a third', () => {
    const problems = validate(patched({ [`${N0}.keepaliveTime`]: '30s', [`${N0}.holdTime`]: '90s' }));
    expect(problems.filter((p) => p.code === 'KEEPALIVE_CLAMPED')).toEqual([]);
  });
});
