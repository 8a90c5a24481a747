// The per-object cache behind runPipeline: work is done once per object version, only for objects that
// concern the node, redone when the version or a Secret it read changes, and forgotten with the object.
import { describe, expect, it } from 'vitest';
import { NODE_A, NS, basicAuth, secretsOf, snapshot, withNeighbor, withRouter } from './__fixtures__/frr.ts';
import { newObjectCache, objectVersionKey } from './object-cache.ts';
import { runPipeline } from './pipeline.ts';

const onlyOn = (node: string) => ({ nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node } } });

/** As the API server hands objects out: with a uid and a resourceVersion. */
function versioned<T extends { metadata?: object }>(obj: T, uid: string, resourceVersion: string): T {
  return { ...obj, metadata: { ...obj.metadata, uid, resourceVersion } };
}

const mine = versioned(
  withRouter('mine', { prefixes: ['198.51.100.0/24'] }, onlyOn('node-a')),
  'u-mine',
  '1',
);
const others = Array.from({ length: 50 }, (_, i) =>
  versioned(
    withNeighbor(`other-${i}`, { address: '192.0.2.1' }, {}, onlyOn(`node-${i + 100}`)),
    `u-${i}`,
    '1',
  ),
);

describe('object cache', () => {
  it('validates and normalizes only the objects that select the node', () => {
    const cache = newObjectCache();
    const result = runPipeline(snapshot([mine, ...others], { node: NODE_A }), cache);
    expect(result.text).toContain('network 198.51.100.0/24');
    expect(cache.stats).toEqual({ validations: 1, normalizations: 1 });
  });

  it('a second run over the same object versions validates nothing again', () => {
    const cache = newObjectCache();
    const first = runPipeline(snapshot([mine, ...others], { node: NODE_A }), cache);
    // A new list with copies of the same versions, as an informer's cache gives on every read.
    const copies = [mine, ...others].map((o) => structuredClone(o));
    const second = runPipeline(snapshot(copies, { node: NODE_A }), cache);
    expect(cache.stats).toEqual({ validations: 1, normalizations: 1 });
    expect(second.text).toBe(first.text);
    expect(second.outcomes).toEqual(first.outcomes);
  });

  it('a new resourceVersion is validated once; other objects are not', () => {
    const cache = newObjectCache();
    runPipeline(snapshot([mine, ...others], { node: NODE_A }), cache);
    const changed = versioned(
      withRouter('mine', { prefixes: ['203.0.113.0/24'] }, onlyOn('node-a')),
      'u-mine',
      '2',
    );
    const result = runPipeline(snapshot([changed, ...others], { node: NODE_A }), cache);
    expect(result.text).toContain('network 203.0.113.0/24');
    expect(result.text).not.toContain('198.51.100.0/24');
    expect(cache.stats).toEqual({ validations: 2, normalizations: 2 });
  });

  it('a changed Secret redoes the objects that read it; the same content in a new map does not', () => {
    const cache = newObjectCache();
    const withPassword = versioned(
      withNeighbor('pw', { address: '192.0.2.1', passwordSecret: { name: 'pw', namespace: NS } }),
      'u-pw',
      '1',
    );
    const run = (password: string) =>
      runPipeline(
        snapshot([withPassword, mine], { node: NODE_A, secrets: secretsOf(basicAuth('pw', password)) }),
        cache,
      );
    expect(run('one').text).toContain('password one');
    expect(cache.stats.validations).toBe(2);
    expect(run('one').text).toContain('password one');
    expect(cache.stats.validations).toBe(2);
    expect(run('two').text).toContain('password two');
    // Only the object that reads the Secret was redone.
    expect(cache.stats).toEqual({ validations: 3, normalizations: 3 });
  });

  it('a Secret that appears later turns SECRET_UNRESOLVED into a rendered session', () => {
    const cache = newObjectCache();
    const withPassword = withNeighbor('pw', {
      address: '192.0.2.1',
      passwordSecret: { name: 'pw', namespace: NS },
    });
    const before = runPipeline(snapshot([withPassword], { node: NODE_A }), cache);
    expect(before.problems.map((p) => p.code)).toEqual(['SECRET_UNRESOLVED']);
    const after = runPipeline(
      snapshot([withPassword], { node: NODE_A, secrets: secretsOf(basicAuth('pw', 's3')) }),
      cache,
    );
    expect(after.problems).toEqual([]);
    expect(after.text).toContain('password s3');
  });

  it('keeps the parsed form until the first merge, then only the fragment, never a copy of the object', () => {
    const cache = newObjectCache();
    const broken = versioned(withRouter('broken', { asn: 0 }, onlyOn('node-a')), 'u-broken', '1');
    runPipeline(snapshot([mine, broken], { node: NODE_A }), cache);
    const content = (name: string) => [...cache.entries.values()].find((e) => e.name === name)?.content;
    expect(Object.keys(content('mine') ?? {}).sort()).toEqual(['mergeable', 'secretsRead', 'validated']);
    expect(Object.keys(content('mine')?.mergeable ?? {})).toEqual(['fragment']);
    expect(Object.keys(content('mine')?.validated ?? {}).sort()).toEqual([
      'name',
      'namespace',
      'nodeSelector',
      'origin',
      'problems',
      'wellFormed',
    ]);
    // An object with errors is never merged: nothing to keep but its problems.
    expect(content('broken')?.mergeable).toBeUndefined();
    expect(content('broken')?.validated.problems.map((p) => p.code)).toEqual(['ROUTER_ASN_INVALID']);
  });

  it('keeps no parsed form for an object outside the daemon namespace: it is never merged', () => {
    const cache = newObjectCache();
    const elsewhere = versioned(withRouter('elsewhere', {}, {}, { namespace: 'other' }), 'u-else', '1');
    runPipeline(snapshot([mine, elsewhere], { node: NODE_A }), cache);
    const entry = [...cache.entries.values()].find((e) => e.name === 'elsewhere');
    expect(entry?.content?.validated.problems.map((p) => p.code)).toEqual(['OUTSIDE_NAMESPACE']);
    expect(entry?.content?.mergeable).toBeUndefined();
  });

  it('forgets the versions a run did not see', () => {
    const cache = newObjectCache();
    runPipeline(snapshot([mine, ...others], { node: NODE_A }), cache);
    expect(cache.entries.size).toBe(51);
    runPipeline(snapshot([mine], { node: NODE_A }), cache);
    expect(cache.entries.size).toBe(1);
  });

  it('keys API objects by uid and resourceVersion, file objects by content', () => {
    expect(objectVersionKey(NS, mine)).toBe(objectVersionKey(NS, structuredClone(mine)));
    expect(objectVersionKey(NS, mine)).not.toBe(objectVersionKey(NS, versioned(mine, 'u-mine', '2')));
    const file = withRouter('file', { prefixes: ['198.51.100.0/24'] });
    expect(objectVersionKey(NS, file)).toBe(objectVersionKey(NS, structuredClone(file)));
    expect(objectVersionKey(NS, file)).not.toBe(
      objectVersionKey(NS, withRouter('file', { prefixes: ['203.0.113.0/24'] })),
    );
  });
});

describe('object cache across daemon namespaces', () => {
  it('an object value seen by a daemon of another namespace is validated again for this one', () => {
    const cache = newObjectCache();
    const obj = versioned(withRouter('mine', { prefixes: ['198.51.100.0/24'] }), 'u-ns', '1');
    // First for a daemon in another namespace (the object is outside it), then for its own.
    const elsewhere = runPipeline(snapshot([obj], { node: NODE_A, namespace: 'other-ns' }), cache);
    expect(elsewhere.problems.map((p) => p.code)).toEqual(['OUTSIDE_NAMESPACE']);
    const inNs = runPipeline(snapshot([obj], { node: NODE_A }), cache);
    expect(inNs.problems).toEqual([]);
    expect(inNs.text).toContain('network 198.51.100.0/24');
  });
});
