// Which FRR daemon processes last received our configuration, kept in the work directory so it
// survives a restart of frrk8s itself.
//
// Why it matters: `show running-config` merges every daemon's configuration, and zebra, bgpd and bfdd
// each hold their own copy of every prefix-list and route-map. After bgpd alone restarts empty, the
// merged view still shows the prefix-lists (zebra's copy), so a diff against it never sends them to
// bgpd, and bgpd's route-maps deny everything. A daemon that is not the process we configured must be
// given the whole configuration first (`vtysh -d <daemon> -f`), as watchfrr does after a restart.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identity } from './restarts.ts';

export type Identities = Record<string, string | null>;

export function currentIdentities(vtySocketDir: string, daemons: readonly string[]): Identities {
  return Object.fromEntries(daemons.map((d) => [d, identity(vtySocketDir, d) ?? null]));
}

const stateFile = (workDir: string): string => join(workDir, 'daemons.json');

/** What we recorded last, or undefined when we never configured this FRR (or lost the record). */
export function loadIdentities(workDir: string): Identities | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(stateFile(workDir), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Identities) : undefined;
  } catch {
    return undefined;
  }
}

export function saveIdentities(workDir: string, ids: Identities): void {
  writeFileSync(stateFile(workDir), `${JSON.stringify(ids)}\n`, { mode: 0o600 });
}

/**
 * Daemons running now that did not receive our configuration: 'all' when nothing was recorded, else
 * those whose process is not the one recorded.
 */
export function unconfigured(recorded: Identities | undefined, now: Identities): string[] | 'all' {
  if (recorded === undefined) return 'all';
  return Object.keys(now).filter((d) => now[d] !== null && now[d] !== recorded[d]);
}
