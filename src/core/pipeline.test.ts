// runPipeline end to end: which objects reach a node, what happens to each (outcomes), when nothing
// is rendered, how Secrets and namespaces are treated, always-block, and password retraction.
import { describe, expect, it } from 'vitest';
import {
  ASN,
  NODE_A,
  NODE_B,
  NS,
  basicAuth,
  expectSources,
  frrConfiguration,
  linesOf,
  neighborPath as n,
  pipeline,
  problemWith,
  secretsOf,
  withNeighbor,
  withRouter,
} from './__fixtures__/frr.ts';
import { validateSet } from './validate-set.ts';

const onlyOn = (node: string) => ({ nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node } } });
const outcomeOf = (result: ReturnType<typeof pipeline>, name: string) => {
  const found = result.outcomes.filter((o) => o.name === name);
  expect(found, `one outcome for ${name}`).toHaveLength(1);
  return found[0]!;
};

describe('node selection', () => {
  const forA = withNeighbor('for-a', { address: '192.0.2.1' }, {}, onlyOn('node-a'));
  const forB = withNeighbor('for-b', { address: '192.0.2.2' }, {}, onlyOn('node-b'));
  const everywhere = withRouter('everywhere', { prefixes: ['198.51.100.0/24'] });

  it('an object selecting node A reaches node A only', () => {
    const a = pipeline([forA, forB, everywhere], { node: NODE_A });
    const b = pipeline([forA, forB, everywhere], { node: NODE_B });
    expect(linesOf(a.text)).toContain('neighbor 192.0.2.1 remote-as 64513');
    expect(linesOf(a.text)).not.toContain('neighbor 192.0.2.2 remote-as 64513');
    expect(linesOf(b.text)).toContain('neighbor 192.0.2.2 remote-as 64513');
    expect(linesOf(b.text)).not.toContain('neighbor 192.0.2.1 remote-as 64513');
    for (const r of [a, b]) expect(linesOf(r.text)).toContain('network 198.51.100.0/24');
  });

  it('an object not selecting the node has no outcome; notSelected gives the reason naming the label', () => {
    const result = pipeline([forA, forB, everywhere], { node: NODE_A });
    // Issue 11: the node's status lists only what concerns the node.
    expect(result.outcomes.map((o) => o.name).sort()).toEqual(['everywhere', 'for-a']);
    expect(result.notSelected).toEqual([
      { namespace: NS, name: 'for-b', reason: expect.any(String) as unknown },
    ]);
    expect(result.notSelected[0]!.reason).toContain('kubernetes.io/hostname');
    expect(result.notSelected[0]!.reason).toContain('node-a');
    expect(outcomeOf(result, 'for-a').outcome).toBe('Applied');
    expect(outcomeOf(result, 'everywhere').outcome).toBe('Applied');
  });

  it('matchExpressions are honoured, and an object whose selector fails has no effect on the node', () => {
    const notLinux = withNeighbor(
      'not-linux',
      { address: '192.0.2.3' },
      {},
      {
        nodeSelector: {
          matchExpressions: [{ key: 'kubernetes.io/os', operator: 'NotIn', values: ['linux'] }],
        },
      },
    );
    const result = pipeline([notLinux, everywhere]);
    expect(result.outcomes.map((o) => o.name)).toEqual(['everywhere']);
    expect(result.notSelected.map((o) => o.name)).toEqual(['not-linux']);
    expect(result.notSelected[0]!.reason).toContain('kubernetes.io/os');
    expect(result.text).not.toContain('192.0.2.3');
  });

  it('an invalid object for another node is not validated here and does not block the node', () => {
    const broken = withNeighbor('broken-b', { address: '192.0.2.999' }, {}, onlyOn('node-b'));
    const onB = pipeline([broken, everywhere], { node: NODE_B });
    expect(outcomeOf(onB, 'broken-b').outcome).toBe('Invalid');
    const onA = pipeline([broken, everywhere], { node: NODE_A });
    expect(onA.problems).toEqual([]);
    expect(onA.text).toContain('network 198.51.100.0/24');
    expect(onA.notSelected.map((o) => o.name)).toEqual(['broken-b']);
  });

  it('a conflict with an object of another node does not block this node', () => {
    const clash = withNeighbor('clash', { address: '192.0.2.1', asn: 65000 }, {}, onlyOn('node-b'));
    const result = pipeline([forA, clash], { node: NODE_A });
    expect(result.problems).toEqual([]);
    expect(result.text).toBeDefined();
  });
});

