// `frrk8s explain` answers "why is this object not on node N?" now that the node's status does not
// list objects for other nodes (issue 11): each such object, with the label that did not match, bounded.
import { describe, expect, it } from 'vitest';
import { notSelectedLines } from './explain-command.ts';
import { main } from './main.ts';
import { capture } from './test-io.ts';

describe('explain: objects that do not select the node', () => {
  it('names each one with the label that did not match, ahead of the configuration', async () => {
    const io = capture();
    expect(await main(['explain', '-f', 'config/samples', '--node', 'node-a'], io)).toBe(0);
    const lines = io.stdout().split('\n');
    expect(lines[0]).toBe(
      '# not selected: frr-k8s-system/metallb-node-b: not selected for node node-a: label kubernetes.io/hostname is "node-a", the selector wants "node-b"',
    );
    expect(lines[1]).toBe('frr defaults traditional');
    expect(io.stdout()).not.toContain('not selected: frr-k8s-system/metallb-node-a');
  });

  it('names at most 20 and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      namespace: 'frr-k8s-system',
      name: `o-${i}`,
      reason: 'not selected for node n: label x is not set, the selector requires it',
    }));
    const lines = notSelectedLines(many, 'n').trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toContain('frr-k8s-system/o-19');
    expect(lines[20]).toBe('# … and 5 more objects do not select node n');
  });
});
