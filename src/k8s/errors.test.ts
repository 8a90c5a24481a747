import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeError, httpStatus } from './errors.ts';

describe('errors', () => {
  it('reads the status of generated-client and watch errors', () => {
    expect(httpStatus(new ApiException(409, 'Conflict', {}, {}))).toBe(409);
    expect(httpStatus(Object.assign(new Error('Gone'), { statusCode: 410 }))).toBe(410);
    expect(httpStatus(new Error('ECONNREFUSED'))).toBeUndefined();
  });

  it('describes an API error by status and the server’s message only (no headers)', () => {
    const body = JSON.stringify({ kind: 'Status', message: 'secrets is forbidden', code: 403 });
    const err = new ApiException(403, 'Forbidden', body, { authorization: 'Bearer x' });
    expect(describeError(err)).toBe('HTTP 403: secrets is forbidden');
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
  });
});
