// Neighbor-scoped route-map and prefix-list names must never be shared by two neighbors: a shared name
// silently binds one peer to another's policy (issue 8, item 2). Names are built from validated input
// only, so the property generates neighbors and keeps those validation accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Neighbor as ApiNeighbor } from '../../../api/v1beta1/index.ts';
import { NS, linesOf, pipeline, withRouter } from '../__fixtures__/frr.ts';
import type { Neighbor } from '../ir.ts';
import { normalize } from '../normalize.ts';
import { validateFRRConfiguration } from '../validate/frrconfiguration.ts';
import { inboundList, routeMapIn, routeMapOut } from './naming.ts';

/** The IR neighbor and VRF of a one-neighbor object, or undefined when validation refuses it. */
function accepted(fields: Partial<ApiNeighbor>, vrf: string): { n: Neighbor; vrf: string } | undefined {
  const obj = withRouter('x', { vrf, neighbors: [{ asn: 64513, ...fields }] });
  const ctx = { namespace: NS, secrets: new Map() };
  const result = validateFRRConfiguration(obj, ctx);
  if (!result.parsed) return undefined;
  const router = normalize(result.parsed).routers[0]!;
  return { n: [...router.neighbors.values()][0]!, vrf: router.vrf };
}

const routeMaps = ({ n, vrf }: { n: Neighbor; vrf: string }) => [routeMapIn(n, vrf), routeMapOut(n, vrf)];
const prefixLists = ({ n, vrf }: { n: Neighbor; vrf: string }) => [
  inboundList(n, vrf, 'ipv4'),
  inboundList(n, vrf, 'ipv6'),
];
const identity = ({ n, vrf }: { n: Neighbor; vrf: string }) => `${n.interface ? 'if' : 'ip'} ${n.id} ${vrf}`;

// Two sources of names: random ones over the characters of interface names and addresses, and
// compositions of a few addresses and words joined by '-' — where the reported collisions live.
const nameChar = fc.constantFrom(...'0123456789.-_abcdefrx'.split(''));
const randomName = fc.string({ unit: nameChar, minLength: 1, maxLength: 15 });
const atom = fc.constantFrom('10.0.0.1', '192.0.2.1', '2001:db8::1', '::192.0.2.1');
const word = fc.constantFrom('x', 'y', 'x-y', 'red', 'in', 'out', 'ipv4', 'in-ipv4', 'default', 'eth0', '1');
const joined = fc.array(fc.oneof(atom, word), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('-'));
const name = fc.oneof(randomName, joined, word);
const vrfName = fc.oneof(fc.constant(''), name);
const address = fc.oneof(
  atom,
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4().map((v4) => `::${v4}`),
);
const asNeighbor = (id: string, kind: 'address' | 'interface'): Partial<ApiNeighbor> =>
  kind === 'address' ? { address: id } : { interface: id };
const kind = fc.constantFrom('address' as const, 'interface' as const);
const neighborArb = fc.tuple(
  fc.oneof(
    address.map((a) => asNeighbor(a, 'address')),
    name.map((i) => asNeighbor(i, 'interface')),
  ),
  vrfName,
);
/** Two neighbors whose id and VRF, joined by '-', spell the same text: the shape of every collision seen. */
const splitPair = fc
  .tuple(fc.array(fc.oneof(atom, word), { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), kind, kind)
  .map(([parts, i, j, k1, k2]) => {
    const split = (at: number): [string, string] => [
      parts.slice(0, (at % parts.length) + 1).join('-'),
      parts.slice((at % parts.length) + 1).join('-'),
    ];
    const [id1, vrf1] = split(i);
    const [id2, vrf2] = split(j);
    return [
      [asNeighbor(id1, k1), vrf1],
      [asNeighbor(id2, k2), vrf2],
    ] as const;
  });
const pairArb = fc.oneof(fc.tuple(neighborArb, neighborArb), splitPair);

describe('neighbor-scoped names', () => {
  it('are never shared by two distinct neighbors (route maps, prefix lists)', () => {
    fc.assert(
      fc.property(pairArb, ([[f1, v1], [f2, v2]]) => {
        const a = accepted(f1, v1);
        const b = accepted(f2, v2);
        fc.pre(a !== undefined && b !== undefined);
        const same = identity(a) === identity(b);
        for (const [x, y] of [
          [routeMaps(a), routeMaps(b)],
          [prefixLists(a), prefixLists(b)],
        ] as const) {
          if (same) expect(x).toEqual(y);
          else for (const name of x) expect(y).not.toContain(name);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('are names FRR takes: one word, within its 128-character limit for list names', () => {
    fc.assert(
      fc.property(neighborArb, ([fields, vrf]) => {
        const a = accepted(fields, vrf);
        fc.pre(a !== undefined);
        for (const name of [...routeMaps(a), ...prefixLists(a)]) {
          expect(name).toMatch(/^[\x21-\x7e]{1,128}$/);
          expect(name).not.toMatch(/[!#]/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    [
      'interface 192.0.2.1-red vs address 192.0.2.1 in VRF red',
      { interface: '192.0.2.1-red' },
      '',
      { address: '192.0.2.1' },
      'red',
    ],
    [
      'address 10.0.0.1 in VRF x-y vs interface 10.0.0.1-x in VRF y',
      { address: '10.0.0.1' },
      'x-y',
      { interface: '10.0.0.1-x' },
      'y',
    ],
  ])('keep apart the reported collision: %s', (_, f1, v1, f2, v2) => {
    const a = accepted(f1, v1)!;
    const b = accepted(f2, v2)!;
    expect(routeMaps(a)).not.toEqual(routeMaps(b));
    expect(prefixLists(a)).not.toEqual(prefixLists(b));
  });

  it('stay readable and do not depend on other neighbors', () => {
    const a = accepted({ address: '192.0.2.1' }, 'red')!;
    expect(routeMaps(a)).toEqual(['192.0.2.1@red-in', '192.0.2.1@red-out']);
    const d = accepted({ address: '192.0.2.1' }, '')!;
    expect(routeMaps(d)).toEqual(['192.0.2.1-in', '192.0.2.1-out']);
    expect(prefixLists(d)).toEqual(['192.0.2.1-in-ipv4', '192.0.2.1-in-ipv6']);
  });
});

describe('an interface name that reads as an IP address', () => {
  it('is refused, so an address neighbor and an unnumbered one can never be taken for one another', () => {
    const obj = withRouter('x', {
      neighbors: [
        { address: '192.0.2.1', asn: 64513 },
        { interface: '192.0.2.1', asn: 64514 },
      ],
    });
    const result = validateFRRConfiguration(obj, { namespace: NS });
    expect(result.problems.map((p) => [p.code, p.sources.map((s) => s.path)])).toEqual([
      ['INTERFACE_NAME_IS_ADDRESS', ['spec.bgp.routers[0].neighbors[1].interface']],
    ]);
  });
});

describe('routers[].vrf: default', () => {
  it('is the default VRF, as it is in imports[].vrf', () => {
    const result = pipeline([
      withRouter('a', { vrf: 'default', neighbors: [{ address: '192.0.2.1', asn: 64513 }] }),
      withRouter('b', { neighbors: [{ address: '192.0.2.2', asn: 64513 }] }),
    ]);
    expect(result.problems).toEqual([]);
    const lines = linesOf(result.text);
    expect(lines.filter((l) => l.startsWith('router bgp'))).toEqual(['router bgp 64512']);
    expect(lines).toContain('neighbor 192.0.2.1 remote-as 64513');
    expect(lines).toContain('neighbor 192.0.2.2 remote-as 64513');
  });
});
