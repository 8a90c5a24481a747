// Properties of validateFRRConfiguration over generated input: it never throws and always answers
// with well-formed problems; an unsafe character in any FRR-bound string is always an error at that
// field; and valid objects, however combined, raise nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters } from '../names.ts';
import { PROBLEM_CODES, severityOf, type Problem } from '../problems.ts';
import { secretPassword } from '../secret-data.ts';
import { validateFRRConfiguration } from './frrconfiguration.ts';
import { junkLeaf, looseConfiguration, validConfiguration } from './__fixtures__/arbitraries.ts';
import {
  N1,
  R0,
  R1,
  baseConfig,
  ctx,
  getAt,
  leafPaths,
  patched,
  secret,
  withField,
  withoutField,
  type JsonObject,
} from './__fixtures__/builders.ts';

const RUNS = { numRuns: 1000 };
/** Generous, for loaded CI machines; each property takes about a second on an idle one. */
const TIMEOUT = 60_000;
const CODES = new Set(Object.keys(PROBLEM_CODES));
const CONTEXTS = [ctx(), ctx([secret({ password: 'pw' }), secret({ password: 'a b' }, 'Opaque', 'x')])];

/** What is wrong with the shape of an answer, as a list (plain checks: this runs thousands of times). */
function malformed(problems: unknown, object: unknown): string[] {
  if (!Array.isArray(problems)) return ['problems is not an array'];
  const out: string[] = [];
  for (const p of problems as Problem[]) {
    if (!CODES.has(p.code)) out.push(`unknown code ${String(p.code)}`);
    if (p.severity !== severityOf(p.code)) out.push(`${p.code} has severity ${p.severity}`);
    if (typeof p.message !== 'string') out.push(`${p.code} has no message`);
    if (!Array.isArray(p.sources) || p.sources.length === 0) out.push(`${p.code} has no source`);
    for (const s of p.sources ?? []) {
      if (typeof s.namespace !== 'string' || typeof s.name !== 'string' || typeof s.path !== 'string') {
        out.push(`${p.code} has a malformed source ${JSON.stringify(s)}`);
      }
    }
    if (object !== undefined && p.code.startsWith('SCHEMA_'))
      out.push(`${p.code} but an object was returned`);
  }
  return out;
}

/** Runs the validator, asserts the answer is well-formed and returns the problems. */
function validateChecked(input: unknown, withSecrets = false): Problem[] {
  const result = validateFRRConfiguration(input, CONTEXTS[withSecrets ? 1 : 0]!);
  const wrong = malformed(result.problems, result.object);
  // The parsed form is what the pipeline merges: it must exist exactly when nothing is an error.
  const errors = result.problems.some((p) => p.severity === 'error');
  if (errors === (result.parsed !== undefined))
    wrong.push(errors ? 'a parsed form despite errors' : 'no parsed form without errors');
  if (wrong.length > 0) expect(wrong).toEqual([]);
  return result.problems;
}

/** Every path of the base object, containers included, so mutations hit every level. */
function allPaths(value: unknown, path: string): string[] {
  const here = path ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => allPaths(item, `${path}[${i}]`))];
  if (value && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => allPaths(v, path ? `${path}.${k}` : k))];
  }
  return here;
}

const BASE_PATHS = allPaths(baseConfig(), '');

