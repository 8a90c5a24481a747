// holdTime/keepaliveTime/connectTime: Go durations with the bounds FRR and upstream enforce.
// Upstream's connectTime bounds are CEL rules that older API servers ignore, so they are checked here.
import type { Neighbor } from '../../../api/v1beta1/index.ts';
import { parseDuration } from '../duration.ts';
import { effectiveKeepalive } from '../keepalive.ts';
import type { ParsedNeighbor } from './parsed.ts';
import type { Reporter } from './reporter.ts';

const MAX_SECONDS = 65535;

function duration(text: string | undefined, path: string, reporter: Reporter): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined)
    reporter.report('INVALID_DURATION', path, `"${text}" is not a duration such as "90s" or "1m30s"`);
  return ms;
}

/** The neighbor's timers in milliseconds (unset ones absent); undefined when one cannot be read. */
export function checkTimers(
  neighbor: Neighbor,
  path: string,
  reporter: Reporter,
): Pick<ParsedNeighbor, 'holdTimeMs' | 'keepaliveTimeMs' | 'connectTimeMs'> | undefined {
  const hold = duration(neighbor.holdTime, `${path}.holdTime`, reporter);
  const keepalive = duration(neighbor.keepaliveTime, `${path}.keepaliveTime`, reporter);
  const connect = duration(neighbor.connectTime, `${path}.connectTime`, reporter);

  if ((neighbor.holdTime === undefined) !== (neighbor.keepaliveTime === undefined)) {
    const missing = neighbor.holdTime === undefined ? 'holdTime' : 'keepaliveTime';
    reporter.report(
      'TIMERS_INCOMPLETE',
      `${path}.${missing}`,
      `${missing} must be set together with the other timer`,
    );
  }
  if (hold !== undefined && (hold < 0 || (hold > 0 && hold < 3000) || hold >= (MAX_SECONDS + 1) * 1000)) {
    reporter.report(
      'HOLD_TIME_RANGE',
      `${path}.holdTime`,
      `${neighbor.holdTime} must be 0 or between 3s and 65535s`,
    );
  }
  if (keepalive !== undefined && (keepalive < 0 || keepalive >= (MAX_SECONDS + 1) * 1000)) {
    reporter.report(
      'KEEPALIVE_RANGE',
      `${path}.keepaliveTime`,
      `${neighbor.keepaliveTime} must be between 0 and 65535s`,
    );
  }
  if (hold !== undefined && keepalive !== undefined && keepalive > hold) {
    reporter.report(
      'KEEPALIVE_EXCEEDS_HOLD',
      `${path}.keepaliveTime`,
      `keepaliveTime ${neighbor.keepaliveTime} is larger than holdTime ${neighbor.holdTime}`,
    );
  } else if (hold !== undefined && keepalive !== undefined && (hold === 0 || hold >= 3000)) {
    // In whole seconds, as normalize hands them to render.
    const written = Math.trunc(keepalive / 1000);
    const runs = effectiveKeepalive(written, Math.trunc(hold / 1000));
    if (runs < written)
      reporter.report(
        'KEEPALIVE_CLAMPED',
        `${path}.keepaliveTime`,
        `FRR caps keepalive at a third of the hold time: the session runs with ${runs}s, not ${neighbor.keepaliveTime}`,
      );
  }
  if (connect !== undefined) {
    if (connect < 1000 || connect >= (MAX_SECONDS + 1) * 1000) {
      reporter.report(
        'CONNECT_TIME_RANGE',
        `${path}.connectTime`,
        `${neighbor.connectTime} must be between 1s and 65535s`,
      );
    } else if (connect % 1000 !== 0) {
      reporter.report(
        'CONNECT_TIME_FRACTION',
        `${path}.connectTime`,
        `${neighbor.connectTime} is not a whole number of seconds`,
      );
    }
  }
  const unreadable = [
    [neighbor.holdTime, hold],
    [neighbor.keepaliveTime, keepalive],
    [neighbor.connectTime, connect],
  ].some(([text, ms]) => text !== undefined && ms === undefined);
  if (unreadable) return undefined;
  return { holdTimeMs: hold, keepaliveTimeMs: keepalive, connectTimeMs: connect };
}
