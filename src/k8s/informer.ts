// One informer (client-node's ListWatch) that keeps itself alive. ListWatch relists by itself after a
// 410 Gone and resumes after a normal end of a watch, but any other error (API server down, 403 while
// RBAC is being set up, a dead connection failed by the watchdog) fires `error` and stops it for good;
// here that restarts it after a backoff. The cache survives a restart: the informer resumes the watch
// from the last resourceVersion it saw, or relists when that is too old.
import { ListWatch } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../log.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { canonicalJson } from './canonical.ts';
import { describeError } from './errors.ts';
import { defaultWatchTimeout, ManagedWatch } from './managed-watch.ts';

export interface InformerOptions<T extends KubernetesObject> {
  /** For logs, e.g. "secrets". */
  name: string;
  /** The collection's URL path, e.g. /api/v1/namespaces/x/secrets. */
  path: string;
  /** Lists the collection (same selectors as the watch), items already trimmed. */
  list: () => Promise<KubernetesListObject<T>>;
  watch: ManagedWatch<T>;
  fieldSelector?: string;
  backoff: Backoff;
  logger: Logger;
  /** Called each time the informer fails and is restarted (for the informer-restarts metric). */
  onRestart?: (name: string) => void;
  /** Called after each successful list (the first, and every relist after a 410 or a restart). */
  onList?: (name: string) => void;
}

export class ResilientInformer<T extends KubernetesObject> {
  /** True once a list has been applied to the cache. */
  synced = false;
  private readonly options: InformerOptions<T>;
  private readonly listWatch: ListWatch<T>;
  /** Content of each cached object, without its resourceVersion: tells real changes from no-op updates. */
  private readonly contents = new Map<string, string>();
  private onChange: () => void = () => {};
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private listed = false;

  constructor(options: InformerOptions<T>) {
    this.options = options;
    const list = async (): Promise<KubernetesListObject<T>> => {
      const result = await options.list();
      this.listed = true;
      options.onList?.(options.name);
      return result;
    };
    this.listWatch = new ListWatch(
      options.path,
      options.watch,
      list,
      false,
      undefined,
      options.fieldSelector,
    );
    this.listWatch.on('add', (obj) => this.changed(obj));
    this.listWatch.on('update', (obj) => this.changed(obj));
    this.listWatch.on('delete', (obj) => this.deleted(obj));
    this.listWatch.on('error', (err) => this.failed(err));
    // A watch starts right after a list was applied to the cache: from then on the cache is complete.
    options.watch.onStart(() => {
      if (this.listed && !this.synced) {
        this.synced = true;
        options.logger.debug({ informer: options.name }, 'informer synced');
        this.onChange();
      }
    });
  }

  /** Starts listing and watching; resolves after the first attempt, whether it listed or must retry. */
  async start(onChange: () => void): Promise<void> {
    this.onChange = onChange;
    await this.run();
  }

  get(name: string, namespace?: string): T | undefined {
    return this.listWatch.get(name, namespace);
  }

  list(): readonly T[] {
    return this.listWatch.list();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.listWatch.stop();
    await this.options.watch.close();
    await this.running;
  }

  private run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running = this.listWatch.start().catch((err: unknown) => this.failed(err));
    return this.running;
  }

  private failed(err: unknown): void {
    if (this.stopped || this.timer !== undefined) return;
    const delayMs = this.options.backoff.next();
    this.options.logger.warn(
      { informer: this.options.name, err: describeError(err), retryInMs: delayMs },
      'informer failed; restarting it',
    );
    this.options.onRestart?.(this.options.name);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
  }

  private changed(obj: T): void {
    const key = keyOf(obj);
    const { resourceVersion: _ignored, ...metadata } = obj.metadata ?? {};
    const content = canonicalJson({ ...obj, metadata });
    if (this.contents.get(key) === content) return;
    this.contents.set(key, content);
    this.onChange();
  }

  private deleted(obj: T): void {
    if (this.contents.delete(keyOf(obj))) this.onChange();
  }
}

const keyOf = (obj: KubernetesObject): string =>
  `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

export interface TrimmedInformerOptions<T extends KubernetesObject> {
  kubeConfig: KubeConfig;
  /** For logs and metrics, e.g. "secrets". */
  name: string;
  /** The collection's URL path, e.g. /api/v1/namespaces/x/secrets. */
  path: string;
  /** Lists the collection (same selectors as the watch); its items are trimmed here. */
  list: () => Promise<KubernetesListObject<KubernetesObject>>;
  /** Applied to every listed and watched object before it reaches the cache. */
  trim: (obj: T) => T;
  fieldSelector?: string;
  logger: Logger;
  /** Delays between restarts (default: Backoff's). */
  backoff?: BackoffOptions;
  /** Server-side timeout of each watch in seconds (default 5–10 min, drawn per watch). */
  watchTimeoutSeconds?: number;
  watchGraceMs?: number;
  onRestart?: (name: string) => void;
  onList?: (name: string) => void;
}

/**
 * The informer every cache here is built from: a ResilientInformer whose list and watch both hand it
 * trimmed objects (a cache holds only the fields it reads, whatever the collection's size).
 */
export function trimmedInformer<T extends KubernetesObject>(
  o: TrimmedInformerOptions<T>,
): ResilientInformer<T> {
  const fixed = o.watchTimeoutSeconds;
  return new ResilientInformer<T>({
    name: o.name,
    path: o.path,
    fieldSelector: o.fieldSelector,
    list: async () => {
      const result = await o.list();
      return { metadata: result.metadata, items: result.items.map((item) => o.trim(item as T)) };
    },
    watch: new ManagedWatch<T>(o.kubeConfig, {
      timeoutSeconds: fixed === undefined ? defaultWatchTimeout : () => fixed,
      graceMs: o.watchGraceMs,
      transform: o.trim,
    }),
    backoff: new Backoff(o.backoff),
    logger: o.logger,
    onRestart: o.onRestart,
    onList: o.onList,
  });
}
