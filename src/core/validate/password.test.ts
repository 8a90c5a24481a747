import { describe, expect, it } from 'vitest';
import {
  N1,
  NS,
  R1N0,
  SECRET_NAME,
  ctx,
  expectClean,
  expectProblem,
  patched,
  secret,
  src,
  validate,
} from './__fixtures__/builders.ts';

const PW = `${N1}.password`;
const REF = `${R1N0}.passwordSecret`;
const REF_NAME = `${REF}.name`;
const secretAt = (path: string) => ({ kind: 'Secret', namespace: NS, name: SECRET_NAME, path });

describe('cleartext password', () => {
  it.each([
    ['two words', 'whitespace'],
    ['p'.repeat(81), 'too long'],
    ['pässword', 'not ASCII'],
    ['a\u00a0b', 'non-breaking space'],
  ])('INVALID_PASSWORD for %j (%s)', (password) => {
    expectProblem(validate(patched({ [PW]: password })), 'INVALID_PASSWORD', PW);
  });

  it.each(['p'.repeat(80), 'p@$$w0rd%^&*()', 'x'])('accepts %j', (password) => {
    expectClean(validate(patched({ [PW]: password })), PW);
  });

  it('treats an empty password as no password', () => {
    expect(validate(patched({ [PW]: '' }))).toEqual([]);
  });
});

describe('passwordSecret reference', () => {
  it('PASSWORD_AMBIGUOUS when both are set, citing both fields', () => {
    const problems = validate(patched({ [`${N1}.passwordSecret`]: { name: SECRET_NAME } }));
    const p = expectProblem(problems, 'PASSWORD_AMBIGUOUS', `${N1}.passwordSecret`);
    expect(p.sources).toEqual([src(`${N1}.passwordSecret`), src(PW)]);
  });

  it('an empty password next to a passwordSecret is not ambiguous', () => {
    expect(validate(patched({ [`${R1N0}.password`]: '' }))).toEqual([]);
  });

  it.each(['default', 'kube-system'])('PASSWORD_SECRET_NAMESPACE warning for namespace %s', (namespace) => {
    const p = expectProblem(
      validate(patched({ [`${REF}.namespace`]: namespace })),
      'PASSWORD_SECRET_NAMESPACE',
      `${REF}.namespace`,
    );
    // A warning, not an error: MetalLB's passthrough mode writes its own namespace here.
    expect(p.severity).toBe('warning');
  });

  it.each([NS, '', undefined])('accepts namespace %j', (namespace) => {
    expectClean(validate(patched({ [`${REF}.namespace`]: namespace })), `${REF}.namespace`);
  });

  it.each([
    ['a namespace but no name', { namespace: NS }],
    ['a namespace and an empty name', { name: '', namespace: NS }],
  ])('PASSWORD_SECRET_NAME_MISSING with %s', (_, ref) => {
    expectProblem(validate(patched({ [REF]: ref })), 'PASSWORD_SECRET_NAME_MISSING', REF_NAME);
  });

  // Go's zero SecretReference serializes as {}; MetalLB writes it on every neighbor, next to a password
  // or alone. Upstream treats a reference without a name as no reference.
  it.each([
    ['{} alone', { [REF]: {} }],
    ['{name: ""} alone', { [REF]: { name: '' } }],
    ['{} next to a cleartext password', { [REF]: {}, [`${R1N0}.password`]: 'S3cret' }],
    ['{} next to a cleartext password, with a secrets map', { [`${N1}.passwordSecret`]: {} }],
  ])('an empty reference is no reference: %s', (_, fields) => {
    expect(validate(patched(fields), ctx([secret({ password: 'pw' })]))).toEqual([]);
  });
});

describe('passwordSecret against the Secrets', () => {
  it('is checked for shape only without a secrets map (admission cannot know the Secrets)', () => {
    expect(validate(patched({}))).toEqual([]);
    expect(validate(patched({ [REF_NAME]: 'nope' }))).toEqual([]);
  });

  it('accepts a basic-auth Secret with a valid password', () => {
    expect(validate(patched({}), ctx([secret({ username: 'x', password: 'pw-123' })]))).toEqual([]);
  });

  it('SECRET_NOT_FOUND is a warning', () => {
    const problems = validate(patched({}), ctx([secret({ password: 'pw' }, undefined, 'other')]));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'SECRET_NOT_FOUND', severity: 'warning', sources: [src(REF_NAME)] }),
    ]);
  });

  it('SECRET_NOT_FOUND with an empty secrets map', () => {
    expectProblem(validate(patched({}), ctx([])), 'SECRET_NOT_FOUND', REF_NAME);
  });

  it.each(['Opaque', undefined, 'kubernetes.io/ssh-auth'])(
    'SECRET_TYPE_MISMATCH for type %j, citing the reference and the Secret',
    (type) => {
      const s = { ...secret({ password: 'pw' }), type };
      const problems = validate(patched({}), ctx([s]));
      const p = expectProblem(problems, 'SECRET_TYPE_MISMATCH', REF_NAME);
      expect(p.sources).toEqual([src(REF_NAME), secretAt('type')]);
    },
  );

  it('SECRET_PASSWORD_MISSING cites the reference and the Secret data', () => {
    const problems = validate(patched({}), ctx([secret({ username: 'u' })]));
    const p = expectProblem(problems, 'SECRET_PASSWORD_MISSING', REF_NAME);
    expect(p.sources).toEqual([src(REF_NAME), secretAt('data')]);
  });

  it.each(['a\nb', 'pw!', 'pw#1', 'pw\r', 'nul\u0000'])(
    'UNSAFE_CHARACTERS for password %j in the Secret, citing both',
    (password) => {
      const problems = validate(patched({}), ctx([secret({ password })]));
      const p = expectProblem(problems, 'UNSAFE_CHARACTERS', REF_NAME);
      expect(p.sources).toEqual([src(REF_NAME), secretAt('data.password')]);
      expect(problems).toHaveLength(1);
    },
  );

  it.each(['', 'two words', 'p'.repeat(81), 'pässword'])(
    'INVALID_PASSWORD for password %j in the Secret, citing both',
    (password) => {
      const problems = validate(patched({}), ctx([secret({ password })]));
      const p = expectProblem(problems, 'INVALID_PASSWORD', REF_NAME);
      expect(p.sources).toEqual([src(REF_NAME), secretAt('data.password')]);
    },
  );

  it('still looks the Secret up by name when the namespace is wrong', () => {
    const problems = validate(patched({ [`${REF}.namespace`]: 'other' }), ctx([secret({ password: 'a b' })]));
    expectProblem(problems, 'PASSWORD_SECRET_NAMESPACE', `${REF}.namespace`);
    expectProblem(problems, 'INVALID_PASSWORD', REF_NAME);
  });
});
