// `frrk8s explain` answers "why is this object not on node N?" now that the node's status does not
// list objects for other nodes (issue 11): each object's state on the node, NotSelected ones with the
// label that did not match, bounded.
import { describe, expect, it } from 'vitest';
import { objectStateLines } from './explain-objects.ts';
import { main } from './main.ts';
import { capture } from './test-io.ts';

const conflicting = (name: string, asn: number) => `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: ${name}, namespace: frr-k8s-system}
spec:
  bgp:
    routers: [{asn: ${asn}}]
---`;

describe('explain: the state of each object on the node', () => {
  it('says Applied for the objects it renders and NotSelected with the label for the others', async () => {
    const io = capture();
    expect(await main(['explain', '-f', 'config/samples', '--node', 'node-a'], io)).toBe(0);
    const lines = io.stdout().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '# frr-k8s-system/metallb-node-a: Applied',
      '# frr-k8s-system/receive-from-fabric: Applied',
      '# frr-k8s-system/metallb-node-b: NotSelected: not selected for node node-a: label kubernetes.io/hostname is "node-a", the selector wants "node-b"',
    ]);
    expect(lines[3]).toBe('frr defaults traditional');
  });

  it('still says each state when errors block the node: Conflict with the other object, Pending', async () => {
    const invalid = `
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: c-invalid, namespace: frr-k8s-system}
spec:
  nodeSelector: {matchLabels: {kubernetes.io/hostname: n1}}
  bgp:
    routers: [{asn: 0}]
`;
    const io = capture(conflicting('a', 64512) + conflicting('b', 64999) + invalid);
    expect(await main(['explain', '-f', '-', '--node', 'n2'], io)).toBe(1);
    expect(io.stdout()).toBe(
      '# frr-k8s-system/a: Conflict with frr-k8s-system/b: ROUTER_ASN_CONFLICT\n' +
        '# frr-k8s-system/b: Conflict with frr-k8s-system/a: ROUTER_ASN_CONFLICT\n' +
        '# frr-k8s-system/c-invalid: NotSelected: not selected for node n2: label kubernetes.io/hostname is "n2", the selector wants "n1"\n',
    );
    expect(io.stderr()).toMatch(/^error ROUTER_ASN_CONFLICT frr-k8s-system\/a /m);
    const onN1 = capture(conflicting('a', 64512) + invalid);
    expect(await main(['explain', '-f', '-', '--node', 'n1'], onN1)).toBe(1);
    expect(onN1.stdout()).toBe(
      '# frr-k8s-system/a: Pending: another object on this node has errors; the last good configuration stays\n' +
        '# frr-k8s-system/c-invalid: Invalid: ROUTER_ASN_INVALID\n',
    );
  });

  it('--object prints that object only, and a name the namespace lacks is a usage error', async () => {
    const io = capture();
    const args = ['explain', '-f', 'config/samples', '--node', 'node-a'];
    expect(await main([...args, '--object', 'metallb-node-b'], io)).toBe(0);
    expect(io.stdout()).toBe(
      '# frr-k8s-system/metallb-node-b: NotSelected: not selected for node node-a: label kubernetes.io/hostname is "node-a", the selector wants "node-b"\n',
    );
    const missing = capture();
    expect(await main([...args, '--object', 'metallb-node-z'], missing)).toBe(2);
    expect(missing.stdout()).toBe('');
    expect(missing.stderr()).toContain(
      'error: --object: namespace frr-k8s-system has no FRRConfiguration "metallb-node-z"',
    );
    const withPrefix = capture();
    expect(await main([...args, '--object', 'x', '--prefix', '10.0.0.0/8'], withPrefix)).toBe(2);
  });

  it('names at most 20 objects that do not select the node and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      namespace: 'frr-k8s-system',
      name: `o-${String(i).padStart(2, '0')}`,
      reason: 'not selected for node n: label x is not set, the selector requires it',
    }));
    const lines = objectStateLines([], many, 'n').trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toContain('frr-k8s-system/o-19');
    expect(lines[20]).toBe('# … and 5 more objects do not select node n');
  });

  it('escapes control characters in names and reasons', () => {
    const out = objectStateLines(
      [{ namespace: 'frr-k8s-system', name: 'a\nerror FORGED', outcome: 'Pending', reason: 'x\u001b[2J' }],
      [],
      'n',
    );
    expect(out).toBe('# frr-k8s-system/a\\nerror FORGED: Pending: x\\u001b[2J\n');
  });
});
