// The daemon's Prometheus metrics (prom-client), on its own registry.
//
// BGP and BFD series carry upstream frr-k8s's names, types and labels (`peer`, `vrf` with FRR's VRF
// name), so its dashboards and alerts work unchanged; they are filled at scrape time from the session
// watch's last read (at most a second old) instead of running vtysh per scrape. FRR's counters are
// exported as counters: FRR owns them, so each scrape resets ours and sets FRR's value. Our own series
// (reconcile, apply, conversion, informers, status writes) say what the daemon did.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Problem } from '../core/problems.ts';
import type { FrrSessions, MessageCounters } from '../frr/session-reader.ts';

type Labels = 'peer' | 'vrf';

/** Upstream's BGP series: name, help, and the FRR message counter it mirrors (or a gauge). */
const BGP_COUNTERS: readonly [string, string, keyof MessageCounters][] = [
  ['frrk8s_bgp_opens_sent', 'Number of BGP open messages sent', 'opensSent'],
  ['frrk8s_bgp_opens_received', 'Number of BGP open messages received', 'opensRecv'],
  ['frrk8s_bgp_notifications_sent', 'Number of BGP notification messages sent', 'notificationsSent'],
  ['frrk8s_bgp_updates_total', 'Number of BGP UPDATE messages sent', 'updatesSent'],
  ['frrk8s_bgp_updates_total_received', 'Number of BGP UPDATE messages received', 'updatesRecv'],
  ['frrk8s_bgp_keepalives_sent', 'Number of BGP keepalive messages sent', 'keepalivesSent'],
  ['frrk8s_bgp_keepalives_received', 'Number of BGP keepalive messages received', 'keepalivesRecv'],
  ['frrk8s_bgp_route_refresh_sent', 'Number of BGP route refresh messages sent', 'routeRefreshSent'],
  ['frrk8s_bgp_total_sent', 'Number of total BGP messages sent', 'totalSent'],
  ['frrk8s_bgp_total_received', 'Number of total BGP messages received', 'totalRecv'],
];

type BfdCounter =
  | 'controlPacketsIn'
  | 'controlPacketsOut'
  | 'echoPacketsIn'
  | 'echoPacketsOut'
  | 'upEvents'
  | 'downEvents'
  | 'zebraNotifications';

const BFD_COUNTERS: readonly [string, string, BfdCounter][] = [
  ['frrk8s_bfd_control_packet_input', 'Number of received BFD control packets', 'controlPacketsIn'],
  ['frrk8s_bfd_control_packet_output', 'Number of sent BFD control packets', 'controlPacketsOut'],
  ['frrk8s_bfd_echo_packet_input', 'Number of received BFD echo packets', 'echoPacketsIn'],
  ['frrk8s_bfd_echo_packet_output', 'Number of sent BFD echo packets', 'echoPacketsOut'],
  ['frrk8s_bfd_session_up_events', 'Number of BFD session up events', 'upEvents'],
  ['frrk8s_bfd_session_down_events', 'Number of BFD session down events', 'downEvents'],
  ['frrk8s_bfd_zebra_notifications', 'Number of BFD zebra notifications', 'zebraNotifications'],
];

/** Every upstream series name, in the order above (a test holds this list against upstream's). */
export const UPSTREAM_SERIES = [
  'frrk8s_bgp_session_up',
  'frrk8s_bgp_announced_prefixes_total',
  'frrk8s_bgp_received_prefixes_total',
  ...BGP_COUNTERS.map(([name]) => name),
  'frrk8s_bfd_session_up',
  ...BFD_COUNTERS.map(([name]) => name),
  'frrk8s_k8s_client_updates_total',
  'frrk8s_k8s_client_update_errors_total',
  'frrk8s_k8s_client_config_loaded_bool',
  'frrk8s_k8s_client_config_stale_bool',
] as const;

export type ApplyResultLabel = 'changed' | 'unchanged' | 'refused';

export class DaemonMetrics {
  readonly registry = new Registry();
  private sessions: () => FrrSessions | undefined = () => undefined;

