import { describe, expect, it } from 'vitest';
import { basicAuth, secretsOf } from './__fixtures__/frr.ts';
import { recordingSecrets } from './recording-secrets.ts';
import type { SecretInfo } from './validate/context.ts';

describe('recordingSecrets', () => {
  it('answers lookups from the map and notes each name asked for, found or not', () => {
    const a = basicAuth('a', 'pw');
    const read = new Map<string, SecretInfo | undefined>();
    const secrets = recordingSecrets(secretsOf(a), read);
    expect(secrets.get('a')).toBe(a);
    expect(secrets.has('missing')).toBe(false);
    expect(secrets.size).toBe(1);
    expect([...read]).toEqual([
      ['a', a],
      ['missing', undefined],
    ]);
  });

  it('refuses to walk the Secrets (the run would depend on all of them)', () => {
    const secrets = recordingSecrets(secretsOf(basicAuth('a', 'pw')), new Map());
    expect(() => [...secrets]).toThrow(/only be looked up by name/);
    expect(() => secrets.forEach(() => undefined)).toThrow(/only be looked up by name/);
    expect(() => secrets.keys()).toThrow(/only be looked up by name/);
  });
});
