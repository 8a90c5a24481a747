import { describe, expect, it } from 'vitest';
import { formatFrrVersion, FRR_8_4, parseFrrVersion, resolvesViaDefaultByDefault } from './frr-version.ts';

describe('FRR version', () => {
  it.each([
    ['10.3', { major: 10, minor: 3 }],
    ['8.4.4', { major: 8, minor: 4 }],
    ['FRRouting 10.3 (node-a) on Linux(6.1.0-18-amd64).\nCopyright 1996-2005', { major: 10, minor: 3 }],
    ['FRRouting 8.4.4 (vm) on Linux(6.1.0).', { major: 8, minor: 4 }],
    ['FRRouting 10.4-dev (x) on Linux', { major: 10, minor: 4 }],
  ])('reads %j', (text, version) => {
    expect(parseFrrVersion(text)).toEqual(version);
  });

  it.each(['', 'FRRouting', 'vtysh: no such socket', 'ten.three'])('finds no version in %j', (text) => {
    expect(parseFrrVersion(text)).toBeUndefined();
  });

  it('formats as major.minor', () => {
    expect(formatFrrVersion({ major: 10, minor: 3 })).toBe('10.3');
    expect(formatFrrVersion(FRR_8_4)).toBe('8.4');
  });

  it('resolves via the default route by default from FRR 10 on, not on 8.4', () => {
    expect(resolvesViaDefaultByDefault(FRR_8_4)).toBe(false);
    expect(resolvesViaDefaultByDefault({ major: 10, minor: 3 })).toBe(true);
  });
});
