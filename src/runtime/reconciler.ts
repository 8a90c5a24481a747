// One reconcile: read the caches, run the pure pipeline, apply to FRR only when the text changed (or FRR
// lost it), then report. Level-driven: it never asks which event fired. Failures of FRR are retried with
// backoff by the queue; invalid input is not (it waits for the next change).
import type { LogLevel } from '../../api/v1beta1/frrk8sconfiguration.ts';
import type { FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { FrrVersion } from '../core/frr-version.ts';
import { newObjectCache } from '../core/object-cache.ts';
import { runPipeline, type PipelineResult } from '../core/pipeline.ts';
import { redact } from '../core/redact.ts';
import type { Problem } from '../core/problems.ts';
import { nodeStatus, type ReloadOutcome, type SessionsObservation } from '../core/status.ts';
import type { FrrPort } from '../frr/port.ts';
import type { ClusterSource, StatusSink } from '../k8s/port.ts';
import { setLogLevel, type Logger } from '../log.ts';
import type { Clock } from './clock.ts';
import { secretsInPlay } from './secrets-in-play.ts';
import type { RunOutcome } from './work-queue.ts';

export interface ReconcilerOptions {
  nodeName: string;
  namespace: string;
  /** The hostname FRR reports (vtysh shows its own), written into the configuration. */
  hostname: string;
  alwaysBlock: readonly string[];
  logLevel: LogLevel;
  /** After FRR refused a configuration, try it again after this long even without a change. */
  reloadRetryMs: number;
  /** The running FRR's release, for the lines it stores differently (8.4 when not given). */
  frrVersion?: FrrVersion;
}

/** What a reconcile did, for metrics. */
export interface ReconcileObserver {
  applied(result: 'changed' | 'unchanged' | 'refused', millis: number): void;
  reconciled(r: {
    millis: number;
    problems: readonly Problem[];
    /** True when the desired configuration is what FRR runs. */
    current: boolean;
    runningConfigBytes?: number;
    /** FRRConfiguration versions this reconcile validated (unchanged ones come from the cache). */
    validated: number;
  }): void;
}

export interface ReconcilerDeps {
  source: ClusterSource;
  frr: FrrPort;
  status: StatusSink;
  clock: Clock;
  logger: Logger;
  options: ReconcilerOptions;
  /** How the node's BGP sessions are, for the BGPSessionsEstablished condition (undefined until read). */
  sessions?: () => SessionsObservation | undefined;
  observer?: ReconcileObserver;
}

const FRR_CONFIGURATION = 'FRRConfiguration';

const metadataOf = (c: unknown) =>
  (c as { metadata?: { name?: string; namespace?: string; uid?: string } } | null)?.metadata;

/** The objects the pipeline reported on for this node (selecting it, or with an invalid selector). */
function concernedObjects(configurations: readonly unknown[], result: PipelineResult): unknown[] {
  const names = new Set(result.outcomes.map((o) => o.name));
  return configurations.filter((c) => names.has(metadataOf(c)?.name ?? ''));
}

export class Reconciler {
  /**
   * The last text FRR accepted, and whether FRR must be given it again: it restarted, or part of the
   * text (BFD on sessions not up yet) is still waiting.
   */
  private applied: string | undefined;
  private reapply = false;
  /** How many applies in a row left BFD held back on a session not yet up (paces the next look). */
  private bfdWaits = 0;
  private lastReload: ReloadOutcome | undefined;
  /** FRR's running configuration as this reconcile's apply read it (saves reading it again). */
  private runningAfterApply: string | undefined;
  private lastStatus: FRRNodeStateStatus | undefined;
  /** Warning events already raised, per object, so a repeat of the same state stays quiet. */
  private readonly reported = new Map<string, string>();
  /** Per-object work kept between reconciles: one reconcile validates only the versions it has not seen. */
  private readonly objects = newObjectCache();
  /**
   * What the last written status was made from (besides FRR's running configuration, which only our
   * applies and FRR restarts change, and both pass through an apply). Equal inputs and no apply: the
   * status would be the same, so neither FRR is read nor the API server written.
   */
  private lastInputs: { text: string | undefined; rest: string } | undefined;
  private readonly deps: ReconcilerDeps;

  constructor(deps: ReconcilerDeps) {
    this.deps = deps;
  }

  /** The node's status as last written (undefined before the first reconcile that got that far). */
  status(): FRRNodeStateStatus | undefined {
    return this.lastStatus;
  }

  /** FRR restarted and lost its configuration: the next run applies the last good one again. */
  frrRestarted(): void {
    this.reapply = true;
  }

  async reconcile(): Promise<RunOutcome> {
    const { source, frr, status, clock, logger, options } = this.deps;
    const t0 = clock.now();
    const view = source.view();
    if (!view.synced) return {};
    if (!view.node) {
      logger.warn({ node: options.nodeName }, 'own Node not seen yet; waiting');
      return { retryAfterMs: 5000 };
    }
    const logLevel = view.logLevel ?? options.logLevel;
    setLogLevel(logger, logLevel);

    const validatedBefore = this.objects.stats.validations;
    const result = runPipeline(
      {
        namespace: options.namespace,
        node: view.node,
        hostname: options.hostname,
        configurations: view.configurations,
        secrets: view.secrets,
        options: {
          alwaysBlock: options.alwaysBlock,
          logLevel,
          showPasswords: true,
          frrVersion: options.frrVersion,
        },
      },
      this.objects,
    );
    const validated = this.objects.stats.validations - validatedBefore;
    // Only the objects that concern this node can put a password into its configuration, status or
    // events: walking the others (thousands, in a large cluster) on every reconcile would cost the most.
    const concerned = concernedObjects(view.configurations, result);
    const secrets = secretsInPlay({ ...view, configurations: concerned });

    let retryAfterMs: number | undefined;
    let applied = false;
    this.runningAfterApply = undefined;
    // A new text starts the BFD wait's pacing over (its new sessions deserve a quick look).
    if (result.text !== undefined && result.text !== this.applied) this.bfdWaits = 0;
    if (result.text !== undefined && (result.text !== this.applied || this.reapply)) {
      retryAfterMs = await this.applyText(result.text, secrets);
      applied = true;
    } else if (result.text === undefined && this.reapply && this.applied !== undefined) {
      // Invalid input, but FRR restarted empty: bring back the last good configuration.
      retryAfterMs = await this.applyText(this.applied, secrets);
      applied = true;
    }
    if (result.text === undefined) {
      logger.warn(
        { problems: result.problems.filter((p) => p.severity === 'error').length },
        'configuration not valid; keeping the last good one',
      );
    }
    await this.reportObjects(result, concerned, secrets);
    const current = result.text !== undefined && result.text === this.applied && this.lastReload?.ok === true;
    const sessions = this.deps.sessions?.();
    const inputs = {
      text: result.text,
      rest: JSON.stringify([result.problems, result.outcomes, sessions ?? null, secrets]),
    };
    const same =
      !applied &&
      this.lastInputs !== undefined &&
      this.lastInputs.text === inputs.text &&
      this.lastInputs.rest === inputs.rest;
    if (same) {
      // Typically a change to an object of another node: nothing of this node's status can differ.
      this.deps.observer?.reconciled({
        millis: clock.now() - t0,
        problems: result.problems,
        current,
        validated,
      });
      return retryAfterMs === undefined ? {} : { retryAfterMs };
    }
    const runningConfig =
      this.runningAfterApply ??
      (await frr.runningConfig().catch((err: unknown) => {
        logger.warn({ err: redact(String(err), secrets) }, 'cannot read the running configuration');
        return undefined;
      }));
    const next = nodeStatus({
      problems: result.problems,
      outcomes: result.outcomes,
      reload: this.lastReload,
      runningConfig,
      secrets,
      now: new Date(clock.now()).toISOString(),
      previous: this.lastStatus,
      sessions,
    });
    this.deps.observer?.reconciled({
      millis: clock.now() - t0,
      problems: result.problems,
      current,
      runningConfigBytes: runningConfig === undefined ? undefined : Buffer.byteLength(runningConfig),
      validated,
    });
    await status.writeNodeState(options.nodeName, next);
    this.lastStatus = next;
    // An unreadable running configuration is read again next time, whatever else stayed the same.
    this.lastInputs = runningConfig === undefined ? undefined : inputs;
    return retryAfterMs === undefined ? {} : { retryAfterMs };
  }

  private async applyText(text: string, secrets: readonly string[]): Promise<number | undefined> {
    const { frr, status, logger, options } = this.deps;
    const outcome = await frr.apply(text);
    this.deps.observer?.applied(
      outcome.ok ? (outcome.changed ? 'changed' : 'unchanged') : 'refused',
      outcome.millis,
    );
    this.lastReload = { ok: outcome.ok, error: outcome.error, waitingBfd: outcome.heldBfd };
    this.runningAfterApply = outcome.running;
    if (outcome.ok) {
      this.applied = text;
      logger.info({ changed: outcome.changed, millis: outcome.millis }, 'FRR configuration applied');
      if (outcome.heldBfd === undefined || outcome.heldBfd.length === 0) {
        this.reapply = false;
        this.bfdWaits = 0;
        return undefined;
      }
      // Part of the text waits for BGP sessions to come up: apply it again soon, then less often
      // while a peer stays down (1 s, 2 s, 4 s … up to 30 s).
      this.reapply = true;
      return Math.min(1000 * 2 ** this.bfdWaits++, 30_000);
    }
    const error = redact(outcome.error ?? 'FRR refused the configuration', secrets);
    logger.error(
      { error, millis: outcome.millis },
      'FRR refused the configuration; the previous one keeps running',
    );
    await status.event(
      { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRNodeState', name: options.nodeName },
      'Warning',
      'ReloadFailed',
      error,
    );
    return options.reloadRetryMs;
  }

  /** Warning events on the FRRConfigurations at fault, once per distinct state. */
  private async reportObjects(
    result: PipelineResult,
    concerned: readonly unknown[],
    secrets: readonly string[],
  ): Promise<void> {
    const { status, options } = this.deps;
    const uids = new Map(
      concerned
        .map(metadataOf)
        .filter((m) => m?.name)
        .map((m) => [m!.name!, m!.uid]),
    );
    for (const outcome of result.outcomes) {
      const key = `${outcome.namespace}/${outcome.name}`;
      const bad = outcome.outcome === 'Invalid' || outcome.outcome === 'Conflict';
      const message = bad
        ? redact(
            `on node ${options.nodeName}: ${(outcome.problems ?? [])
              .filter((p) => p.severity === 'error')
              .map(
                (p) =>
                  `${p.code} ${p.path ?? ''}${p.with ? ` (with ${p.with.join(', ')})` : ''}: ${p.message}`,
              )
              .join('; ')}`,
            secrets,
          )
        : '';
      if (this.reported.get(key) === message) continue;
      this.reported.set(key, message);
      if (!bad) continue;
      await status.event(
        {
          apiVersion: 'frrk8s.metallb.io/v1beta1',
          kind: FRR_CONFIGURATION,
          namespace: outcome.namespace,
          name: outcome.name,
          uid: uids.get(outcome.name),
        },
        'Warning',
        outcome.outcome === 'Conflict' ? 'ConfigurationConflict' : 'InvalidConfiguration',
        message,
      );
    }
  }
}
