// The whole CLI over generated files: random YAML and JSON documents, random bytes, alias and merge
// tricks, deep nesting and mutated samples, through `main` as a user would run it. Whatever the input,
// the exit code is 0, 1 or 2, nothing looks like a stack trace or an internal error, and every line of
// `validate` output is one problem in the documented format (no input can forge a line).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { capture } from './test-io.ts';

const SAMPLES = ['metallb-node-a.yaml', 'nodes.yaml', 'receive-from-fabric.yaml'].map((f) =>
  readFileSync(join('config/samples', f), 'utf8'),
);

/** Pieces of YAML syntax and of our API, so random text is often nearly valid. */
const TOKENS = [
  '&a ',
  '*a',
  '&b ',
  '*b',
  '<<: ',
  '<<: *a',
  '- ',
  ': ',
  '? ',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '\n',
  '  ',
  '---\n',
  '!!str ',
  '!!int ',
  '!foo ',
  '"',
  "'",
  '|\n',
  '>\n',
  '# c',
  'yes',
  'off',
  '0100',
  '1_000',
  '.nan',
  '~',
  'null',
  '\t',
  '\u0000',
  '\u202e',
  'é',
  'kind: FRRConfiguration\n',
  'kind: Secret\n',
  'kind: Node\n',
  'kind: List\nitems:\n',
  'apiVersion: frrk8s.metallb.io/v1beta1\n',
  'apiVersion: v1\n',
  'metadata: {name: x, namespace: frr-k8s-system}\n',
  'spec:\n  bgp:\n    routers:\n',
  '      - asn: 64512\n',
  'neighbors: [{address: 192.0.2.1, asn: 64500}]',
  'nodeSelector: {matchLabels: {a: b}}',
  'name: "a\\nb"',
];

const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(''));

/** A sample with random tokens spliced in at random places. */
const mutatedSample = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TOKENS), fc.nat(8)), { minLength: 1, maxLength: 5 }),
  )
  .map(([text, edits]) =>
    edits.reduce((t, [at, token, cut]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + token + t.slice(i + cut);
    }, text),
  );

const nested = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom(['[', ']'], ['{a: ', '}'], ['- ', '']))
  .map(([n, [open, close]]) => `x: ${open.repeat(n)}1${close.repeat(n)}\n`);

/** Anchors that reference the previous level `fanout` times, `levels` deep (billion laughs when large). */
const laughs = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
  .map(([levels, fanout]) => {
    const out = ['l0: &l0 [x]'];
    for (let i = 1; i <= levels; i++)
      out.push(
        `l${i}: &l${i} [${Array(fanout)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    return out.join('\n') + '\n';
  });

const randomDocuments = fc
  .array(fc.jsonValue({ maxDepth: 4 }), { minLength: 1, maxLength: 3 })
  .chain((docs) =>
    fc.constantFrom(
      docs.map((d) => stringify(d)).join('---\n'),
      docs.map((d) => JSON.stringify(d)).join('\n'),
    ),
  );

const text = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  tokenText,
  mutatedSample,
  nested,
  laughs,
  randomDocuments,
);

const input = fc.oneof(
  { weight: 4, arbitrary: text.map((t) => ({ bytes: Buffer.from(t, 'utf8'), viaStdin: false })) },
  { weight: 2, arbitrary: text.map((t) => ({ bytes: Buffer.from(t, 'utf8'), viaStdin: true })) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: Buffer.from(b), viaStdin: false })),
  },
);

const COMMANDS = [
  ['validate'],
  ['validate', '-o', 'json'],
  ['render', '--node', 'node-a'],
  ['render', '--node', 'n1', '-o', 'json'],
  ['explain', '--node', 'node-a'],
];

const STACK_FRAME = /^\s+at \S+/m;
const PROBLEM_LINE = /^(error|warning) [A-Z0-9_]+ /;

describe('the CLI over generated files', () => {
  it('always exits 0, 1 or 2, without a stack trace, internal error or forged line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'frrk8s-fuzz-')), 'input.yaml');
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom(...COMMANDS), async ({ bytes, viaStdin }, command) => {
        const io = capture(viaStdin ? bytes.toString('utf8') : '');
        if (!viaStdin) writeFileSync(file, bytes);
        const code = await main([...command, '-f', viaStdin ? '-' : file], io);
        expect([0, 1, 2]).toContain(code);
        const printed = io.stdout() + io.stderr();
        expect(printed).not.toMatch(STACK_FRAME);
        expect(printed).not.toContain('internal error');
        if (command.length === 1) {
          for (const line of io.stdout().split('\n').filter(Boolean)) expect(line).toMatch(PROBLEM_LINE);
        }
        if (code === 2) expect(io.stderr()).toMatch(/^error/);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
