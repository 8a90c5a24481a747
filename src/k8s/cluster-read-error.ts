// How a failed read of the cluster reaches a person: one coded line naming the request as RBAC sees it
// (verb, resource, name, namespace), so "may not list frrconfigurations in namespace x" replaces a stack
// trace. The codes are problem codes (docs/validation.md); the CLI exits 2 with them.
import type { ProblemCode } from '../core/problems.ts';
import { describeError, httpStatus } from './errors.ts';
import { FRR_CONFIGURATIONS, GROUP, VERSION } from './resources.ts';

export type ClusterReadCode = Extract<ProblemCode, `CLUSTER_${string}` | `KUBECONFIG_${string}`>;

/** A read the command cannot do without: it stops with exit 2 and this code. */
export class ClusterReadError extends Error {
  override name = 'ClusterReadError';
  readonly code: ClusterReadCode;
  constructor(code: ClusterReadCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** One request, as RBAC sees it: what a 403 names. */
export interface Request {
  verb: 'get' | 'list';
  resource: string;
  namespace?: string;
  name?: string;
}

const describeRequest = (r: Request): string =>
  `${r.verb} ${r.resource}${r.name === undefined ? '' : ` "${r.name}"`}` +
  (r.namespace === undefined ? ' (cluster scope)' : ` in namespace ${r.namespace}`);

/** The coded error for a failed `request` to the API server at `server` (its answer read from `err`). */
export function codedError(err: unknown, request: Request, server: string): ClusterReadError {
  const status = httpStatus(err);
  const what = describeRequest(request);
  if (status === undefined)
    return new ClusterReadError(
      'CLUSTER_UNREACHABLE',
      `cannot reach the API server at ${server} (${what}): ${describeError(err)}`,
    );
  if (status === 401)
    return new ClusterReadError(
      'CLUSTER_UNAUTHORIZED',
      `the API server at ${server} refused the kubeconfig's credentials (${what}): ${describeError(err)}`,
    );
  if (status === 403)
    return new ClusterReadError(
      'CLUSTER_FORBIDDEN',
      `RBAC does not allow the kubeconfig's user to ${what}: ${describeError(err)}`,
    );
  if (status === 404 && request.resource === FRR_CONFIGURATIONS)
    return new ClusterReadError(
      'CLUSTER_API_MISSING',
      `the API server at ${server} does not serve ${FRR_CONFIGURATIONS}.${GROUP}/${VERSION} (are the frrk8s CRDs installed?)`,
    );
  return new ClusterReadError('CLUSTER_REQUEST_FAILED', `${what} failed: ${describeError(err)}`);
}
