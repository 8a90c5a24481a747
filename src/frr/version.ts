// Which FRR release is running, asked once at start (`show version`), so the renderer writes the lines
// as that release stores them. FRR's container may start after ours: ask again with backoff, and if FRR
// stays silent past the limit, render for 8.4 — its text is safe on 10 too (two lines that FRR 10 takes
// and does not show), while 10's text on 8.4 would leave next-hop resolution via the default route off.
import { FRR_8_4, formatFrrVersion, parseFrrVersion, type FrrVersion } from '../core/frr-version.ts';
import { Backoff } from '../k8s/backoff.ts';
import type { Logger } from '../log.ts';
import { sleep, type Clock } from '../runtime/clock.ts';

export interface DetectOptions {
  clock: Clock;
  /** Give up after this long without an answer (and render for 8.4). */
  limitMs: number;
  stop: AbortSignal;
  logger: Pick<Logger, 'info' | 'warn'>;
}

export interface Detected {
  version: FrrVersion;
  /** False when FRR did not say (the 8.4 fallback is in use). */
  detected: boolean;
}

export async function detectFrrVersion(
  showVersion: () => Promise<string>,
  o: DetectOptions,
): Promise<Detected> {
  const backoff = new Backoff({ now: () => o.clock.now(), initialMs: 500, maxMs: 5000 });
  const deadline = o.clock.now() + o.limitMs;
  for (;;) {
    let why: string;
    try {
      const said = await showVersion();
      const version = parseFrrVersion(said);
      if (version) {
        o.logger.info({ frrVersion: formatFrrVersion(version) }, 'FRR version');
        return { version, detected: true };
      }
      why = `no version in: ${said.split('\n')[0] ?? ''}`;
    } catch (err) {
      why = String(err);
    }
    const delay = backoff.next();
    if (o.stop.aborted || o.clock.now() + delay > deadline) {
      o.logger.warn({ reason: why }, 'cannot read the FRR version; rendering for FRR 8.4');
      return { version: FRR_8_4, detected: false };
    }
    await sleep(o.clock, delay, o.stop);
  }
}
