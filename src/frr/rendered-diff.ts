// The difference between two of our own renderings, when it is only lines that change on their own —
// today the `network` lines of a router's address family, which is what a service IP added, withdrawn
// or moved to another advertisement class changes. The applier uses it instead of `frr-reload.py --test`
// when FRR is known to run the previous rendering (its running configuration is unchanged since that
// apply): the test costs a Python start and two vtysh runs (0.2–0.5 s), the largest fixed cost of a
// one-prefix change. Anything else (a new route-map, a neighbor, a new context) returns undefined and
// frr-reload.py computes the difference as before. See docs/adr/0015-network-changes-diffed-without-frr-reload.md.
import { parseCidr } from '../core/net.ts';
import type { Change, Diff } from './diff.ts';

const SEP = '\u0000';

/** `network P` or `network P route-map M`, nothing else on the line. */
const NETWORK = /^network (\S+)( route-map \S+)?$/;
/** The contexts whose `network` lines we change directly. */
const ROUTER = /^router bgp \d+( vrf \S+)?$/;
const FAMILY = /^address-family (ipv4|ipv6) unicast$/;

interface Entry {
  /** The line and its contexts, as written (indentation kept), outermost first. */
  lines: string[];
}

/** Every configuration line of a rendering, keyed by its contexts; undefined when a key repeats. */
function entries(text: string): Map<string, Entry> | undefined {
  const out = new Map<string, Entry>();
  const stack: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const body = line.trim();
    if (body === '' || body === '!' || body === 'end' || body.startsWith('exit')) continue;
    const depth = line.length - line.trimStart().length;
    stack.length = Math.min(stack.length, depth);
    stack.push(line);
    const key = stack.map((l) => l.trim()).join(SEP);
    // A block opened twice (raw configuration can do that) is beyond a key-by-key comparison.
    if (out.has(key) && stack.length > 1) return undefined;
    out.set(key, { lines: [...stack] });
  }
  return out;
}

/** A `network` line directly under `router bgp … > address-family … unicast`, whose contexts both texts have. */
function isNetworkChange(e: Entry, before: Map<string, Entry>, after: Map<string, Entry>): boolean {
  if (e.lines.length !== 3) return false;
  const [router, family, leaf] = e.lines.map((l) => l.trim()) as [string, string, string];
  const afi = FAMILY.exec(family)?.[1];
  const prefix = NETWORK.exec(leaf)?.[1];
  if (!ROUTER.test(router) || afi === undefined || prefix === undefined) return false;
  // Nothing reaches FRR that its parser would refuse (frr-reload.py --test had vtysh check the whole
  // file first): a prefix in FRR's own spelling, of the context's family, without host bits.
  const parsed = parseCidr(prefix);
  if (parsed === undefined || parsed.hostBitsSet || parsed.text !== prefix || parsed.family !== afi)
    return false;
  const context = [router, family].join(SEP);
  return before.has(context) && after.has(context);
}

/**
 * The changes from `before` to `after` in frr-reload.py's form (each command with its contexts), or
 * undefined when anything but `network` lines differs.
 */
export function renderedDiff(before: string, after: string): Diff | undefined {
  const was = entries(before);
  const now = entries(after);
  if (was === undefined || now === undefined) return undefined;
  const changes: Change[] = [];
  for (const [key, e] of was) {
    if (now.has(key)) continue;
    if (!isNetworkChange(e, was, now)) return undefined;
    const leaf = e.lines[2]!;
    const indent = leaf.slice(0, leaf.length - leaf.trimStart().length);
    changes.push({
      kind: 'delete',
      lines: [...e.lines.slice(0, 2), `${indent}no ${leaf.trim()}`],
      policy: false,
    });
  }
  for (const [key, e] of now) {
    if (was.has(key)) continue;
    if (!isNetworkChange(e, was, now)) return undefined;
    changes.push({ kind: 'add', lines: e.lines, policy: false });
  }
  return { changes };
}
