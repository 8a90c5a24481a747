// Generated API clients whose every request can be cancelled and times out. client-node sends
// requests without a deadline, so a list against an API server that vanished without closing the
// connection would hang forever, and an informer waiting on it would never restart; and stop() must
// be able to cut requests short so that nothing keeps the process alive afterwards.
import { createConfiguration, ServerConfiguration } from '@kubernetes/client-node';
import type {
  ApiConstructor,
  ApiType,
  KubeConfig,
  Middleware,
  RequestContext,
} from '@kubernetes/client-node';

export interface ApiClientOptions {
  /** Aborts every request in flight and every later one (the owner is stopping). */
  signal?: AbortSignal;
  /** Deadline of each request. */
  timeoutMs: number;
}

export function makeApi<T extends ApiType>(
  kubeConfig: KubeConfig,
  api: ApiConstructor<T>,
  options: ApiClientOptions,
): T {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (server === undefined) throw new Error('the kubeconfig has no current cluster');
  const deadline: Middleware = {
    pre: (request: RequestContext) => {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      request.setSignal(options.signal ? AbortSignal.any([options.signal, timeout]) : timeout);
      return Promise.resolve(request);
    },
    post: (response) => Promise.resolve(response),
  };
  // What KubeConfig.makeApiClient builds, plus the middleware.
  return new api(
    createConfiguration({
      baseServer: new ServerConfiguration(server, {}),
      authMethods: { default: kubeConfig },
      promiseMiddleware: [deadline],
    }),
  );
}
