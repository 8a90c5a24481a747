// --cert-dir: serve DIR/tls.crt and DIR/tls.key as given (cert-manager, a mounted Secret) and manage
// nothing. Kubelet updates a mounted Secret by swapping a symlink, which fs.watch on the directory
// sees; a slow poll catches whatever the watch misses. A half-written pair (key and certificate that do
// not match) is skipped until both are there: the server keeps the pair it has.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { Clock } from '../runtime/clock.ts';
import type { TlsPair } from './server.ts';

/** The pair in `dir`, or undefined when it is missing or the key does not belong to the certificate. */
export function readPair(dir: string): TlsPair | undefined {
  try {
    const cert = readFileSync(join(dir, 'tls.crt'), 'utf8');
    const key = readFileSync(join(dir, 'tls.key'), 'utf8');
    return new X509Certificate(cert).checkPrivateKey(createPrivateKey(key)) ? { cert, key } : undefined;
  } catch {
    return undefined;
  }
}

export interface CertDirOptions {
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  onTls: (tls: TlsPair) => void;
}

export class CertDirWatcher {
  private watcher: FSWatcher | undefined;
  private timer: unknown;
  private current: TlsPair | undefined;
  private stopped = false;

  private readonly dir: string;
  private readonly options: CertDirOptions;

  constructor(dir: string, options: CertDirOptions) {
    this.dir = dir;
    this.options = options;
  }

  /** The pair to start with; throws when the directory has none. */
  start(): TlsPair {
    const pair = readPair(this.dir);
    if (!pair) throw new Error(`${this.dir} has no matching tls.crt and tls.key`);
    this.current = pair;
    try {
      this.watcher = watch(this.dir, () => this.reload());
    } catch {
      // Polling alone still works.
    }
    this.poll();
    return pair;
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.options.clock.clearTimeout(this.timer);
  }

  private poll(): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.reload();
      this.poll();
    }, this.options.pollMs ?? 10_000);
  }

  private reload(): void {
    const pair = readPair(this.dir);
    if (!pair || (pair.cert === this.current?.cert && pair.key === this.current.key)) return;
    this.current = pair;
    this.options.logger.info({ certDir: this.dir }, 'serving certificate reloaded');
    this.options.onTls(pair);
  }
}
