// The difference between a candidate and the running configuration, as frr-reload.py computes it
// (`--test` output), and the order in which we apply it.
//
// frr-reload.py prints each change as one command with its contexts, e.g.
//   router bgp 64512
//    address-family ipv4 unicast
//     no network 10.0.0.1/32
// A change always starts at indentation 0, so blocks are split there. The lines are already in the
// form `vtysh -f` reads (vtysh walks up to the parent node when a line does not fit the current one),
// which is how frr-reload.py itself applies its additions.
//
// FRR 10 also closes each context it printed with `exit` (` exit`, `exit`); 8.4 did not. Those lines
// are dropped: they are no command, and once the changes are reordered (applyOrder) they no longer
// follow their own block, and an `exit` that reaches the top level makes vtysh 10.3 stop reading the
// file ("early exit from config file"). Without them every FRR gets the 8.4 form.

export type ChangeKind = 'delete' | 'add';

export interface Change {
  kind: ChangeKind;
  /** The command with its context lines, as frr-reload.py printed it. */
  lines: string[];
  /** Filter definitions (prefix-lists, community-lists, route-maps, …) rather than their users. */
  policy: boolean;
}

export interface Diff {
  changes: Change[];
}

const DELETE_HEADER = 'Lines To Delete';
const ADD_HEADER = 'Lines To Add';

/** Top-level objects that other lines refer to by name. */
const POLICY_PREFIXES = [
  'ip prefix-list ',
  'ipv6 prefix-list ',
  'route-map ',
  'bgp community-list ',
  'bgp large-community-list ',
  'bgp extcommunity-list ',
  'bgp as-path access-list ',
  'access-list ',
  'ipv6 access-list ',
];

const depth = (line: string): number => line.length - line.trimStart().length;

/** `exit`, `exit-address-family`, `exit-vrf`, `exit-vni`: leaving a context, not a change. */
const isExit = (line: string): boolean => /^exit(-[a-z-]+)?$/.test(line.trim());

function isPolicy(firstLine: string): boolean {
  const key = firstLine.startsWith('no ') ? firstLine.slice(3) : firstLine;
  return POLICY_PREFIXES.some((p) => key.startsWith(p));
}

function blocks(sectionLines: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const raw of sectionLines) {
    // frr-reload.py leaves a trailing space on some lines (`network 10.0.0.1/32 `); vtysh ignores it.
    const line = raw.trimEnd();
    if (line.trim() === '' || isExit(line)) continue;
    const last = out[out.length - 1];
    if (last === undefined || depth(line) === 0) out.push([line]);
    else last.push(line);
  }
  return out;
}

function section(lines: readonly string[], header: string): string[] {
  const start = lines.findIndex((l, i) => l === header && /^=+$/.test(lines[i + 1] ?? ''));
  if (start < 0) return [];
  const body = lines.slice(start + 2);
  const end = body.findIndex((l) => l === DELETE_HEADER || l === ADD_HEADER);
  return end < 0 ? body : body.slice(0, end);
}

/** Parses the stdout of `frr-reload.py --test`. */
export function parseTestOutput(stdout: string): Diff {
  const lines = stdout.split('\n');
  const changes: Change[] = [];
  for (const b of blocks(section(lines, DELETE_HEADER))) {
    changes.push({ kind: 'delete', lines: b, policy: isPolicy(b[0] ?? '') });
  }
  for (const b of blocks(section(lines, ADD_HEADER))) {
    // For scale, frr-reload.py lists deletions of prefix-lists, access-lists and static routes as
    // top-level `no …` additions; they are deletions all the same, and are ordered as such.
    const first = b[0] ?? '';
    const kind: ChangeKind = b.length === 1 && first.startsWith('no ') ? 'delete' : 'add';
    changes.push({ kind, lines: b, policy: isPolicy(first) });
  }
  return { changes };
}

export const isEmpty = (d: Diff): boolean => d.changes.length === 0;

/** The command itself, without its contexts. */
export const leaf = (c: Change): string => (c.lines[c.lines.length - 1] ?? '').trim();

/** `router bgp 64512 > address-family ipv4 unicast > network 10.0.0.1/32`, for messages. */
export const describeChange = (c: Change): string => c.lines.map((l) => l.trim()).join(' > ');

/** `network P`, `network P route-map M`, `no network P …` (frr-reload.py may put two spaces before `route-map`). */
const NETWORK = /^(no\s+)?network\s+(\S+)(?:\s|$)/;

const contextOf = (c: Change): string =>
  c.lines
    .slice(0, -1)
    .map((l) => l.trim())
    .join('\n');

/**
 * Deletions of a `network` line that an addition re-issues: same prefix, same context, another route-map
 * (the advertisement changed class) or none. FRR replaces the route-map of a `network` given again in
 * place (FRR 8.4.4 and 10.3), so the prefix stays announced throughout; deleting it first would
 * withdraw it for a moment, and once re-issued, `no network P route-map Old` is refused (FRR deletes a
 * `network` only with the route-map it has).
 */
function reissuedNetworks(changes: readonly Change[]): Set<Change> {
  const added = new Set<string>();
  for (const c of changes) {
    const m = NETWORK.exec(leaf(c));
    if (c.kind === 'add' && m && !m[1]) added.add(`${contextOf(c)}\n${m[2]}`);
  }
  const replaced = new Set<Change>();
  for (const c of changes) {
    const m = NETWORK.exec(leaf(c));
    if (c.kind === 'delete' && m?.[1] && added.has(`${contextOf(c)}\n${m[2]}`)) replaced.add(c);
  }
  return replaced;
}

/**
 * The order in which the changes are applied (a `network` re-issued with another route-map replaces its
 * deletion, see reissuedNetworks):
 *  1. deletions of users (`no network`, `no neighbor … route-map`): a withdrawn prefix leaves at once;
 *  2. deletions of policy: after nothing uses it any more, and before its replacement is added — FRR
 *     8.4 deletes a prefix-list entry or a route-map `match` by its key alone, so a deletion applied after
 *     the addition of the same key (as frr-reload.py does for prefix-lists) removes the new entry;
 *  3. additions of policy, so that
 *  4. the additions that use it find it: a `network` added before the prefix-list entry that permits it
 *     is first evaluated as denied and is only announced when `bgp route-map delay-timer` fires (5 s).
 * Within each group frr-reload.py's order is kept (it already orders dependencies such as
 * `remote-as` before the neighbor's other lines).
 */
export function applyOrder(d: Diff): Change[] {
  const group = (c: Change): number => (c.kind === 'delete' ? (c.policy ? 1 : 0) : c.policy ? 2 : 3);
  const replaced = reissuedNetworks(d.changes);
  return d.changes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !replaced.has(c))
    .sort((a, b) => group(a.c) - group(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

export interface DiffFile {
  text: string;
  /** For each line of `text` (1-based line N at index N-1), the change it belongs to. */
  owner: Change[];
}

/** The changes as one file for `vtysh -f`, remembering which change each line came from. */
export function toVtyshFile(changes: readonly Change[]): DiffFile {
  const out: string[] = [];
  const owner: Change[] = [];
  for (const c of changes) {
    for (const l of c.lines) {
      out.push(l);
      owner.push(c);
    }
  }
  return { text: out.length ? `${out.join('\n')}\n` : '', owner };
}

export function counts(d: Diff): { deletes: number; adds: number } {
  const deletes = d.changes.filter((c) => c.kind === 'delete').length;
  return { deletes, adds: d.changes.length - deletes };
}
