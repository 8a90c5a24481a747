import { describe, expect, it } from 'vitest';
import { mismatchReason, selectForNode, selectorErrors, type LabelSelector } from './select.ts';
import { expectClean, expectProblem, patched, validate } from './validate/__fixtures__/builders.ts';

const node = {
  name: 'worker-1',
  labels: { 'kubernetes.io/os': 'linux', zone: 'a', 'node-role.kubernetes.io/worker': '' },
};

describe('selectorErrors', () => {
  it.each<[string, LabelSelector | undefined]>([
    ['no selector', undefined],
    ['an empty selector', {}],
    ['matchLabels with a prefixed key', { matchLabels: { 'kubernetes.io/hostname': 'worker-1' } }],
    ['matchLabels with an empty value', { matchLabels: { role: '' } }],
    ['matchLabels with a 63-character key and value', { matchLabels: { ['k'.repeat(63)]: 'v'.repeat(63) } }],
    ['In', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
    ['NotIn', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['c'] }] }],
    ['Exists', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }],
    ['Exists with an empty list', { matchExpressions: [{ key: 'zone', operator: 'Exists', values: [] }] }],
    ['DoesNotExist', { matchExpressions: [{ key: 'example.com/gpu', operator: 'DoesNotExist' }] }],
  ])('accepts %s', (_, selector) => {
    expect(selectorErrors(selector)).toEqual([]);
  });

  it.each<[string, LabelSelector, string]>([
    [
      'an unknown operator',
      { matchExpressions: [{ key: 'zone', operator: 'Equals', values: ['a'] }] },
      'matchExpressions[0].operator',
    ],
    [
      'a lower-case operator',
      { matchExpressions: [{ key: 'zone', operator: 'in', values: ['a'] }] },
      'matchExpressions[0].operator',
    ],
    [
      'Gt (node affinity only)',
      { matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] },
      'matchExpressions[0].operator',
    ],
    [
      'In without values',
      { matchExpressions: [{ key: 'zone', operator: 'In' }] },
      'matchExpressions[0].values',
    ],
    [
      'NotIn with an empty list',
      { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: [] }] },
      'matchExpressions[0].values',
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'zone', operator: 'Exists', values: ['a'] }] },
      'matchExpressions[0].values',
    ],
    [
      'DoesNotExist with values',
      { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist', values: ['a'] }] },
      'matchExpressions[0].values',
    ],
    [
      'an invalid value in In',
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'not valid'] }] },
      'matchExpressions[0].values[1]',
    ],
    ['an empty key', { matchExpressions: [{ key: '', operator: 'Exists' }] }, 'matchExpressions[0].key'],
    [
      'a key with a space',
      { matchExpressions: [{ key: 'my key', operator: 'Exists' }] },
      'matchExpressions[0].key',
    ],
    [
      'a key with an empty prefix',
      { matchExpressions: [{ key: '/zone', operator: 'Exists' }] },
      'matchExpressions[0].key',
    ],
    [
      'a key with an upper-case prefix',
      { matchExpressions: [{ key: 'Example.com/zone', operator: 'Exists' }] },
      'matchExpressions[0].key',
    ],
    [
      'a key with two slashes',
      { matchExpressions: [{ key: 'a/b/c', operator: 'Exists' }] },
      'matchExpressions[0].key',
    ],
    [
      'a 64-character key name',
      { matchExpressions: [{ key: 'k'.repeat(64), operator: 'Exists' }] },
      'matchExpressions[0].key',
    ],
    [
      'a second expression',
      {
        matchExpressions: [
          { key: 'zone', operator: 'Exists' },
          { key: 'zone', operator: 'Foo' },
        ],
      },
      'matchExpressions[1].operator',
    ],
    ['a matchLabels key ending with a dash', { matchLabels: { 'zone-': 'a' } }, 'matchLabels.zone-'],
    ['a matchLabels value with a slash', { matchLabels: { zone: 'a/b' } }, 'matchLabels.zone'],
    ['a 64-character matchLabels value', { matchLabels: { zone: 'v'.repeat(64) } }, 'matchLabels.zone'],
  ])('rejects %s at %s', (_, selector, path) => {
    expect(selectorErrors(selector)).toContainEqual({ path, message: expect.any(String) as unknown });
  });
});

describe('NODE_SELECTOR_INVALID in validateFRRConfiguration', () => {
  const at = 'spec.nodeSelector.matchExpressions[0]';
  it.each([
    [`${at}.operator`, { [`${at}.operator`]: 'Equal' }],
    [`${at}.values`, { [`${at}.values`]: ['x'] }],
    [`${at}.key`, { [`${at}.key`]: 'bad key' }],
    ['spec.nodeSelector.matchExpressions[1].values', { 'spec.nodeSelector.matchExpressions[1].values': [] }],
    [
      'spec.nodeSelector.matchExpressions[1].values[0]',
      { 'spec.nodeSelector.matchExpressions[1].values[0]': '-x-' },
    ],
    [
      'spec.nodeSelector.matchLabels.kubernetes.io/os',
      { 'spec.nodeSelector.matchLabels': { 'kubernetes.io/os': 'a b' } },
    ],
  ])('is reported at %s', (path, fields) => {
    expectProblem(validate(patched(fields)), 'NODE_SELECTOR_INVALID', path);
  });

  it.each([
    ['NotIn', { [`${at}.operator`]: 'NotIn', [`${at}.values`]: ['x'] }],
    ['In', { [`${at}.operator`]: 'In', [`${at}.values`]: ['x'] }],
    ['DoesNotExist', { [`${at}.operator`]: 'DoesNotExist' }],
    ['an empty selector', { 'spec.nodeSelector': {} }],
  ])('accepts %s', (_, fields) => {
    expectClean(validate(patched(fields)));
  });

  it('is a schema error when the operator is missing', () => {
    expectProblem(validate(patched({ [`${at}.operator`]: undefined })), 'SCHEMA_REQUIRED', `${at}.operator`);
  });
});