describe('outcomes', () => {
  it('every selected valid object is Applied when nothing fails, with its generation', () => {
    const result = pipeline([
      frrConfiguration('a', { bgp: { routers: [{ asn: ASN }] } }, { generation: 7 }),
      withRouter('b', {}),
    ]);
    expect(result.outcomes).toEqual([
      { namespace: NS, name: 'a', generation: 7, outcome: 'Applied' },
      { namespace: NS, name: 'b', outcome: 'Applied' },
    ]);
  });

  it('a conflict: both objects Conflict, each citing the other in `with`; bystanders Pending; no text', () => {
    const result = pipeline([
      withNeighbor('a', { port: 180 }),
      withNeighbor('b', { port: 181 }),
      withRouter('bystander', { vrf: 'red' }),
    ]);
    expect(result.text).toBeUndefined();
    expect(result.lines).toBeUndefined();
    expect(result.config).toBeDefined();
    const p = problemWith(result.problems, 'NEIGHBOR_PORT_CONFLICT');
    expectSources(p, [
      { name: 'a', path: n('port') },
      { name: 'b', path: n('port') },
    ]);
    expect(outcomeOf(result, 'a')).toMatchObject({
      outcome: 'Conflict',
      problems: [{ code: 'NEIGHBOR_PORT_CONFLICT', severity: 'error', path: n('port'), with: [`${NS}/b`] }],
    });
    expect(outcomeOf(result, 'b')).toMatchObject({
      outcome: 'Conflict',
      problems: [{ code: 'NEIGHBOR_PORT_CONFLICT', path: n('port'), with: [`${NS}/a`] }],
    });
    const bystander = outcomeOf(result, 'bystander');
    expect(bystander.outcome).toBe('Pending');
    expect(bystander.reason).toMatch(/another object/);
    expect(bystander.problems).toBeUndefined();
  });

  it('a conflict is reported the same whatever the order of the input objects', () => {
    const a = withNeighbor('a', { port: 180 });
    const b = withNeighbor('b', { port: 181 });
    expect(pipeline([b, a]).problems).toEqual(pipeline([a, b]).problems);
  });

  it('an invalid object is Invalid, blocks the node (others Pending) and does not break the merge', () => {
    const invalid = withRouter('invalid', {
      prefixes: ['192.0.2.0/33'],
      neighbors: [{ asn: 64513 }],
    });
    const result = pipeline([invalid, withNeighbor('good', {})]);
    expect(result.text).toBeUndefined();
    const outcome = outcomeOf(result, 'invalid');
    expect(outcome.outcome).toBe('Invalid');
    expect(outcome.problems?.map((p) => p.code).sort()).toEqual(['INVALID_CIDR', 'NEIGHBOR_ADDRESS_MISSING']);
    expect(outcomeOf(result, 'good').outcome).toBe('Pending');
  });

  it('an object whose nodeSelector cannot be evaluated is Invalid on every node and blocks it', () => {
    // Issue 8, item 7: it used to be NotSelected, silently, while validate called it an error.
    const bad = withNeighbor(
      'bad-selector',
      { address: '192.0.2.9' },
      {},
      {
        nodeSelector: { matchExpressions: [{ key: 'zone', operator: 'Equals', values: ['a'] }] },
      },
    );
    for (const node of [NODE_A, NODE_B]) {
      const result = pipeline([bad, withNeighbor('good', {})], { node });
      expect(result.text).toBeUndefined();
      const outcome = outcomeOf(result, 'bad-selector');
      expect(outcome.outcome).toBe('Invalid');
      expect(outcome.problems?.map((p) => [p.code, p.path])).toEqual([
        ['NODE_SELECTOR_INVALID', 'spec.nodeSelector.matchExpressions[0].operator'],
      ]);
      expectSources(problemWith(result.problems, 'NODE_SELECTOR_INVALID'), [
        { name: 'bad-selector', path: 'spec.nodeSelector.matchExpressions[0].operator' },
      ]);
      expect(outcomeOf(result, 'good').outcome).toBe('Pending');
    }
  });

  it('an object with only warnings is Applied and its warnings are listed', () => {
    const result = pipeline([withRouter('warned', { prefixes: ['192.0.2.1/24'] })]);
    expect(result.text).toContain('network 192.0.2.0/24');
    expect(outcomeOf(result, 'warned')).toMatchObject({
      outcome: 'Applied',
      problems: [{ code: 'PREFIX_NOT_CANONICAL', severity: 'warning' }],
    });
  });

  it('a namespace/name listed twice: only the last one is used', () => {
    const result = pipeline([withNeighbor('twice', { asn: 64513 }), withNeighbor('twice', { asn: 64514 })]);
    expect(result.outcomes.filter((o) => o.name === 'twice')).toHaveLength(1);
    expect(linesOf(result.text)).toContain('neighbor 192.0.2.1 remote-as 64514');
    expect(result.problems.map((p) => p.code)).toEqual(['DUPLICATE_OBJECT']);
  });

  it('a bad --always-block entry is an error of the options, and nothing is rendered', () => {
    const result = pipeline([withRouter('a', {})], { options: { alwaysBlock: ['10.0.0.0/33'] } });
    expect(result.text).toBeUndefined();
    expectSources(problemWith(result.problems, 'INVALID_CIDR'), [
      { namespace: '', name: 'options', path: 'alwaysBlock' },
    ]);
  });
});

