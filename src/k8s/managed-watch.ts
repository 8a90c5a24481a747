// client-node's Watch with what a long-running daemon needs around it:
// - a server-side timeout on every watch (jittered), so connections are renewed regularly, and bookmarks,
//   so a renewed watch resumes from a recent resourceVersion instead of relisting;
// - a watchdog: a watch that outlives its server-side timeout by a grace period is dead (a half-open
//   connection to a vanished API server never ends on its own) and is failed, so the informer restarts;
// - a connect timeout (through the request options, as Watch creates its AbortController internally);
// - objects trimmed (trim.ts) before they reach the cache;
// - close(): aborts every watch, including one whose request is still connecting (ListWatch.stop() cannot
//   reach that one: it only learns the request's controller once connected), so nothing stays open.
import { Watch } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';

export interface ManagedWatchOptions<T extends KubernetesObject> {
  /** Server-side timeout of one watch, in seconds; a fresh value is drawn for each watch. */
  timeoutSeconds: () => number;
  /** How long past its timeout a watch may stay silent before it counts as dead. */
  graceMs?: number;
  /** Deadline for the API server to answer a watch request. */
  connectTimeoutMs?: number;
  /** Applied to every object of an ADDED, MODIFIED or DELETED event. */
  transform?: (obj: T) => T;
}

type Params = Record<string, string | number | boolean | undefined>;
type Callback = (phase: string, apiObj: unknown, watchObj?: unknown) => void;
type Done = (err: unknown) => void;

interface Active {
  controller?: AbortController;
  finish: Done;
  connecting: Promise<unknown>;
}

const OBJECT_PHASES = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** The default server-side timeout: 5 to 10 minutes, as client-go's reflector draws it. */
export const defaultWatchTimeout = (): number => Math.round(300 * (1 + Math.random()));

export class ManagedWatch<T extends KubernetesObject> extends Watch {
  private readonly options: ManagedWatchOptions<T>;
  private readonly active = new Set<Active>();
  private readonly startListeners: (() => void)[] = [];
  private closed = false;

  constructor(kubeConfig: KubeConfig, options: ManagedWatchOptions<T>) {
    super(withConnectTimeout(kubeConfig, options.connectTimeoutMs ?? 30_000));
    this.options = options;
  }

  /**
   * Calls `listener` whenever a watch starts. ListWatch starts one right after it applied a list to its
   * cache, so this is the moment a cache first becomes complete.
   */
  onStart(listener: () => void): void {
    this.startListeners.push(listener);
  }

  override async watch(
    path: string,
    queryParams: Params,
    callback: Callback,
    done: Done,
  ): Promise<AbortController> {
    if (this.closed) return aborted();
    for (const listener of this.startListeners) listener();
    const timeoutSeconds = this.options.timeoutSeconds();
    const entry: Active = { finish: () => {}, connecting: Promise.resolve() };
    let finished = false;
    const settle = (): boolean => {
      if (finished) return false;
      finished = true;
      clearTimeout(watchdog);
      this.active.delete(entry);
      entry.controller?.abort();
      return true;
    };
    const finish: Done = (err) => {
      if (settle()) done(err);
    };
    entry.finish = finish;
    const watchdog = setTimeout(
      () => finish(new Error(`watch of ${path} silent ${timeoutSeconds} s past its timeout; reconnecting`)),
      timeoutSeconds * 1000 + (this.options.graceMs ?? 30_000),
    );
    const transform = this.options.transform;
    const onEvent: Callback = (phase, obj, watchObj) => {
      if (finished) return;
      callback(phase, transform && OBJECT_PHASES.has(phase) ? transform(obj as T) : obj, watchObj);
    };
    const connecting = super.watch(
      path,
      { ...queryParams, timeoutSeconds, allowWatchBookmarks: true },
      onEvent,
      finish,
    );
    entry.connecting = connecting.catch(() => undefined);
    this.active.add(entry);
    let controller: AbortController;
    try {
      controller = await connecting;
    } catch (err) {
      // Thrown before any request went out (no current cluster): the caller gets the error, not done().
      settle();
      throw err;
    }
    entry.controller = controller;
    // Failed or closed while connecting: make sure the connection does not outlive it.
    if (finished || this.closed) controller.abort();
    return controller;
  }

  /** Ends every watch and refuses new ones; resolves once no watch request is pending. */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.active];
    for (const entry of entries) entry.finish(null);
    await Promise.all(entries.map((e) => e.connecting));
  }
}

function aborted(): AbortController {
  const controller = new AbortController();
  controller.abort();
  return controller;
}

/** The same kubeconfig, but its fetch options carry a response deadline (node-fetch's `timeout`). */
function withConnectTimeout(kubeConfig: KubeConfig, timeoutMs: number): KubeConfig {
  const wrapped = Object.create(kubeConfig) as KubeConfig;
  wrapped.applyToFetchOptions = async (opts) => ({
    ...(await kubeConfig.applyToFetchOptions(opts)),
    timeout: timeoutMs,
  });
  return wrapped;
}
