import { describe, expect, it } from 'vitest';
import { trimConfiguration, trimFRRK8sConfiguration, trimNode, trimSecret } from './trim.ts';

const metadata = {
  name: 'x',
  namespace: 'ns',
  resourceVersion: '7',
  uid: 'u',
  annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}' },
  managedFields: [{ manager: 'kubectl' }],
};

describe('trim', () => {
  it('keeps only type and data of a basic-auth Secret (annotations may repeat its content)', () => {
    expect(
      trimSecret({ metadata, type: 'kubernetes.io/basic-auth', data: { password: 'c2VjcmV0' } }),
    ).toEqual({
      metadata: { name: 'x', namespace: 'ns', resourceVersion: '7', uid: 'u' },
      type: 'kubernetes.io/basic-auth',
      data: { password: 'c2VjcmV0' },
    });
  });

  it('keeps only the type of any other Secret', () => {
    expect(trimSecret({ metadata, type: 'helm.sh/release.v1', data: { release: 'H4sI' } })).toMatchObject({
      type: 'helm.sh/release.v1',
      data: {},
    });
    expect(trimSecret({ metadata, data: { password: 'c2VjcmV0' } })).toMatchObject({
      type: 'Opaque',
      data: {},
    });
  });

  it('keeps only name and labels of a Node', () => {
    const node = {
      metadata: { ...metadata, namespace: undefined, labels: { a: 'b' } },
      status: { phase: 'x' },
    };
    expect(trimNode(node)).toEqual({
      metadata: { name: 'x', resourceVersion: '7', uid: 'u', labels: { a: 'b' } },
    });
  });

  it('keeps the logLevel of an FRRK8sConfiguration', () => {
    expect(trimFRRK8sConfiguration({ metadata, spec: { logLevel: 'debug' } }).spec).toEqual({
      logLevel: 'debug',
    });
  });

  it('keeps an FRRConfiguration whole but for managedFields', () => {
    const trimmed = trimConfiguration({ metadata, spec: { bgp: {} } } as never);
    expect(trimmed).toEqual({ metadata: { ...metadata, managedFields: undefined }, spec: { bgp: {} } });
    expect('managedFields' in (trimmed.metadata ?? {})).toBe(false);
  });
});
