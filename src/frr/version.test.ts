import { describe, expect, it } from 'vitest';
import { FRR_8_4 } from '../core/frr-version.ts';
import { ManualClock } from '../runtime/clock.ts';
import { detectFrrVersion } from './version.ts';

const SHOW_VERSION =
  'FRRouting 10.3 (node-a) on Linux(6.1.0-18-amd64).\nCopyright 1996-2005, Kunihiro Ishiguro, et al.\n';

function setup() {
  const clock = new ManualClock();
  const logs: string[] = [];
  const logger = {
    info: (_: object, m: string) => logs.push(m),
    warn: (_: object, m: string) => logs.push(m),
  };
  return { clock, logs, logger: logger as never, stop: new AbortController() };
}

describe('detectFrrVersion', () => {
  it('reads the release from show version', async () => {
    const { clock, logger, stop } = setup();
    const got = await detectFrrVersion(() => Promise.resolve(SHOW_VERSION), {
      clock,
      logger,
      stop: stop.signal,
      limitMs: 60_000,
    });
    expect(got).toEqual({ version: { major: 10, minor: 3 }, detected: true });
  });

  it('asks again while FRR is not up yet', async () => {
    const { clock, logger, stop } = setup();
    let calls = 0;
    const pending = detectFrrVersion(
      () =>
        ++calls < 3
          ? Promise.reject(new Error('vtysh exited 1: connection refused'))
          : Promise.resolve(SHOW_VERSION),
      { clock, logger, stop: stop.signal, limitMs: 60_000 },
    );
    for (let i = 0; i < 20 && calls < 3; i++) await clock.advance(1000);
    expect(await pending).toEqual({ version: { major: 10, minor: 3 }, detected: true });
    expect(calls).toBe(3);
  });

  it('falls back to 8.4 after the limit, and says so', async () => {
    const { clock, logs, logger, stop } = setup();
    const pending = detectFrrVersion(() => Promise.resolve('vtysh: garbage'), {
      clock,
      logger,
      stop: stop.signal,
      limitMs: 20_000,
    });
    await clock.advance(30_000);
    expect(await pending).toEqual({ version: FRR_8_4, detected: false });
    expect(logs).toEqual(['cannot read the FRR version; rendering for FRR 8.4']);
  });

  it('stops waiting when the daemon stops', async () => {
    const { clock, logger, stop } = setup();
    const pending = detectFrrVersion(() => Promise.reject(new Error('down')), {
      clock,
      logger,
      stop: stop.signal,
      limitMs: 60_000,
    });
    await clock.advance(0);
    stop.abort();
    expect(await pending).toEqual({ version: FRR_8_4, detected: false });
  });
});
