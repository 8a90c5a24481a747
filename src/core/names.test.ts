import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, isInterfaceName, isProfileName, passwordError } from './names.ts';

describe('hasUnsafeCharacters', () => {
  it.each([
    'a\nb',
    'a\rb',
    'a!b',
    'a#b',
    'tab\there',
    'nul\u0000',
    'del\u007f',
    'c1\u0085',
    'esc\u001b[0m',
    '!',
    '#',
  ])('flags %j', (text) => {
    expect(hasUnsafeCharacters(text)).toBe(true);
  });

  it.each([
    '',
    'eth0',
    'a b',
    '65000:100',
    'large:1:2:3',
    '2001:db8::/64',
    'pässwörd',
    'x-y_z.w',
    '*:100',
    '$%&',
  ])('accepts %j', (text) => {
    expect(hasUnsafeCharacters(text)).toBe(false);
  });
});

describe('isInterfaceName', () => {
  it.each(['eth0', 'br-ex', 'vlan.100', 'a_b', '_x', 'red', 'default', 'x', 'abcdefghijklmno'])(
    'accepts %j',
    (name) => {
      expect(isInterfaceName(name)).toBe(true);
    },
  );

  it.each([
    '',
    'abcdefghijklmnop',
    '-eth0',
    '.',
    '..',
    '.eth0',
    'eth/0',
    'eth:0',
    'eth 0',
    'ethö',
    'eth0\n',
    'eth@0',
  ])('rejects %j', (name) => {
    expect(isInterfaceName(name)).toBe(false);
  });
});

describe('isProfileName', () => {
  it.each(['fast', 'a:b', 'bfd.profile-1', '_p', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(isProfileName(name)).toBe(true);
  });

  it.each(['', 'x'.repeat(65), 'a b', '-p', ':p', 'p/1', 'pröfile', 'p\n'])('rejects %j', (name) => {
    expect(isProfileName(name)).toBe(false);
  });
});

describe('passwordError', () => {
  it.each(['a', 'S3cret-pass', 'p@ss$word%', 'x'.repeat(80)])('accepts %j', (pw) => {
    expect(passwordError(pw)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(81), /80/],
    ['two words', /whitespace/],
    ['tab\tin', /whitespace/],
    ['pässword', /ASCII/],
    ['nul\u0000', /ASCII/],
  ])('rejects %j', (pw, why) => {
    expect(passwordError(pw)).toMatch(why);
  });
});
