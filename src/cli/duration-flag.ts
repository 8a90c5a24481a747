// A flag that takes a Kubernetes-style duration (200ms, 30s, 720h), read into milliseconds. A value
// that is not one is a usage error naming the flag, the same way for every command.
import { parseDuration } from '../core/duration.ts';
import { UsageError } from './io.ts';

/** `allowZero` for waits that may be switched off (a debounce); validities and intervals may not. */
export function durationFlag(flag: string, text: string, opts: { allowZero: boolean }): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0 || (ms === 0 && !opts.allowZero))
    throw new UsageError(`${flag}: "${text}" is not a duration such as 200ms, 30s or 720h`);
  return ms;
}
