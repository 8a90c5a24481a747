import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['+0', 0],
    ['0s', 0],
    ['3s', 3000],
    ['90s', 90_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['2h45m', 9_900_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1.s', 1000],
    ['500ms', 500],
    ['1500ms', 1500],
    ['1000us', 1],
    ['1000\u00b5s', 1], // micro sign
    ['1000\u03bcs', 1], // Greek mu
    ['1000000ns', 1],
    ['1ns', 1e-6],
    ['+5s', 5000],
    ['-5s', -5000],
    ['-1m30s', -90_000],
    ['65535s', 65_535_000],
    ['0.07h', 252_000],
    ['0.035h', 126_000],
    ['0.05m', 3000],
    ['0.017m', 1020],
    ['1.001s', 1001],
    ['0001s', 1000],
  ])('%s is %f ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('treats "-0" as zero', () => {
    expect(parseDuration('-0') === 0).toBe(true);
    expect(parseDuration('-0s') === 0).toBe(true);
  });

  it('is exact for every whole number of seconds written in hours or minutes with three decimals', () => {
    const wrong: string[] = [];
    for (let thousandths = 1; thousandths < 20_000; thousandths++) {
      for (const [unit, seconds] of [
        ['m', 60],
        ['h', 3600],
      ] as const) {
        const ms = thousandths * seconds;
        if (ms % 1000 !== 0) continue;
        const text = `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}${unit}`;
        if (parseDuration(text) !== ms) wrong.push(text);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    '',
    '5',
    '00',
    '-',
    '+',
    's',
    '.s',
    '5 s',
    ' 5s',
    '5s ',
    '5S',
    '5sec',
    '1d',
    '1w',
    '5m3',
    '1.5.5s',
    '5s-3s',
    '--5s',
    '+-5s',
    'abc',
    '1e3s',
    '0x10s',
    'NaNs',
    'Infinitys',
    '\u0661s', // Arabic-Indic digit one
    '5s\n',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
