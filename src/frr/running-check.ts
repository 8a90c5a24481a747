// A cheap check that a batch took effect: read `show running-config` once (≈40 ms) and look for every
// added line, in its context, and for the absence of every deleted one. It can only confirm; when it
// cannot (a line FRR prints differently, a deletion that may have taken other lines with it), the
// caller asks frr-reload.py --test (≈0.2–0.3 s), which judges the whole configuration.
import { leaf, type Change } from './diff.ts';

const SEP = '\u0000';

/**
 * A line as words: frr-reload.py rebuilds some lines from their parts and prints them with two spaces
 * (`network 10.0.0.1/32  route-map m`), where `show running-config` has one; compared as they were
 * printed, such an addition was never confirmed and every apply paid for a second frr-reload.py --test.
 */
const words = (line: string): string => line.trim().split(/\s+/).join(' ');

/** Every line of a running configuration as its context path (`router bgp 1␀ address-family …␀ network …`). */
export function runningPaths(text: string): Set<string> {
  const paths = new Set<string>();
  const stack: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const body = words(line);
    if (body === '' || body === '!' || body === 'end' || body.startsWith('exit')) continue;
    const depth = line.length - line.trimStart().length;
    stack.length = Math.min(stack.length, depth);
    stack.push(body);
    paths.add(stack.join(SEP));
  }
  return paths;
}

const pathOf = (c: Change): string => c.lines.map(words).join(SEP);

/** The line a deletion removes: `no X` removes `X`; removing `no X` means adding `X`, so not checked here. */
function deletedPath(c: Change): string | undefined {
  const last = words(leaf(c));
  if (!last.startsWith('no ')) return undefined;
  return [...c.lines.slice(0, -1).map(words), last.slice(3)].join(SEP);
}

/**
 * Deletions that remove exactly their own line. Others (`no neighbor X remote-as`, `no router bgp`, …)
 * can take further lines with them, which only a full comparison notices.
 */
export function removesOnlyItself(c: Change): boolean {
  if (c.kind !== 'delete') return true;
  const l = leaf(c);
  return /^no (network |(ip|ipv6) prefix-list |bgp (community|large-community|extcommunity)-list )/.test(l);
}

/** True when the running configuration shows every change of the batch done. */
export function confirmedBy(running: Set<string>, changes: readonly Change[]): boolean {
  return changes.every((c) => {
    if (c.kind === 'add') return running.has(pathOf(c));
    const gone = deletedPath(c);
    return gone !== undefined && !running.has(gone);
  });
}
