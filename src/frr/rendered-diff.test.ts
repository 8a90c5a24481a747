import { describe, expect, it } from 'vitest';
import { runPipeline } from '../core/pipeline.ts';
import { applyOrder, describeChange } from './diff.ts';
import { renderedDiff } from './rendered-diff.ts';

interface Spec {
  prefixes: string[];
  withCommunity?: string[];
  neighbors?: string[];
  vrf?: string;
  /** Advertised to the neighbors (default: every prefix). */
  allowed?: string[];
}

/** What the daemon renders for one MetalLB-shaped object. */
function render({
  prefixes,
  withCommunity = [],
  neighbors = ['192.0.2.1'],
  vrf,
  allowed = prefixes,
}: Spec): string {
  const object = {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'metallb-node-a', namespace: 'frr-k8s-system' },
    spec: {
      bgp: {
        routers: [
          {
            asn: 64512,
            ...(vrf ? { vrf } : {}),
            prefixes,
            neighbors: neighbors.map((address) => ({
              address,
              asn: 64500,
              toAdvertise: {
                allowed: { prefixes: allowed },
                ...(withCommunity.length
                  ? { withCommunity: [{ community: '64500:7', prefixes: withCommunity }] }
                  : {}),
              },
            })),
          },
        ],
      },
    },
  };
  const result = runPipeline({
    namespace: 'frr-k8s-system',
    node: { name: 'node-a', labels: {} },
    hostname: 'node-a',
    configurations: [object],
    secrets: new Map(),
    options: { alwaysBlock: [], logLevel: 'info', showPasswords: true },
  });
  if (result.text === undefined) throw new Error(JSON.stringify(result.problems));
  return result.text;
}

const BASE = ['198.51.100.1/32', '198.51.100.2/32', '198.51.100.3/32'];
const tagOf = (text: string, prefix: string): string =>
  new RegExp(`network ${prefix.replace(/\./g, '\\.')} route-map (\\S+)`).exec(text)![1]!;

describe('renderedDiff', () => {
  it('adds one network line with its contexts, as frr-reload.py --test prints it', () => {
    const before = render({ prefixes: BASE });
    const after = render({ prefixes: [...BASE, '198.51.100.9/32'] });
    const diff = renderedDiff(before, after)!;
    expect(diff.changes).toEqual([
      {
        kind: 'add',
        lines: [
          'router bgp 64512',
          ' address-family ipv4 unicast',
          `  network 198.51.100.9/32 route-map ${tagOf(after, '198.51.100.9/32')}`,
        ],
        policy: false,
      },
    ]);
  });

  it('deletes a withdrawn network with the route-map FRR has (FRR refuses another)', () => {
    const before = render({ prefixes: BASE });
    const after = render({ prefixes: BASE.slice(0, 2) });
    expect(renderedDiff(before, after)!.changes.map((c) => [c.kind, describeChange(c)])).toEqual([
      [
        'delete',
        `router bgp 64512 > address-family ipv4 unicast > no network 198.51.100.3/32 route-map ${tagOf(before, '198.51.100.3/32')}`,
      ],
    ]);
  });

  it('is empty for the same rendering', () => {
    const text = render({ prefixes: BASE });
    expect(renderedDiff(text, text)).toEqual({ changes: [] });
  });

  it('moves a prefix between classes that both exist: one re-issued network once ordered', () => {
    const before = render({ prefixes: BASE, withCommunity: ['198.51.100.2/32'] });
    const after = render({ prefixes: BASE, withCommunity: ['198.51.100.1/32', '198.51.100.2/32'] });
    const diff = renderedDiff(before, after)!;
    expect(diff.changes.map((c) => c.kind)).toEqual(['delete', 'add']);
    expect(applyOrder(diff).map(describeChange)).toEqual([
      `router bgp 64512 > address-family ipv4 unicast > network 198.51.100.1/32 route-map ${tagOf(after, '198.51.100.1/32')}`,
    ]);
  });

  it('leaves to frr-reload.py a change of anything but network lines', () => {
    const before = render({ prefixes: BASE });
    // A new class: a new tag route-map and a new entry in the neighbor's out route-map.
    expect(renderedDiff(before, render({ prefixes: BASE, withCommunity: ['198.51.100.1/32'] }))).toBe(
      undefined,
    );
    // A new neighbor.
    expect(renderedDiff(before, render({ prefixes: BASE, neighbors: ['192.0.2.1', '192.0.2.2'] }))).toBe(
      undefined,
    );
    // The first IPv6 prefix opens a context the running configuration does not have.
    const v6 = render({ prefixes: [...BASE, '2001:db8::1/128'], allowed: BASE });
    expect(v6).toContain('address-family ipv6 unicast');
    expect(renderedDiff(before, v6)).toBe(undefined);
    // The router moved to a VRF.
    expect(renderedDiff(before, render({ prefixes: BASE, vrf: 'red' }))).toBe(undefined);
  });

  it('leaves to frr-reload.py a network line FRR could refuse (raw configuration can add one)', () => {
    const text = render({ prefixes: BASE });
    const withLine = (line: string) =>
      text.replace(' address-family ipv4 unicast\n', ` address-family ipv4 unicast\n  ${line}\n`);
    expect(renderedDiff(text, withLine('network 198.51.100.8/32'))?.changes).toHaveLength(1);
    for (const bad of [
      'network 198.51.100.1/24',
      'network 198.51.100.300/32',
      'network 2001:db8::/64',
      'network 198.51.100.8/32 route-map a b',
      'network 198.51.100.8/32 backdoor',
    ])
      expect(renderedDiff(text, withLine(bad)), bad).toBe(undefined);
  });

  it('leaves to frr-reload.py a text that opens the same block twice (raw configuration can)', () => {
    const text = render({ prefixes: BASE });
    const twice = `${text}router bgp 64512\n address-family ipv4 unicast\n  network 198.51.100.1/32\n`;
    expect(renderedDiff(text, twice)).toBe(undefined);
  });
});
