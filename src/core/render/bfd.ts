// The `bfd` block: every profile of every selected object (global by name), sorted by name.
import { BFD_DEFAULTS, type BfdProfile } from '../ir.ts';
import { byText, indent, line, type Line } from './lines.ts';

// bfdd does not print a value equal to its default, so neither do we.

function profileLines(p: BfdProfile): Line[] {
  const body: Line[] = [];
  const s = p.sources;
  const set = <T>(value: T | undefined, fallback: T): value is T => value !== undefined && value !== fallback;
  // In the order bfdd prints them, so the text reads like `show running-config`.
  if (set(p.detectMultiplier, BFD_DEFAULTS.detectMultiplier))
    body.push(line(`detect-multiplier ${p.detectMultiplier}`, s));
  if (set(p.transmitInterval, BFD_DEFAULTS.transmitInterval))
    body.push(line(`transmit-interval ${p.transmitInterval}`, s));
  if (set(p.receiveInterval, BFD_DEFAULTS.receiveInterval))
    body.push(line(`receive-interval ${p.receiveInterval}`, s));
  if (p.passiveMode) body.push(line('passive-mode', s));
  if (p.echoMode) body.push(line('echo-mode', s));
  if (set(p.echoInterval, BFD_DEFAULTS.echoInterval)) {
    body.push(
      line(`echo transmit-interval ${p.echoInterval}`, s),
      line(`echo receive-interval ${p.echoInterval}`, s),
    );
  }
  if (set(p.minimumTtl, BFD_DEFAULTS.minimumTtl)) body.push(line(`minimum-ttl ${p.minimumTtl}`, s));
  return [line(`profile ${p.name}`, s), ...indent(body), line('exit')];
}

export function renderBfd(profiles: Iterable<BfdProfile>): Line[] {
  const sorted = [...profiles].sort((a, b) => byText(a.name, b.name));
  if (sorted.length === 0) return [];
  return [line('bfd'), ...indent(sorted.flatMap(profileLines)), line('exit')];
}
