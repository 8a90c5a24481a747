// A Secret's password as users write it (issue 8, item 13): its base64 must be valid (a clear coded
// problem, not lenient decoding reported as "unsafe characters"), and the one trailing newline that
// `echo pw | base64` and `kubectl create secret --from-file` leave is not part of the password.
// Secrets are decoded by the same function the CLI and the daemon use.
import { describe, expect, it } from 'vitest';
import { decodeSecret } from '../../io/secrets.ts';
import { RENDER, linesOf, mergeObjects, withNeighbor } from '../__fixtures__/frr.ts';
import { NS, R1N0, SECRET_NAME, ctx, patched, validate } from './__fixtures__/builders.ts';

const REF = `${R1N0}.passwordSecret`;
const basicAuth = (password: string) =>
  decodeSecret(
    {
      metadata: { name: SECRET_NAME, namespace: NS },
      type: 'kubernetes.io/basic-auth',
      data: { username: btoa('frr'), password },
    },
    NS,
  );
const withSecretRef = () => patched({ [REF]: { name: SECRET_NAME } });

describe('a Secret password that is not base64', () => {
  it.each([
    ['characters outside base64', 'pw!!'],
    ['a missing padding', 'cHc'],
    ['a stray character in the middle', 'cH*w'],
  ])('is SECRET_PASSWORD_NOT_BASE64 with %s, citing the Secret', (_, encoded) => {
    const problems = validate(withSecretRef(), ctx([basicAuth(encoded)]));
    expect(
      problems.map((p) => [p.code, p.sources.map((s) => `${s.kind ?? ''} ${s.name} ${s.path}`)]),
    ).toEqual([
      [
        'SECRET_PASSWORD_NOT_BASE64',
        [
          `FRRConfiguration ${problems[0]?.sources[0]?.name} ${REF}.name`,
          `Secret ${SECRET_NAME} data.password`,
        ],
      ],
    ]);
  });

  it('accepts base64 split over lines, as the API server does', () => {
    expect(validate(withSecretRef(), ctx([basicAuth('cHct\nMTIz')]))).toEqual([]);
  });
});

describe('a Secret password with one trailing newline', () => {
  it('is accepted, and the newline is not part of the password', () => {
    const secret = basicAuth(btoa('pw-123\n'));
    expect(validate(withSecretRef(), ctx([secret]))).toEqual([]);
    const merged = mergeObjects(
      [withNeighbor('a', { passwordSecret: { name: SECRET_NAME } })],
      new Map([[SECRET_NAME, secret]]),
    );
    expect(RENDER.showPasswords).toBe(true);
    expect(linesOf(merged.text)).toContain('neighbor 192.0.2.1 password pw-123');
  });

  it('also as CRLF, but only one: a second line ending is still refused', () => {
    expect(validate(withSecretRef(), ctx([basicAuth(btoa('pw-123\r\n'))]))).toEqual([]);
    const problems = validate(withSecretRef(), ctx([basicAuth(btoa('pw-123\n\n'))]));
    expect(problems.map((p) => p.code)).toEqual(['UNSAFE_CHARACTERS']);
  });
});