const anythingAtAll = fc.anything({
  maxDepth: 5,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

describe('never throws, always returns well-formed problems', () => {
  it('on anything at all', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(anythingAtAll, fc.boolean(), (input, withSecrets) => {
        validateChecked(input, withSecrets);
      }),
      RUNS,
    );
  });

  it('on anything as spec, spec.bgp or a router of a named object', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom('spec', 'spec.bgp', 'spec.bgp.routers', `${R0}`, `${R0}.neighbors[0]`),
        anythingAtAll,
        (path, value) => {
          validateChecked(withField(baseConfig(), path, value), true);
        },
      ),
      RUNS,
    );
  });

  it('on the base object with up to five fields replaced by junk or removed', { timeout: TIMEOUT }, () => {
    const edit = fc.tuple(
      fc.constantFrom(...BASE_PATHS),
      fc.option(fc.oneof(junkLeaf, anythingAtAll), { nil: undefined }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), fc.boolean(), (edits, withSecrets) => {
        let input: JsonObject = baseConfig();
        for (const [path, value] of edits) {
          // An earlier edit may have replaced a parent with a primitive; then this edit is moot.
          try {
            input = value === undefined ? withoutField(input, path) : withField(input, path, value);
          } catch {
            continue;
          }
        }
        validateChecked(input, withSecrets);
      }),
      RUNS,
    );
  });

  it('on objects of roughly the right shape with random leaf values', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(looseConfiguration, fc.boolean(), (input, withSecrets) => {
        validateChecked(input, withSecrets);
      }),
      RUNS,
    );
  });
});

/** Strings that are rendered into FRR configuration (every string under spec.bgp of the base object). */
const FRR_STRING_PATHS = [
  ...leafPaths(getAt(baseConfig(), 'spec.bgp'), 'spec.bgp')
    .filter((leaf) => typeof leaf.value === 'string')
    .map((leaf) => leaf.path),
  `${R0}.vrf`,
  `${N1}.sourceaddress`,
  `${N1}.interface`,
  `${R1}.neighbors[0].password`,
];

describe('injection', () => {
  const unsafeString = fc
    .tuple(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('\n', '\r', '!', '#'),
      fc.string({ unit: 'binary', maxLength: 20 }),
    )
    .map(([before, bad, after]) => `${before}${bad}${after}`);

  it(
    'a newline, carriage return, "!" or "#" in any FRR-bound string is an error at exactly that field',
    { timeout: TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...FRR_STRING_PATHS), unsafeString, (path, value) => {
          const problems = validateChecked(patched({ [path]: value }));
          const atField = problems.filter((p) => p.sources[0]?.path === path);
          expect(atField).toEqual([
            expect.objectContaining({ code: 'UNSAFE_CHARACTERS', severity: 'error' }),
          ]);
        }),
        RUNS,
      );
    },
  );

  it('a Secret password with any of them is an error citing the Secret', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(unsafeString, (value) => {
        const stored = secret({ password: value });
        // One trailing line ending is not part of a Secret's password (docs/adr/0005): test what remains.
        fc.pre(hasUnsafeCharacters(secretPassword(stored) ?? ''));
        const result = validateFRRConfiguration(baseConfig(), ctx([stored]));
        expect(result.problems).toContainEqual(
          expect.objectContaining({
            code: 'UNSAFE_CHARACTERS',
            sources: expect.arrayContaining([
              expect.objectContaining({ kind: 'Secret', path: 'data.password' }),
            ]) as unknown,
          }),
        );
      }),
      RUNS,
    );
  });
});

describe('valid objects', () => {
  it('a generated valid FRRConfiguration raises no problem at all', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(validConfiguration, (input) => {
        expect(validateChecked(input)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the generator covers the interesting features', { timeout: TIMEOUT }, () => {
    const samples = fc.sample(validConfiguration, { numRuns: 300, seed: 42 });
    const text = JSON.stringify(samples);
    for (const feature of [
      '"interface"',
      '"dynamicASN"',
      '"dualStackAddressFamily":true',
      '"mode":"all"',
      '"withLocalPref"',
      '"withCommunity"',
      '"large:',
      '"l3vni"',
      '"importRTs"',
      '"*:',
      '"imports"',
      '"vrf":"default"',
      '"bfdProfile"',
      '"passwordSecret"',
      '"holdTime"',
      '"connectTime"',
      '"ge"',
      '"nodeSelector"',
      '"nextHop"',
      '"localASN"',
    ]) {
      expect(text).toContain(feature);
    }
  });
});
