// Inbound filters: each prefix with optional ge/le, which FRR requires to satisfy mask ≤ ge ≤ le ≤ 32|128.
import type { Receive } from '../../../api/v1beta1/index.ts';
import { maxLength } from '../net.ts';
import type { InboundFilter } from '../ir.ts';
import { allParsed, type ParsedReceive } from './parsed.ts';
import { checkPrefix } from './prefixes.ts';
import type { Reporter } from './reporter.ts';

/** The inbound policy, parsed; undefined when a prefix could not be read. */
export function checkReceive(
  receive: Receive | undefined,
  path: string,
  reporter: Reporter,
): ParsedReceive | undefined {
  const filters = (receive?.allowed?.prefixes ?? []).map((selector, k): InboundFilter | undefined => {
    const at = `${path}.allowed.prefixes[${k}]`;
    const cidr = checkPrefix(selector.prefix, `${at}.prefix`, reporter);
    if (!cidr) return undefined;
    const { ge, le } = selector;
    const max = maxLength(cidr.family);
    for (const [name, value] of [
      ['ge', ge],
      ['le', le],
    ] as const) {
      if (value !== undefined && value > max) {
        reporter.report(
          'RECEIVE_LENGTH_RANGE',
          `${at}.${name}`,
          `${name} ${value} is longer than ${cidr.family} allows (${max})`,
        );
      }
    }
    if (ge !== undefined && le !== undefined && ge > le) {
      reporter.report('RECEIVE_LENGTH_ORDER', `${at}.ge`, `ge ${ge} is bigger than le ${le}`);
    }
    if (le !== undefined && cidr.length > le) {
      reporter.report('RECEIVE_LENGTH_ORDER', `${at}.le`, `the mask /${cidr.length} is longer than le ${le}`);
    }
    if (ge !== undefined && cidr.length > ge) {
      reporter.report('RECEIVE_LENGTH_ORDER', `${at}.ge`, `the mask /${cidr.length} is longer than ge ${ge}`);
    }
    return { prefix: cidr, ge, le };
  });
  const parsed = allParsed(filters);
  return parsed && { all: receive?.allowed?.mode === 'all', filters: parsed };
}
