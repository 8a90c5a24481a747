// EVPN route targets as FRR 8.4 takes them: an explicit target equal to the automatic `<AS>:<VNI>` one
// is ignored while the automatic one is in place, and the first other explicit target replaces the
// automatic one. Rendering must leave FRR with exactly the targets the objects list.
import { describe, expect, it } from 'vitest';
import { mergeObjects, withRouter } from '../__fixtures__/frr.ts';

const evpnNeighbor = { address: '192.0.2.1', asn: 64513, addressFamilies: ['evpn' as const] };

/** The lines of the `vni <vni>` block (without the vni/exit-vni lines), or undefined without one. */
function vniBlock(text: string, vni: number): string[] | undefined {
  const lines = text.split('\n');
  const start = lines.indexOf(`  vni ${vni}`);
  if (start < 0) return undefined;
  const end = lines.indexOf('  exit-vni', start);
  return lines.slice(start + 1, end).map((l) => l.trim());
}

describe('EVPN route targets', () => {
  it('a target equal to the automatic one is written after the other explicit targets', () => {
    const merged = mergeObjects([
      withRouter('a', {
        neighbors: [evpnNeighbor],
        evpn: {
          l2vnis: [
            { vni: 1000, importRTs: ['64512:1000', '64513:1000'], exportRTs: ['64512:1000', '1.2.3.4:7'] },
          ],
        },
      }),
    ]);
    expect(merged.problems).toEqual([]);
    expect(vniBlock(merged.text!, 1000)).toEqual([
      'route-target import 64513:1000',
      'route-target import 64512:1000',
      'route-target export 1.2.3.4:7',
      'route-target export 64512:1000',
    ]);
  });

  it('a target equal to the automatic one alone is left to FRR’s automatic target', () => {
    const merged = mergeObjects([
      withRouter('a', {
        neighbors: [evpnNeighbor],
        evpn: {
          l2vnis: [
            { vni: 1000, importRTs: ['64512:1000'], exportRTs: ['64512:1000'] },
            { vni: 2000, rd: '64512:2000', exportRTs: ['64512:2000'] },
          ],
        },
      }),
    ]);
    expect(merged.problems).toEqual([]);
    expect(vniBlock(merged.text!, 1000)).toBeUndefined();
    expect(vniBlock(merged.text!, 2000)).toEqual(['rd 64512:2000']);
  });

  it('the automatic target of an l3vni is the VRF router’s AS and the l3vni', () => {
    const merged = mergeObjects([
      withRouter('a', {
        vrf: 'red',
        asn: 64600,
        evpn: {
          l3vni: {
            vni: 3000,
            advertisePrefixes: ['unicast'],
            importRTs: ['64600:3000', '64512:1'],
            exportRTs: ['64600:3000'],
          },
        },
      }),
    ]);
    expect(merged.problems).toEqual([]);
    const text = merged.text!;
    expect(text).toContain(
      ' address-family l2vpn evpn\n  advertise ipv4 unicast\n  advertise ipv6 unicast\n  route-target import 64512:1\n  route-target import 64600:3000\n exit-address-family\n',
    );
    expect(text).not.toContain('route-target export');
  });
});
