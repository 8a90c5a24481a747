// One informer (client-node's ListWatch) that keeps itself alive. ListWatch relists by itself after a
// 410 Gone and resumes after a normal end of a watch, but any other error (API server down, 403 while
// RBAC is being set up, a dead connection failed by the watchdog) fires `error` and stops it for good;
// here that restarts it after a backoff. The cache survives a restart: the informer resumes the watch
// from the last resourceVersion it saw, or relists when that is too old.
import { ListWatch } from '@kubernetes/client-node';
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../log.ts';
import type { Backoff } from './backoff.ts';
import { canonicalJson } from './canonical.ts';
import { describeError } from './errors.ts';
import type { ManagedWatch } from './managed-watch.ts';

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
