// validateSet reads documents as they come (a YAML stream, an informer's list), whatever they hold.
import { describe, expect, it } from 'vitest';
import { NS, withRouter } from './__fixtures__/frr.ts';
import { validateSet } from './validate-set.ts';

const codes = (problems: readonly { code: string }[]): string[] => problems.map((p) => p.code);

describe('validateSet', () => {
  it('answers a null document with its problems instead of throwing', () => {
    // Callers hand in values as they came: an admission request's object may be null.
    const { objects, problems } = validateSet([{ value: null }], { namespace: NS });
    expect(codes(problems)).toEqual(['MISSING_NAME', 'SCHEMA_TYPE']);
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({ namespace: NS, name: '', wellFormed: false });
    expect(objects[0]?.parsed).toBeUndefined();
  });

  it('keeps the node selector of a well-formed object that has errors, for per-node reports', () => {
    const broken = withRouter('broken', { asn: 0 }, { nodeSelector: { matchLabels: { zone: 'a' } } });
    const [validated] = validateSet([{ value: broken }], { namespace: NS }).objects;
    expect(codes(validated?.problems ?? [])).toEqual(['ROUTER_ASN_INVALID']);
    expect(validated).toMatchObject({ wellFormed: true, nodeSelector: { matchLabels: { zone: 'a' } } });
    expect(validated?.parsed).toBeUndefined();
  });

  it('says DUPLICATE_OBJECT on the later of two documents with one name, and both stay parsed', () => {
    const { objects } = validateSet(
      [
        { value: withRouter('a', {}), origin: 'one.yaml:1' },
        { value: withRouter('a', {}), origin: 'two.yaml:1' },
      ],
      { namespace: NS },
    );
    expect(objects.map((o) => codes(o.problems))).toEqual([[], ['DUPLICATE_OBJECT']]);
    expect(objects.map((o) => o.parsed?.name)).toEqual(['a', 'a']);
  });
});