  readonly reconcileSeconds = new Histogram({
    name: 'frrk8s_reconcile_duration_seconds',
    help: 'Time of one reconcile: read the caches, run the pipeline, apply, report',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly applySeconds = new Histogram({
    name: 'frrk8s_frr_apply_duration_seconds',
    help: 'Time FRR took to test and apply a configuration',
    labelNames: ['result'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600],
    registers: [this.registry],
  });
  readonly applies = new Counter({
    name: 'frrk8s_frr_applies_total',
    help: 'Configurations given to FRR, by result (changed, unchanged, refused)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'frrk8s_frr_refusals_total',
    help: 'Configurations FRR refused (the previous one kept running)',
    registers: [this.registry],
  });
  readonly conversionErrors = new Gauge({
    name: 'frrk8s_conversion_errors',
    help: 'Errors that keep the node from converting its FRRConfigurations now, by problem code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly informerRestarts = new Counter({
    name: 'frrk8s_informer_restarts_total',
    help: 'Restarts of a failed watch, by resource',
    labelNames: ['resource'],
    registers: [this.registry],
  });
  readonly informerLists = new Counter({
    name: 'frrk8s_informer_lists_total',
    help: 'Full lists of a watched resource: the first, and relists (410 Gone, restarts)',
    labelNames: ['resource'],
    registers: [this.registry],
  });
  readonly runningConfigBytes = new Gauge({
    name: 'frrk8s_frr_running_config_bytes',
    help: 'Size of FRR’s running configuration',
    registers: [this.registry],
  });
  readonly sessionStateWrites = new Counter({
    name: 'frrk8s_bgpsessionstate_writes_total',
    help: 'Requests that created, updated or deleted BGPSessionStates, by kind and result',
    labelNames: ['kind', 'result'],
    registers: [this.registry],
  });
  readonly frrReadErrors = new Counter({
    name: 'frrk8s_frr_read_errors_total',
    help: 'Reads of FRR’s sessions that failed (FRR not answering)',
    registers: [this.registry],
  });
  readonly objectValidations = new Counter({
    name: 'frrk8s_object_validations_total',
    help: 'FRRConfiguration versions validated by reconciles (each version once; unchanged ones are cached)',
    registers: [this.registry],
  });
  readonly k8sUpdates = new Counter({
    name: 'frrk8s_k8s_client_updates_total',
    help: 'Reconciles of the node (upstream: updates of the configuration)',
    registers: [this.registry],
  });
  readonly k8sUpdateErrors = new Counter({
    name: 'frrk8s_k8s_client_update_errors_total',
    help: 'Reconciles whose configuration could not be converted or applied',
    registers: [this.registry],
  });
  readonly configLoaded = new Gauge({
    name: 'frrk8s_k8s_client_config_loaded_bool',
    help: '1 once a configuration was applied to FRR',
    registers: [this.registry],
  });
  readonly configStale = new Gauge({
    name: 'frrk8s_k8s_client_config_stale_bool',
    help: '1 when the latest configuration could not be converted or applied (an older one runs)',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.registerFrrSeries();
  }

  /** Where BGP and BFD series come from at scrape time. */
  readFrom(sessions: () => FrrSessions | undefined): void {
    this.sessions = sessions;
  }

  /** The errors of the latest conversion (replaces the previous set). */
  setConversionProblems(problems: readonly Problem[]): void {
    this.conversionErrors.reset();
    for (const p of problems) if (p.severity === 'error') this.conversionErrors.inc({ code: p.code });
  }

  recordApply(result: ApplyResultLabel, millis: number): void {
    this.applies.inc({ result });
    this.applySeconds.observe({ result }, millis / 1000);
    if (result === 'refused') this.refusals.inc();
  }

  /** The text of `/metrics`. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  private registerFrrSeries(): void {
    const read = (): FrrSessions => this.sessions() ?? { bgp: [], bfd: [] };
    const reg = [this.registry];
    const labelNames: Labels[] = ['peer', 'vrf'];
    new Gauge({
      name: 'frrk8s_bgp_session_up',
      help: 'BGP session state (1 is up, 0 is down)',
      labelNames,
      registers: reg,
      collect() {
        this.reset();
        for (const s of read().bgp) this.set({ peer: s.peer, vrf: s.vrf }, s.state === 'Established' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'frrk8s_bgp_announced_prefixes_total',
      help: 'Number of prefixes currently being advertised on the BGP session',
      labelNames,
      registers: reg,
      collect() {
        this.reset();
        for (const s of read().bgp) this.set({ peer: s.peer, vrf: s.vrf }, s.prefixesSent);
      },
    });
    new Gauge({
      name: 'frrk8s_bgp_received_prefixes_total',
      help: 'Number of prefixes currently being received on the BGP session',
      labelNames,
      registers: reg,
      collect() {
        this.reset();
        for (const s of read().bgp) this.set({ peer: s.peer, vrf: s.vrf }, s.prefixesReceived);
      },
    });
    for (const [name, help, field] of BGP_COUNTERS) {
      new Counter({
        name,
        help,
        labelNames,
        registers: reg,
        collect() {
          this.reset();
          for (const s of read().bgp) this.inc({ peer: s.peer, vrf: s.vrf }, s.messages[field]);
        },
      });
    }
    new Gauge({
      name: 'frrk8s_bfd_session_up',
      help: 'BFD session state (1 is up, 0 is down)',
      labelNames,
      registers: reg,
      collect() {
        this.reset();
        for (const b of read().bfd) this.set({ peer: b.peer, vrf: b.vrf }, b.status === 'up' ? 1 : 0);
      },
    });
    for (const [name, help, field] of BFD_COUNTERS) {
      new Counter({
        name,
        help,
        labelNames,
        registers: reg,
        collect() {
          this.reset();
          for (const b of read().bfd) this.inc({ peer: b.peer, vrf: b.vrf }, b[field]);
        },
      });
    }
  }
}
