// The compact prefix-list encoding must be exact: a route is matched by some entry iff it is one of
// the input prefixes. Checked against a small reference implementation of FRR's prefix-list matching
// (lib/plist.c prefix_list_entry_match), on the rendered entry text as FRR would read it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frrMatches, masked, parseEntry, type Route } from '../__fixtures__/prefix-list.ts';
import { maxLength, parseCidr, type Family, type ParsedCidr } from '../net.ts';
import { compactPrefixes, entryText, type PrefixEntry } from './compact.ts';

const widthOf = (family: Family) => maxLength(family);
const key = (r: Route) => `${r.net.toString(16)}/${r.len}`;

const cidrOf = (net: bigint, len: number, family: Family): ParsedCidr => {
  const width = widthOf(family);
  const bytes: number[] = [];
  for (let i = width / 8 - 1; i >= 0; i--) bytes.push(Number((net >> BigInt(i * 8)) & 0xffn));
  const text =
    family === 'ipv4'
      ? bytes.join('.')
      : Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(
          ':',
        );
  return parseCidr(`${text}/${len}`)!;
};

/** Routes worth asking about: the inputs, their supernets, subnets and siblings, and random ones. */
function candidates(inputs: readonly Route[], randoms: readonly Route[], width: number): Route[] {
  const out = new Map<string, Route>();
  const add = (net: bigint, len: number) => {
    if (len < 0 || len > width) return;
    const r = { net: masked(net, len, width), len };
    out.set(key(r), r);
  };
  for (const r of [...inputs, ...randoms]) {
    add(r.net, r.len);
    for (const d of [1, 2, 8]) add(r.net, r.len - d);
    if (r.len < width) {
      add(r.net, r.len + 1);
      add(r.net | (1n << BigInt(width - r.len - 1)), r.len + 1);
    }
    if (r.len > 0) add(r.net ^ (1n << BigInt(width - r.len)), r.len);
  }
  return [...out.values()];
}

function checkExact(inputs: readonly Route[], randoms: readonly Route[], family: Family): void {
  const width = widthOf(family);
  const entries = compactPrefixes(
    inputs.map((r) => cidrOf(r.net, r.len, family)),
    family,
  );
  const parsed = entries.map((e) => parseEntry(entryText(e), family));
  const members = new Set(inputs.map(key));
  for (const route of candidates(inputs, randoms, width)) {
    const matched = parsed.some((e) => frrMatches(e, route, width));
    if (matched !== members.has(key(route))) {
      expect.fail(
        `${cidrOf(route.net, route.len, family).text} is ${matched ? '' : 'not '}matched but ${
          members.has(key(route)) ? 'is' : 'is not'
        } in the set; entries: ${entries.map(entryText).join(', ')}`,
      );
    }
  }
  // Minimal among aligned blocks: no two entries for the same length are buddies of one block.
  const byText = new Set(entries.map(entryText));
  for (const e of parsed) {
    if (e.len === 0) continue;
    const buddy = { ...e, net: e.net ^ (1n << BigInt(width - e.len)) };
    const g = e.ge ?? e.len;
    const buddyEntry: PrefixEntry = {
      family,
      prefix: cidrOf(buddy.net, buddy.len, family).text,
      ...(e.ge !== undefined ? { ge: g, le: g } : {}),
    };
    expect(byText.has(entryText(buddyEntry)), `${entryText(buddyEntry)} could merge`).toBe(false);
  }
  // Deterministic: the input order does not matter.
  expect(
    compactPrefixes(
      [...inputs].reverse().map((r) => cidrOf(r.net, r.len, family)),
      family,
    ),
  ).toEqual(entries);
}

// IPv4: mostly /32s of 10.0.0.0/24 (dense, so blocks form), some shorter prefixes around them.
const v4Base = 0x0a000000n;
const v4Route = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: 0, max: 255 }).map((h) => ({ net: v4Base + BigInt(h), len: 32 })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 20, max: 31 }))
      .map(([h, len]) => ({ net: masked(v4Base + BigInt(h), len, 32), len })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
      .map(([a, len]) => ({ net: masked(BigInt(a), len, 32), len })),
  },
);
/** A run of consecutive /32s: exercises merging into large blocks. */
const v4Run = fc
  .tuple(fc.integer({ min: 0, max: 2048 }), fc.integer({ min: 1, max: 300 }))
  .map(([start, count]) =>
    Array.from({ length: count }, (_, i) => ({ net: v4Base + BigInt(start + i), len: 32 })),
  );

