import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problem } from '../core/problems.ts';
import { parseBfdPeers, parseBgpNeighbors } from '../frr/session-reader.ts';
import { DaemonMetrics, UPSTREAM_SERIES } from './metrics.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../frr/__fixtures__/${name}`, import.meta.url), 'utf8'));

// Upstream frr-k8s's series, as its dashboards and alerts name them (issue 10): not derived from our
// code, so a rename on our side fails here.
const UPSTREAM = [
  'frrk8s_bgp_session_up',
  'frrk8s_bgp_announced_prefixes_total',
  'frrk8s_bgp_received_prefixes_total',
  'frrk8s_bgp_opens_sent',
  'frrk8s_bgp_opens_received',
  'frrk8s_bgp_notifications_sent',
  'frrk8s_bgp_updates_total',
  'frrk8s_bgp_updates_total_received',
  'frrk8s_bgp_keepalives_sent',
  'frrk8s_bgp_keepalives_received',
  'frrk8s_bgp_route_refresh_sent',
  'frrk8s_bgp_total_sent',
  'frrk8s_bgp_total_received',
  'frrk8s_bfd_session_up',
  'frrk8s_bfd_control_packet_input',
  'frrk8s_bfd_control_packet_output',
  'frrk8s_bfd_echo_packet_input',
  'frrk8s_bfd_echo_packet_output',
  'frrk8s_bfd_session_up_events',
  'frrk8s_bfd_session_down_events',
  'frrk8s_bfd_zebra_notifications',
  'frrk8s_k8s_client_updates_total',
  'frrk8s_k8s_client_update_errors_total',
  'frrk8s_k8s_client_config_loaded_bool',
  'frrk8s_k8s_client_config_stale_bool',
];

function metricsFromFixtures(): DaemonMetrics {
  const metrics = new DaemonMetrics({ processMetrics: false });
  const read = {
    bgp: parseBgpNeighbors(fixture('frr84-neighbors.json')),
    bfd: parseBfdPeers('default', fixture('frr84-bfd-peers.json'), fixture('frr84-bfd-counters.json')),
  };
  metrics.readFrom(() => read);
  return metrics;
}

/** `name{labels} value` lines of an exposition, without comments. */
const samples = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('DaemonMetrics', () => {
  it('exposes every upstream series name, and the BGP/BFD ones with exactly the labels peer and vrf', async () => {
    expect([...UPSTREAM_SERIES].sort()).toEqual([...UPSTREAM].sort());
    const text = await metricsFromFixtures().text();
    for (const name of UPSTREAM) expect(text).toContain(`# TYPE ${name} `);
    for (const line of samples(text).filter((l) => /^frrk8s_(bgp|bfd)_/.test(l)))
      expect(line).toMatch(/^\w+\{peer="[^"]+",vrf="[^"]+"\} \d+$/);
  });

  it('gives FRR’s values, per session', async () => {
    const lines = samples(await metricsFromFixtures().text());
    expect(lines).toContain('frrk8s_bgp_session_up{peer="192.0.2.1",vrf="default"} 1');
    expect(lines).toContain('frrk8s_bgp_session_up{peer="192.0.2.99",vrf="default"} 0');
    expect(lines).toContain('frrk8s_bgp_session_up{peer="10.9.9.9",vrf="red"} 0');
    expect(lines).toContain('frrk8s_bgp_announced_prefixes_total{peer="192.0.2.1",vrf="default"} 2');
    expect(lines).toContain('frrk8s_bgp_received_prefixes_total{peer="2001:db8::1",vrf="default"} 1');
    expect(lines).toContain('frrk8s_bgp_keepalives_received{peer="192.0.2.1",vrf="default"} 12');
    expect(lines).toContain('frrk8s_bfd_session_up{peer="192.0.2.1",vrf="default"} 1');
    expect(lines).toContain('frrk8s_bfd_control_packet_input{peer="192.0.2.1",vrf="default"} 41');
    expect(lines).toContain('frrk8s_bfd_zebra_notifications{peer="192.0.2.1",vrf="default"} 2');
  });

  it('drops the series of a session FRR no longer has', async () => {
    const metrics = new DaemonMetrics({ processMetrics: false });
    let read = { bgp: parseBgpNeighbors(fixture('frr84-neighbors.json')), bfd: [] };
    metrics.readFrom(() => read);
    expect(await metrics.text()).toContain('peer="192.0.2.99"');
    read = { bgp: read.bgp.filter((s) => s.peer !== '192.0.2.99'), bfd: [] };
    expect(await metrics.text()).not.toContain('peer="192.0.2.99"');
  });

  it('counts conversion errors by code, replacing the previous set', async () => {
    const metrics = new DaemonMetrics({ processMetrics: false });
    const p = problem('ROUTER_ASN_CONFLICT', 'x', { namespace: 'ns', name: 'a', path: 'spec' });
    metrics.setConversionProblems([p, p]);
    expect(samples(await metrics.text())).toContain('frrk8s_conversion_errors{code="ROUTER_ASN_CONFLICT"} 2');
    metrics.setConversionProblems([]);
    expect(await metrics.text()).not.toContain('code="ROUTER_ASN_CONFLICT"');
  });

  it('counts applies by result, and refusals', async () => {
    const metrics = new DaemonMetrics({ processMetrics: false });
    metrics.recordApply('changed', 120);
    metrics.recordApply('refused', 80);
    const lines = samples(await metrics.text());
    expect(lines).toContain('frrk8s_frr_applies_total{result="changed"} 1');
    expect(lines).toContain('frrk8s_frr_applies_total{result="refused"} 1');
    expect(lines).toContain('frrk8s_frr_refusals_total 1');
    expect(lines).toContain('frrk8s_frr_apply_duration_seconds_count{result="changed"} 1');
  });
});
