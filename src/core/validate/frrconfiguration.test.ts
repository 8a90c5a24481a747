import { describe, expect, it } from 'vitest';
import { validateFRRConfiguration } from './frrconfiguration.ts';
import {
  NAME,
  NS,
  baseConfig,
  ctx,
  errorsOf,
  expectClean,
  expectProblem,
  minimalConfig,
  patched,
  secret,
  src,
  validate,
  withoutField,
} from './__fixtures__/builders.ts';

describe('validateFRRConfiguration', () => {
  it.each([
    ['the base object', baseConfig],
    ['the minimal object', minimalConfig],
  ])('accepts %s without any problem', (_, make) => {
    expect(validate(make())).toEqual([]);
    expect(validate(make(), ctx([secret({ username: 'u', password: 'pw-123' })]))).toEqual([]);
  });

  it('accepts an object shaped like the ones MetalLB generates (empty passwordSecret, empty raw and status)', () => {
    const metallb = {
      metadata: { name: 'metallb-worker-1', namespace: NS },
      spec: {
        bgp: {
          routers: [
            {
              asn: 64512,
              id: '192.0.2.10',
              vrf: 'red',
              neighbors: [
                {
                  asn: 64513,
                  address: '192.0.2.254',
                  port: 179,
                  password: 'S3cret',
                  passwordSecret: {},
                  holdTime: '90s',
                  keepaliveTime: '30s',
                  toAdvertise: {
                    allowed: { prefixes: ['198.51.100.10/32'] },
                    withLocalPref: [{ prefixes: ['198.51.100.10/32'], localPref: 300 }],
                    withCommunity: [{ prefixes: ['198.51.100.10/32'], community: '65000:300' }],
                  },
                  toReceive: { allowed: {} },
                },
                {
                  dynamicASN: 'internal',
                  interface: 'net0',
                  port: 179,
                  passwordSecret: {},
                  toAdvertise: { allowed: {} },
                  toReceive: { allowed: {} },
                },
              ],
              prefixes: ['198.51.100.10/32'],
            },
          ],
        },
        raw: {},
        nodeSelector: { matchLabels: { 'kubernetes.io/hostname': 'worker-1' } },
      },
      status: {},
    };
    expect(validate(metallb)).toEqual([]);
    expect(validate(metallb, ctx([]))).toEqual([]);
  });

  it('returns a defaulted copy and leaves the input untouched', () => {
    const input = baseConfig();
    const before = structuredClone(input);
    const result = validateFRRConfiguration(input, ctx());
    expect(input).toEqual(before);
    expect(result.object).toBeDefined();
    expect(result.object).not.toBe(input);
    expect(result.object?.spec?.bgp?.routers?.[0]?.neighbors?.[0]?.disableMP).toBe(false);
  });

  it('returns no object when the shape is wrong', () => {
    const result = validateFRRConfiguration(patched({ 'spec.bgp.routers[0].asn': 'x' }), ctx());
    expect(result.object).toBeUndefined();
    expectProblem(result.problems, 'SCHEMA_TYPE', 'spec.bgp.routers[0].asn');
  });

  it('stops after schema errors: no semantic problem is reported on a malformed object', () => {
    const problems = validate(
      patched({ 'spec.bgp.routers[0].asn': 'x', 'spec.bgp.routers[0].neighbors[0].address': 'not-an-ip' }),
    );
    expect(problems.map((p) => p.code)).toEqual(['SCHEMA_TYPE']);
  });

  it('keeps semantic checks running when the schema only warns (unknown field)', () => {
    const problems = validate(
      patched({ 'spec.bgp.routers[0].typo': 1, 'spec.bgp.routers[0].neighbors[0].address': 'not-an-ip' }),
    );
    expectProblem(problems, 'UNKNOWN_FIELD', 'spec.bgp.routers[0].typo');
    expectProblem(problems, 'INVALID_IP', 'spec.bgp.routers[0].neighbors[0].address');
  });

  describe('MISSING_NAME', () => {
    it.each([
      ['no metadata', (o: ReturnType<typeof baseConfig>) => withoutField(o, 'metadata')],
      ['no name', (o: ReturnType<typeof baseConfig>) => withoutField(o, 'metadata.name')],
      ['an empty name', (o: ReturnType<typeof baseConfig>) => patched({ 'metadata.name': '' }, o)],
    ])('is an error with %s, and the object is attributed to the daemon namespace', (_, edit) => {
      const problems = validate(edit(baseConfig()));
      const p = problems.find((q) => q.code === 'MISSING_NAME');
      expect(p).toMatchObject({ severity: 'error', sources: [src('metadata.name', '')] });
      expect(problems).toHaveLength(1);
    });

    it('is not reported for a named object', () => {
      expect(validate(baseConfig()).some((p) => p.code === 'MISSING_NAME')).toBe(false);
    });

    it('uses the object namespace in sources, falling back to the daemon namespace', () => {
      const other = patched({ 'metadata.namespace': 'elsewhere', 'spec.bgp.routers[0].asn': 0 });
      expect(validate(other)).toContainEqual(
        expect.objectContaining({
          code: 'ROUTER_ASN_INVALID',
          sources: [src('spec.bgp.routers[0].asn', NAME, 'elsewhere')],
        }),
      );
      const none = withoutField(patched({ 'spec.bgp.routers[0].asn': 0 }), 'metadata.namespace');
      expect(validate(none)).toContainEqual(
        expect.objectContaining({
          code: 'ROUTER_ASN_INVALID',
          sources: [src('spec.bgp.routers[0].asn', NAME, NS)],
        }),
      );
    });
  });

  // Issue 8, item 12: names were not checked, so a newline or 5,000,000 characters passed.
  describe('metadata.name and metadata.namespace, as the API server checks them', () => {
    it.each([
      ['a newline', 'a\nerror X'],
      ['upper case', 'MetalLB'],
      ['an underscore', 'a_b'],
      ['a leading dash', '-a'],
      ['a trailing dot', 'a.'],
      ['a space', 'a b'],
      ['254 characters', 'a'.repeat(254)],
    ])('INVALID_OBJECT_NAME: a name with %s', (_, name) => {
      const problems = validate(patched({ 'metadata.name': name }));
      expect(problems.map((p) => [p.code, p.sources])).toEqual([
        ['INVALID_OBJECT_NAME', [src('metadata.name', name)]],
      ]);
    });

    it.each([
      ['a newline', 'ns\nx'],
      ['a dot (a subdomain, not a label)', 'frr.k8s'],
      ['upper case', 'Frr'],
      ['64 characters', 'n'.repeat(64)],
    ])('INVALID_NAMESPACE_NAME: a namespace with %s', (_, namespace) => {
      const problems = validate(patched({ 'metadata.namespace': namespace }));
      expect(problems.map((p) => [p.code, p.sources])).toEqual([
        ['INVALID_NAMESPACE_NAME', [src('metadata.namespace', NAME, namespace)]],
      ]);
    });

    it.each([
      ['a dotted name', 'metallb-worker-1.example'],
      ['253 characters', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`],
    ])('accepts %s', (_, name) => {
      expect(validate(patched({ 'metadata.name': name }))).toEqual([]);
    });

    it('does not echo a huge name whole in the message', () => {
      const [p] = validate(patched({ 'metadata.name': 'x'.repeat(5_000_000) }));
      expect(p?.code).toBe('INVALID_OBJECT_NAME');
      expect(p!.message.length).toBeLessThan(300);
    });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'kind: FRRConfiguration'],
    ['a number', 42],
    ['an array', [baseConfig()]],
  ])('reports %s as a schema type error instead of throwing', (_, input) => {
    const problems = validate(input);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'SCHEMA_TYPE', sources: [src('', '')] }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'MISSING_NAME' }));
  });

  it('accepts an object without spec, and an empty spec', () => {
    expect(validate(withoutField(baseConfig(), 'spec'))).toEqual([]);
    expect(validate(patched({ spec: {} }))).toEqual([]);
    expect(validate(patched({ 'spec.bgp': {} }))).toEqual([]);
  });

  it('does not throw on a cyclic object (as YAML aliases can produce)', () => {
    const cyclic = baseConfig() as Record<string, unknown> & { spec: { bgp: Record<string, unknown> } };
    cyclic.spec.bgp.loop = cyclic.spec.bgp;
    const problems = validate(cyclic);
    expectProblem(problems, 'UNKNOWN_FIELD', 'spec.bgp.loop');
    const meta = baseConfig() as Record<string, unknown> & { metadata: Record<string, unknown> };
    meta.metadata.self = meta;
    expect(validate(meta)).toEqual([]);
  });

  it('does not blow up on shared subtrees (YAML aliases): each subtree is checked', () => {
    const shared = { asn: 64513, address: '192.0.2.254\n' };
    const input = patched({ 'spec.bgp.routers[0].neighbors': [shared, shared] });
    const problems = validate(input);
    expectProblem(problems, 'UNSAFE_CHARACTERS', 'spec.bgp.routers[0].neighbors[0].address');
    expect(errorsOf(problems).length).toBeGreaterThan(0);
  });

  it.each([500, 2500, 5000, 20000])('does not throw on nesting %i levels deep', (levels) => {
    let deep: unknown = 'x\n';
    for (let i = 0; i < levels; i++) deep = [deep];
    // Under spec.bgp the extra field is reported (as unknown, or the whole object as not validatable).
    const inBgp = validate(patched({ 'spec.bgp.extra': deep })).map((p) => `${p.code} ${p.sources[0]?.path}`);
    expect(inBgp.some((p) => p === 'UNKNOWN_FIELD spec.bgp.extra' || p === 'SCHEMA_INVALID ')).toBe(true);
    // Metadata is open: deep data there is fine unless it cannot even be copied.
    const inMeta = validate(patched({ 'metadata.deep': deep })).map((p) => `${p.code} ${p.sources[0]?.path}`);
    expect(inMeta.filter((p) => p !== 'SCHEMA_INVALID ')).toEqual([]);
  });

  it('reports SCHEMA_INVALID for the whole object when it is not plain data', () => {
    const problems = validate(patched({ 'spec.bgp.routers[0].asn': () => 64512 }));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'SCHEMA_INVALID', severity: 'error', sources: [src('')] }),
    ]);
  });

  it('checks each FRRConfiguration on its own: problems cite only this object', () => {
    const problems = validate(
      patched({ 'spec.bgp.routers[0].asn': 0, 'spec.bgp.routers[0].id': '2001:db8::1' }),
    );
    expect(problems.length).toBe(2);
    for (const p of problems)
      for (const s of p.sources) expect(s).toMatchObject({ namespace: NS, name: NAME });
    expectClean(validate(baseConfig()));
  });
});
