import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeSecretFields, secretPassword } from './secret-data.ts';
import type { SecretInfo } from './validate/context.ts';

describe('decodeBase64', () => {
  it.each([
    ['cHc=', 'pw'],
    ['cHcK', 'pw\n'],
    ['', ''],
    ['w6Q=', 'ä'],
    ['cHct\r\nMTIz', 'pw-123'],
  ])('decodes %j as %j', (text, value) => {
    expect(decodeBase64(text)).toBe(value);
  });

  it.each(['cHc', 'c', 'cH=c', 'cHc==', 'pw!!', 'cH w', 'cHc=\t', 'cHc-', 'cHc_'])('refuses %j', (text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe('decodeSecretFields', () => {
  it('decodes data, lists undecodable keys, and lets stringData win', () => {
    expect(
      decodeSecretFields({ username: 'dQ==', password: 'bad!', other: 7 }, { token: 't', username: 'plain' }),
    ).toEqual({ data: { username: 'plain', token: 't' }, undecodable: ['password'] });
  });

  it('a stringData value replaces an undecodable data value', () => {
    expect(decodeSecretFields({ password: 'bad!' }, { password: 'pw' })).toEqual({
      data: { password: 'pw' },
      undecodable: [],
    });
  });

  it('ignores fields that are not maps', () => {
    expect(decodeSecretFields('x', [1])).toEqual({ data: {}, undecodable: [] });
  });
});

describe('secretPassword', () => {
  const secret = (password?: string): SecretInfo => ({
    namespace: 'ns',
    name: 's',
    data: password === undefined ? {} : { password },
  });
  it.each([
    ['pw', 'pw'],
    ['pw\n', 'pw'],
    ['pw\r\n', 'pw'],
    ['pw\n\n', 'pw\n'],
    ['\n', ''],
  ])('of %j is %j', (stored, password) => {
    expect(secretPassword(secret(stored))).toBe(password);
  });

  it('is undefined without a password key', () => {
    expect(secretPassword(secret())).toBeUndefined();
  });
});
