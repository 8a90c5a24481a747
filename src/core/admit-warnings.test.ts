import { describe, expect, it } from 'vitest';
import { updateWarnings } from './admit-warnings.ts';

const object = (address: string, graceful: boolean) => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name: 'a', namespace: 'frr-k8s-system' },
  spec: {
    bgp: { routers: [{ asn: 64512, neighbors: [{ address, asn: 64500, enableGracefulRestart: graceful }] }] },
  },
});

describe('updateWarnings', () => {
  it('warns when an UPDATE flips graceful restart, naming the neighbor and the field', () => {
    const warnings = updateWarnings(object('192.0.2.1', false), object('192.0.2.1', true));
    expect(warnings.map((w) => [w.code, w.sources[0]?.path])).toEqual([
      ['GRACEFUL_RESTART_CHANGE', 'spec.bgp.routers[0].neighbors[0].enableGracefulRestart'],
    ]);
    expect(warnings[0]?.message).toContain('enabled for neighbor 192.0.2.1');
  });

  it('sees a respelled address as the same neighbor, as merging does', () => {
    const warnings = updateWarnings(object('2001:DB8::1', false), object('2001:db8:0::1', true));
    expect(warnings.map((w) => w.code)).toEqual(['GRACEFUL_RESTART_CHANGE']);
    expect(warnings[0]?.message).toContain('neighbor 2001:db8::1');
  });

  it('says nothing when the setting is unchanged', () => {
    expect(updateWarnings(object('192.0.2.1', true), object('192.0.2.1', true))).toEqual([]);
  });
});