describe('Secrets', () => {
  const withSecret = withNeighbor('a', { passwordSecret: { name: 'bgp-auth' } });

  it('a missing Secret blocks the node with SECRET_UNRESOLVED (an error), while admission only warns', () => {
    const result = pipeline([withSecret, withRouter('b', { vrf: 'red' })]);
    expect(result.text).toBeUndefined();
    const unresolved = result.problems.filter((p) => p.code === 'SECRET_UNRESOLVED');
    expect(unresolved.length).toBeGreaterThan(0);
    for (const p of unresolved) {
      expect(p.severity).toBe('error');
      expect(p.sources.map((s) => [s.name, s.path.startsWith(n('passwordSecret'))])).toEqual([['a', true]]);
    }
    expect(result.problems.some((p) => p.code === 'SECRET_NOT_FOUND')).toBe(false);
    expect(outcomeOf(result, 'a').outcome).toBe('Invalid');
    expect(outcomeOf(result, 'b').outcome).toBe('Pending');

    // Admission: the same object against the same (empty) set of Secrets is accepted with a warning.
    const admission = validateSet([{ value: withSecret }], { namespace: NS, secrets: new Map() });
    const warning = problemWith(admission.problems, 'SECRET_NOT_FOUND');
    expect(warning.severity).toBe('warning');
    expectSources(warning, [{ name: 'a', path: n('passwordSecret.name') }]);
    expect(admission.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('once the Secret exists the password is rendered from it', () => {
    const result = pipeline([withSecret], { secrets: secretsOf(basicAuth('bgp-auth', 'from-secret')) });
    expect(result.problems).toEqual([]);
    expect(linesOf(result.text)).toContain('neighbor 192.0.2.1 password from-secret');
  });
});

describe('namespaces', () => {
  it('an object outside the daemon namespace is ignored and reported as OUTSIDE_NAMESPACE', () => {
    const elsewhere = frrConfiguration(
      'elsewhere',
      { bgp: { routers: [{ asn: 65999, neighbors: [{ address: '192.0.2.9', asn: 64513 }] }] } },
      { namespace: 'default' },
    );
    const result = pipeline([elsewhere, withRouter('here', {})]);
    expect(result.text).toBeDefined();
    expect(result.text).not.toContain('192.0.2.9');
    expect(result.text).not.toContain('65999');
    const p = problemWith(result.problems, 'OUTSIDE_NAMESPACE');
    expect(p.severity).toBe('warning');
    expectSources(p, [{ namespace: 'default', name: 'elsewhere', path: '' }]);
    expect(result.outcomes.map((o) => o.name)).toEqual(['here']);
  });
});

describe('rendering through the pipeline', () => {
  it('no objects at all: the header only, no router bgp', () => {
    const result = pipeline([]);
    expect(result.problems).toEqual([]);
    expect(result.outcomes).toEqual([]);
    expect(result.text).toBe(
      [
        'frr defaults traditional',
        'hostname node-a',
        'log stdout informational',
        'log timestamp precision 3',
        'ip nht resolve-via-default',
        'ipv6 nht resolve-via-default',
        '!',
        '',
      ].join('\n'),
    );
  });

  it('always-block denies the blocked CIDRs first on every neighbor, whatever it accepts', () => {
    const obj = withRouter('a', {
      neighbors: [
        { address: '192.0.2.1', asn: 64513, toReceive: { allowed: { mode: 'all' } } },
        {
          address: '192.0.2.2',
          asn: 64513,
          toReceive: { allowed: { prefixes: [{ prefix: '10.0.0.0/8', le: 24 }] } },
        },
        { address: '2001:db8::1', asn: 64513 },
        { interface: 'eth0', dynamicASN: 'external' },
      ],
    });
    const result = pipeline([obj], { options: { alwaysBlock: ['10.96.0.0/12', 'fd00:10:96::/112'] } });
    const text = result.text!;
    expect(text).toMatch(/^ip prefix-list frrk8s-always-block-ipv4 seq \d+ permit 10\.96\.0\.0\/12 le 32$/m);
    expect(text).toMatch(
      /^ipv6 prefix-list frrk8s-always-block-ipv6 seq \d+ permit fd00:10:96::\/112 le 128$/m,
    );
    const deny = (id: string, seq: number, fam: string) =>
      `route-map ${id}-in deny ${seq}\n match ${fam} address prefix-list frrk8s-always-block-${fam === 'ip' ? 'ipv4' : 'ipv6'}\nexit\n`;
    for (const id of ['192.0.2.1', '192.0.2.2']) expect(text).toContain(deny(id, 10, 'ip'));
    expect(text).toContain(deny('2001:db8::1', 11, 'ipv6'));
    expect(text).toContain(deny('eth0', 10, 'ip') + deny('eth0', 11, 'ipv6'));
    // The denies come before the permits (route-map entries are evaluated by sequence number).
    expect(text).toContain(deny('192.0.2.1', 10, 'ip') + 'route-map 192.0.2.1-in permit 100\nexit\n');
  });

  it('passwords are written only with showPasswords; otherwise retracted', () => {
    const objects = [withNeighbor('a', { password: 'top-secret' })];
    const shown = pipeline(objects, { options: { showPasswords: true } });
    const hidden = pipeline(objects, { options: { showPasswords: false } });
    expect(linesOf(shown.text)).toContain('neighbor 192.0.2.1 password top-secret');
    expect(linesOf(hidden.text)).toContain('neighbor 192.0.2.1 password <retracted>');
    expect(hidden.text).not.toContain('top-secret');
    expect(JSON.stringify(hidden.lines)).not.toContain('top-secret');
  });

  it('the hostname defaults to the node name and can be overridden; routerIdFallback fills a missing router ID', () => {
    const result = pipeline([withRouter('a', {}), withRouter('b', { vrf: 'red', id: '192.0.2.7' })], {
      hostname: 'host-a',
      options: { routerIdFallback: '10.1.2.3' },
    });
    const text = result.text!;
    expect(text).toContain('hostname host-a\n');
    expect(text).toContain('router bgp 64512\n bgp router-id 10.1.2.3\n');
    expect(text).toContain('router bgp 64512 vrf red\n bgp router-id 192.0.2.7\n');
  });

  // Issue 8, item 1: the value went unchecked into `hostname`, so a newline added FRR commands.
  it.each([
    ['a node name with a newline', { node: { name: 'n1\nrouter bgp 666', labels: {} } }],
    ['a hostname with a newline', { hostname: 'n1\nrouter bgp 666' }],
    ['a hostname with a space', { hostname: 'n1 n2' }],
    ['a hostname with a comment starter', { hostname: 'n1!' }],
    ['an empty hostname', { hostname: '' }],
    ['a hostname longer than a DNS name', { hostname: 'h'.repeat(254) }],
  ])('refuses %s: a coded problem, nothing rendered', (_, overrides) => {
    const result = pipeline([withNeighbor('a', {})], overrides);
    expect(result.text).toBeUndefined();
    expect(result.lines).toBeUndefined();
    expectSources(problemWith(result.problems, 'INVALID_HOSTNAME'), [
      { namespace: '', name: 'options', path: 'hostname' },
    ]);
    expect(outcomeOf(result, 'a').outcome).toBe('Pending');
  });

  it('accepts a real node name as hostname', () => {
    const name = 'ip-10-0-0-1.eu-west-1.compute.internal';
    const result = pipeline([withNeighbor('a', {})], { node: { name, labels: {} } });
    expect(result.text).toContain(`hostname ${name}\n`);
  });

  it('every rendered line names the object fields it came from', () => {
    const result = pipeline([withNeighbor('a', { port: 180 })]);
    const portLine = result.lines!.find((l) => l.text.trim() === 'neighbor 192.0.2.1 port 180');
    expect(portLine?.sources.map((s) => [s.name, s.path])).toEqual([['a', n('port')]]);
  });
});