const v6Base = 0x20010db8000000000000000000000000n;
const v6Route = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: 0, max: 255 }).map((h) => ({ net: v6Base + BigInt(h), len: 128 })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 112, max: 127 }))
      .map(([h, len]) => ({ net: masked(v6Base + BigInt(h), len, 128), len })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }))
      .map(([a, len]) => ({ net: masked(a, len, 128), len })),
  },
);

const unique = (routes: Route[]): Route[] => [...new Map(routes.map((r) => [key(r), r])).values()];

describe(
  'compactPrefixes: exact encoding (property, against FRR prefix-list matching)',
  { timeout: 20_000 },
  () => {
    it('IPv4: a route is matched by some entry iff it is in the input set', () => {
      fc.assert(
        fc.property(
          fc.array(v4Route, { maxLength: 60 }),
          fc.option(v4Run, { nil: undefined }),
          fc.array(v4Route, { maxLength: 20 }),
          (routes, run, randoms) => checkExact(unique([...routes, ...(run ?? [])]), randoms, 'ipv4'),
        ),
        { numRuns: 1000 },
      );
    });

    it('IPv6: a route is matched by some entry iff it is in the input set', () => {
      fc.assert(
        fc.property(
          fc.array(v6Route, { maxLength: 60 }),
          fc.array(v6Route, { maxLength: 20 }),
          (routes, randoms) => checkExact(unique(routes), randoms, 'ipv6'),
        ),
        { numRuns: 1000 },
      );
    });

    it('prefixes of the other family are ignored', () => {
      expect(compactPrefixes([parseCidr('2001:db8::/64')!, parseCidr('192.0.2.0/24')!], 'ipv4')).toEqual([
        { family: 'ipv4', prefix: '192.0.2.0/24' },
      ]);
    });
  },
);

describe('compactPrefixes: examples', () => {
  const hosts = (first: number, count: number) =>
    Array.from({ length: count }, (_, i) => cidrOf(v4Base + BigInt(first + i), 32, 'ipv4'));

  it('1,024 contiguous aligned /32s become one entry', () => {
    const entries = compactPrefixes(hosts(0, 1024), 'ipv4');
    expect(entries).toEqual([{ family: 'ipv4', prefix: '10.0.0.0/22', ge: 32, le: 32 }]);
    expect(entries.map(entryText)).toEqual(['10.0.0.0/22 ge 32']);
  });

  it('1,024 contiguous /32s off alignment become the four aligned blocks covering them', () => {
    const entries = compactPrefixes(hosts(128, 1024), 'ipv4');
    expect(entries.map(entryText).sort()).toEqual([
      '10.0.0.128/25 ge 32',
      '10.0.1.0/24 ge 32',
      '10.0.2.0/23 ge 32',
      '10.0.4.0/25 ge 32',
    ]);
  });

  it('scattered prefixes stay one exact entry each, and shorter lengths keep their le', () => {
    const entries = compactPrefixes(
      ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/25', '203.0.113.128/25'].map((t) => parseCidr(t)!),
      'ipv4',
    );
    expect(entries.map(entryText)).toEqual(['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24 ge 25 le 25']);
  });

  it('IPv6 /128 neighbours pair up; the whole address space at one length becomes ::/0', () => {
    expect(
      compactPrefixes(
        ['2001:db8::/128', '2001:db8::1/128'].map((t) => parseCidr(t)!),
        'ipv6',
      ).map(entryText),
    ).toEqual(['2001:db8::/127 ge 128']);
    expect(
      compactPrefixes(
        ['::/1', '8000::/1'].map((t) => parseCidr(t)!),
        'ipv6',
      ).map(entryText),
    ).toEqual(['::/0 ge 1 le 1']);
    expect(compactPrefixes([parseCidr('0.0.0.0/0')!], 'ipv4').map(entryText)).toEqual(['0.0.0.0/0']);
  });
});
