import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { codedError, type Request } from './cluster-read-error.ts';

const SERVER = 'https://10.0.0.1:6443';
const list: Request = { verb: 'list', resource: 'frrconfigurations', namespace: 'frr-k8s-system' };
const getNode: Request = { verb: 'get', resource: 'nodes', name: 'n1' };
const failed = (code: number, message: string) =>
  new ApiException(code, 'x', JSON.stringify({ kind: 'Status', message }), {});

describe('codedError', () => {
  it('names the request as RBAC sees it and keeps the API server’s reason', () => {
    const e = codedError(failed(403, 'forbidden by RBAC'), list, SERVER);
    expect([e.code, e.message]).toEqual([
      'CLUSTER_FORBIDDEN',
      "RBAC does not allow the kubeconfig's user to list frrconfigurations in namespace frr-k8s-system: HTTP 403: forbidden by RBAC",
    ]);
  });

  it('tells refused credentials, a missing API, other answers and no answer apart', () => {
    const code = (err: unknown, r: Request) => codedError(err, r, SERVER).code;
    expect(code(failed(401, 'Unauthorized'), getNode)).toBe('CLUSTER_UNAUTHORIZED');
    expect(code(failed(404, 'not found'), list)).toBe('CLUSTER_API_MISSING');
    expect(code(failed(404, 'not found'), getNode)).toBe('CLUSTER_REQUEST_FAILED');
    expect(code(failed(503, 'etcd down'), list)).toBe('CLUSTER_REQUEST_FAILED');
    const refused = codedError(new Error('connect ECONNREFUSED'), getNode, SERVER);
    expect([refused.code, refused.message]).toEqual([
      'CLUSTER_UNREACHABLE',
      `cannot reach the API server at ${SERVER} (get nodes "n1" (cluster scope)): connect ECONNREFUSED`,
    ]);
  });
});
