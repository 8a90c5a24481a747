// Injection safety: any string that can reach FRR configuration must not be able to end a command or
// start a new one. Each case asserts UNSAFE_CHARACTERS at exactly the injected field and no other
// problem about that field.
import { describe, expect, it } from 'vitest';
import {
  N0,
  N1,
  N2,
  R0,
  R1,
  R2,
  baseConfig,
  ctx,
  expectProblem,
  getAt,
  leafPaths,
  patched,
  secret,
  validate,
} from './__fixtures__/builders.ts';

const PAYLOADS = ['\n', '\r', '!', '#', '\u0000', '\t', '\u001b', '\u007f', '\u0085', '\nrouter bgp 1\n'];

/** Every string under spec.bgp in the base object: names, addresses, prefixes, communities, RD/RTs, timers… */
const STRING_PATHS = leafPaths(getAt(baseConfig(), 'spec.bgp'), 'spec.bgp')
  .filter((leaf) => typeof leaf.value === 'string')
  .map((leaf) => leaf.path);

/** Strings the base object leaves unset, and fields of other types given a string. */
const EXTRA_PATHS = [
  `${R0}.vrf`,
  `${N1}.sourceaddress`,
  `${N1}.connectTime`,
  `${N2}.bfdProfile`,
  `${N1}.nextHop.ipv4`,
  `${R1}.neighbors[0].passwordSecret.namespace`,
  `${R0}.asn`,
  `${N0}.port`,
  `${N0}.ebgpMultiHop`,
  `${R2}.evpn.l3vni.vni`,
];

const unsafe = (value: unknown, payload: string): string =>
  `${typeof value === 'string' ? value : 'x'}${payload}`;

/** One UNSAFE_CHARACTERS problem at `path`, and no other problem citing that path. */
function expectOnlyUnsafe(input: unknown, path: string): void {
  const problems = validate(input);
  const p = expectProblem(problems, 'UNSAFE_CHARACTERS', path);
  expect(p.severity).toBe('error');
  expect(problems.filter((q) => q.sources.some((s) => s.path === path))).toEqual([p]);
}

describe('UNSAFE_CHARACTERS', () => {
  it('covers the strings of the base object', () => {
    expect(STRING_PATHS).toEqual(
      expect.arrayContaining([
        `${R0}.id`,
        `${R0}.prefixes[0]`,
        `${N0}.address`,
        `${N0}.sourceaddress`,
        `${N0}.holdTime`,
        `${N0}.bfdProfile`,
        `${N0}.toAdvertise.withCommunity[0].community`,
        `${N0}.toReceive.allowed.prefixes[0].prefix`,
        `${N1}.password`,
        `${N2}.interface`,
        `${N2}.dynamicASN`,
        `${R1}.vrf`,
        `${R1}.imports[0].vrf`,
        `${R1}.neighbors[0].passwordSecret.name`,
        `${R0}.evpn.l2vnis[0].rd`,
        `${R2}.evpn.l3vni.importRTs[0]`,
        'spec.bgp.bfdProfiles[0].name',
      ]),
    );
    expect(STRING_PATHS.length).toBeGreaterThan(40);
  });

  describe.each(PAYLOADS)('with %j', (payload) => {
    it.each([...STRING_PATHS, ...EXTRA_PATHS])('at %s', (path) => {
      expectOnlyUnsafe(patched({ [path]: unsafe(getAt(baseConfig(), path), payload) }), path);
    });
  });

  it.each(['\n', '!', '#'])('a payload %j at the start of a value is caught too', (payload) => {
    const path = `${N1}.password`;
    expectOnlyUnsafe(patched({ [path]: `${payload}hunter2` }), path);
  });

  it('reports every unsafe field, each once', () => {
    const paths = [`${N0}.address`, `${N1}.password`, `${R1}.vrf`];
    const problems = validate(patched(Object.fromEntries(paths.map((p) => [p, 'x\ny']))));
    expect(problems.map((p) => [p.code, p.sources[0]?.path])).toEqual(
      expect.arrayContaining(paths.map((p) => ['UNSAFE_CHARACTERS', p])),
    );
    for (const path of paths) expect(problems.filter((p) => p.sources[0]?.path === path)).toHaveLength(1);
  });

  it('catches unknown fields and field names under spec.bgp too, once per path', () => {
    expectOnlyUnsafe(patched({ [`${N0}.descripton`]: 'x\n' }), `${N0}.descripton`);
    expectOnlyUnsafe(patched({ [`${N0}.bad!key`]: 'x' }), `${N0}.bad!key`);
    expectOnlyUnsafe(patched({ [`${N0}.bad#key`]: 'x!' }), `${N0}.bad#key`);
  });

  it('blocks the semantic check of the same field but not of the others', () => {
    const problems = validate(patched({ [`${N0}.address`]: '192.0.2.254\n', [`${N1}.port`]: 0 }));
    expectProblem(problems, 'UNSAFE_CHARACTERS', `${N0}.address`);
    expectProblem(problems, 'PORT_INVALID', `${N1}.port`);
  });

  it('checks the password read from a Secret', () => {
    const problems = validate(baseConfig(), ctx([secret({ password: 'pw\nline vty' })]));
    expectProblem(problems, 'UNSAFE_CHARACTERS', `${R1}.neighbors[0].passwordSecret.name`);
  });

  it('does not apply outside spec.bgp: raw config is the documented exception, metadata is not rendered', () => {
    expect(validate(patched({ 'spec.raw': { rawConfig: 'router bgp 1\n! comment\n# x\n' } }))).toEqual([]);
    expect(validate(patched({ 'metadata.annotations': { note: 'a\nb!' } }))).toEqual([]);
  });

  it('a node selector value with a newline is a selector problem, not an injection', () => {
    const problems = validate(patched({ 'spec.nodeSelector.matchLabels': { zone: 'a\nb' } }));
    expect(problems.map((p) => p.code)).toEqual(['NODE_SELECTOR_INVALID']);
  });
});
