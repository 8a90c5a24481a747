import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../core/problems.ts';
import type { Line } from '../core/render/lines.ts';
import { annotateLines } from './explain-command.ts';
import { main } from './main.ts';
import { capture } from './test-io.ts';

const source = (name: string, path: string): SourceRef => ({ namespace: 'frr-k8s-system', name, path });

/** A source that counts how often its object name is read: the work annotating does per source. */
function countingSource(name: string, path: string, counter: { reads: number }): SourceRef {
  return {
    namespace: 'frr-k8s-system',
    get name() {
      counter.reads++;
      return name;
    },
    path,
  };
}

describe('explain annotation scales with its input', () => {
  it('annotates more lines than a spread can pass as arguments (was RangeError in Math.max)', () => {
    const count = 250_000;
    const sources = [source('big', 'spec.bgp.routers[0].prefixes[0]')];
    const lines: Line[] = Array.from({ length: count }, (_, i) => ({ text: `line ${i}`, sources }));
    const out = annotateLines(lines);
    const printed = out.split('\n');
    expect(printed).toHaveLength(count + 1);
    expect(printed[count - 1]).toBe(
      `${`line ${count - 1}`.padEnd(11)}  # frr-k8s-system/big spec.bgp.routers[0].prefixes[0]`,
    );
  });

  it('reads the sources shared by many lines once, not once per line', () => {
    // Rendering gives every entry of one prefix-list the same sources: n lines × n sources.
    const n = 2_000;
    const counter = { reads: 0 };
    const shared = Array.from({ length: n }, (_, i) =>
      countingSource(
        'scattered',
        `spec.bgp.routers[0].neighbors[0].toAdvertise.allowed.prefixes[${i}]`,
        counter,
      ),
    );
    const lines: Line[] = Array.from({ length: n }, (_, i) => ({ text: `entry ${i}`, sources: shared }));
    const out = annotateLines(lines);
    expect(out.split('\n')[0]).toMatch(/^entry 0 +# frr-k8s-system\/scattered \(2000 fields\)$/);
    expect(counter.reads).toBeLessThanOrEqual(4 * n);
  });

  it('names a few objects of a line many objects share, and counts the rest', () => {
    // 1,000 actors advertising to one neighbor: listing every object on every line made the output
    // grow with objects × lines (94 MB for 1,000 objects).
    const sources = Array.from({ length: 1_000 }, (_, i) =>
      source(`actor-${String(i).padStart(4, '0')}`, 'spec.bgp.routers[0].neighbors[0]'),
    );
    const out = annotateLines([{ text: 'route-map 198.18.0.1-out permit 1000', sources }]);
    expect(out).toBe(
      'route-map 198.18.0.1-out permit 1000  # frr-k8s-system/actor-0000 spec.bgp.routers[0].neighbors[0]; ' +
        'frr-k8s-system/actor-0001 spec.bgp.routers[0].neighbors[0]; ' +
        'frr-k8s-system/actor-0002 spec.bgp.routers[0].neighbors[0]; and 997 more objects\n',
    );
  });
});

describe('explain --peer', () => {
  it('a peer the node does not have is a usage error naming it and the known peers', async () => {
    const io = capture();
    const args = ['explain', '-f', 'config/samples', '--node', 'node-a', '--prefix', '198.51.100.10/32'];
    expect(await main([...args, '--peer', '192.0.2.99'], io)).toBe(2);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toContain(
      'error: --peer: node node-a has no peer "192.0.2.99"; its peers are 192.0.2.1, 2001:db8::1\n',
    );
  });

  it('a node without peers says so when --peer names one', async () => {
    const io = capture();
    const args = ['explain', '-f', 'config/samples', '--node', 'node-c', '--prefix', '198.51.100.10/32'];
    expect(await main([...args, '--peer', '192.0.2.1'], io)).toBe(2);
    expect(io.stderr()).toContain('error: --peer: node node-c has no peer "192.0.2.1"; it has no peers\n');
  });

  it('matches a peer address however it is spelled', async () => {
    const io = capture();
    const args = ['explain', '-f', 'config/samples', '--node', 'node-a', '--prefix', '198.51.100.10/32'];
    expect(await main([...args, '--peer', '2001:DB8:0::1'], io)).toBe(0);
    expect(io.stdout()).toBe(
      '198.51.100.10/32 NOT advertised to 2001:db8::1: the session does not carry ipv4 unicast\n' +
        '198.51.100.10/32 NOT accepted from 2001:db8::1: the session does not carry ipv4 unicast\n',
    );
  });
});

describe('explain output cannot be forged', () => {
  it('escapes control characters in source names and paths, one annotation per line', () => {
    const forged = source('a\nerror FORGED x', 'spec.\u001b[2Jbgp');
    const out = annotateLines([{ text: 'router bgp 64512', sources: [forged] }]);
    expect(out).toBe('router bgp 64512  # frr-k8s-system/a\\nerror FORGED x spec.\\u001b[2Jbgp\n');
  });

  it('escapes terminal controls that a raw snippet carries into the rendered lines', async () => {
    const raw = `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: raw, namespace: frr-k8s-system}
spec:
  raw: {rawConfig: "log syslog\\u001b[31m red\\r"}
`;
    const io = capture(raw);
    expect(await main(['explain', '-f', '-', '--node', 'node-a'], io)).toBe(0);
    expect(io.stdout()).toMatch(
      /^log syslog\\u001b\[31m red\\r +# frr-k8s-system\/raw spec\.raw\.rawConfig$/m,
    );
    expect(io.stdout()).not.toContain('\u001b');
    expect(io.stdout()).not.toContain('\r');
  });
});