describe('mismatchReason', () => {
  it.each<[string, LabelSelector]>([
    ['matchLabels', { matchLabels: { zone: 'a' } }],
    ['In', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b', 'a'] }] }],
    ['NotIn with another value', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['b'] }] }],
    ['NotIn on a missing label', { matchExpressions: [{ key: 'rack', operator: 'NotIn', values: ['r1'] }] }],
    [
      'Exists on an empty label',
      { matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }] },
    ],
    ['DoesNotExist', { matchExpressions: [{ key: 'rack', operator: 'DoesNotExist' }] }],
    [
      'all of them together',
      {
        matchLabels: { 'kubernetes.io/os': 'linux' },
        matchExpressions: [
          { key: 'zone', operator: 'Exists' },
          { key: 'rack', operator: 'DoesNotExist' },
        ],
      },
    ],
  ])('matches with %s', (_, selector) => {
    expect(mismatchReason(selector, node.labels)).toBeUndefined();
  });

  it.each<[string, LabelSelector, RegExp]>([
    [
      'a different matchLabels value',
      { matchLabels: { zone: 'b' } },
      /label zone is "a", the selector wants "b"/,
    ],
    ['a missing matchLabels label', { matchLabels: { rack: 'r1' } }, /label rack is not set/],
    [
      'In without the value',
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b', 'c'] }] },
      /label zone is "a".*one of b, c/,
    ],
    [
      'In on a missing label',
      { matchExpressions: [{ key: 'rack', operator: 'In', values: ['r1'] }] },
      /label rack is not set/,
    ],
    [
      'NotIn with the value',
      { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      /label zone is "a", which the selector excludes/,
    ],
    [
      'Exists on a missing label',
      { matchExpressions: [{ key: 'rack', operator: 'Exists' }] },
      /label rack is not set, the selector requires it/,
    ],
    [
      'DoesNotExist on a present label',
      { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] },
      /label zone is set/,
    ],
    [
      'the second of two requirements',
      { matchLabels: { zone: 'a' }, matchExpressions: [{ key: 'rack', operator: 'Exists' }] },
      /label rack/,
    ],
  ])('does not match with %s, and names the label', (_, selector, reason) => {
    expect(mismatchReason(selector, node.labels)).toMatch(reason);
  });
});

describe('selectForNode', () => {
  it('selects every node with an empty or missing selector', () => {
    const result = selectForNode(
      [
        { item: 'none', selector: undefined },
        { item: 'empty', selector: {} },
        { item: 'empty-lists', selector: { matchLabels: {}, matchExpressions: [] } },
      ],
      { name: 'bare', labels: {} },
    );
    expect(result).toEqual({ selected: ['none', 'empty', 'empty-lists'], excluded: [], invalid: [] });
  });

  it('splits objects into selected and excluded, keeping input order, with a reason naming the node and label', () => {
    const result = selectForNode(
      [
        { item: 'linux', selector: { matchLabels: { 'kubernetes.io/os': 'linux' } } },
        { item: 'zone-b', selector: { matchLabels: { zone: 'b' } } },
        {
          item: 'workers',
          selector: { matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }] },
        },
        { item: 'no-gpu', selector: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
      ],
      node,
    );
    expect(result.selected).toEqual(['linux', 'workers']);
    expect(result.excluded).toEqual([
      {
        item: 'zone-b',
        reason: expect.stringMatching(/^not selected for node worker-1: label zone is "a"/) as unknown,
      },
      {
        item: 'no-gpu',
        reason: expect.stringMatching(/^not selected for node worker-1: label gpu is not set/) as unknown,
      },
    ]);
  });

  it('neither selects nor excludes an object whose selector is invalid, even when the labels would match', () => {
    const result = selectForNode(
      [{ item: 'bad', selector: { matchExpressions: [{ key: 'zone', operator: 'Equals', values: ['a'] }] } }],
      node,
    );
    expect(result.selected).toEqual([]);
    expect(result.excluded).toEqual([]);
    expect(result.invalid).toEqual([
      {
        item: 'bad',
        errors: [
          { path: 'matchExpressions[0].operator', message: expect.stringMatching(/Equals/) as unknown },
        ],
      },
    ]);
  });

  it('reports an In expression without values as invalid instead of matching nothing silently', () => {
    const result = selectForNode(
      [{ item: 'x', selector: { matchExpressions: [{ key: 'zone', operator: 'In' }] } }],
      node,
    );
    expect(result.excluded).toEqual([]);
    expect(result.invalid).toEqual([
      { item: 'x', errors: [{ path: 'matchExpressions[0].values', message: 'In needs at least one value' }] },
    ]);
  });
});
