// The global lines at the top: identity, logging, next-hop tracking.
import type { LogLevel } from '../../../api/v1beta1/frrk8sconfiguration.ts';
import { FRR_8_4, resolvesViaDefaultByDefault, type FrrVersion } from '../frr-version.ts';
import { line, type Line } from './lines.ts';

const FRR_LEVEL: Record<LogLevel, string> = {
  all: 'debugging',
  debug: 'debugging',
  info: 'informational',
  warn: 'warnings',
  error: 'errors',
  none: 'emergencies',
};

const DEBUG_LINES = [
  'debug zebra events',
  'debug zebra nht',
  'debug zebra kernel',
  'debug zebra rib',
  'debug zebra nexthop',
  'debug bgp neighbor-events',
  // FRR stores `debug bgp updates` as its two halves and prints them so.
  'debug bgp updates in',
  'debug bgp updates out',
  'debug bgp keepalives',
  'debug bgp nht',
  'debug bgp zebra',
  'debug bfd network',
  'debug bfd peer',
  'debug bfd zebra',
];

export function renderHeader(hostname: string, logLevel: LogLevel, frr: FrrVersion = FRR_8_4): Line[] {
  const level = FRR_LEVEL[logLevel];
  return [
    line('frr defaults traditional'),
    // vtysh reports the real hostname; any other value would show up as a change on every reload.
    line(`hostname ${hostname}`),
    // Debugging is the default level of the stdout log, which FRR prints as a bare `log stdout`.
    line(level === 'debugging' ? 'log stdout' : `log stdout ${level}`),
    line('log timestamp precision 3'),
    ...(level === 'debugging' ? DEBUG_LINES.map((d) => line(d)) : []),
    // Where FRR already resolves via the default route, it stores (and shows) nothing for these lines.
    ...(resolvesViaDefaultByDefault(frr)
      ? []
      : [line('ip nht resolve-via-default'), line('ipv6 nht resolve-via-default')]),
  ];
}
