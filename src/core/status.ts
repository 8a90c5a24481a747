// FRRNodeState.status from what happened on a node: the pipeline's result, FRR's answer to the last
// reload and FRR's running configuration. Pure: the time is passed in, and conditions keep their
// transition time while their status does not change.
import type { Condition } from '../../api/v1beta1/common.ts';
import type { ConfigurationOutcome, FRRNodeStateStatus } from '../../api/v1beta1/frrnodestate.ts';
import type { Static } from '@sinclair/typebox';
import { hasErrors, refName, type Problem } from './problems.ts';
import { redact } from './redact.ts';

type ConditionT = Static<typeof Condition>;

export interface ReloadOutcome {
  ok: boolean;
  /** FRR's error when it refused the configuration (may quote command lines; redacted here). */
  error?: string;
  /** Sessions whose BFD waits for their BGP session to be established (the rest runs). */
  waitingBfd?: readonly string[];
}

/** How the node's BGP sessions are, as last read from FRR (for the BGPSessionsEstablished condition). */
export interface SessionsObservation {
  /** Sessions FRR is configured for. */
  total: number;
  /** The ones not Established, or whose BFD is not up where configured, with since when (RFC 3339). */
  down: readonly { name: string; state: string; since: string }[];
  /** Set when FRR could not be read: the counts are from the last good read. */
  unreadable?: string;
}

export interface NodeObservation {
  problems: readonly Problem[];
  outcomes: readonly ConfigurationOutcome[];
  /** Undefined until a reload was attempted. */
  reload?: ReloadOutcome;
  runningConfig?: string;
  /** Every password in play on this node, so no message can leak one. */
  secrets: readonly string[];
  /** RFC 3339 time of this observation. */
  now: string;
  previous?: FRRNodeStateStatus;
  /** Undefined until FRR's sessions were read once. */
  sessions?: SessionsObservation;
}

const MAX_RESULT = 4096;

/** `failed: CODE ns/name path: message; …` — upstream's prefix, then every error with its objects. */
export function conversionResult(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return 'success';
  const parts = errors.map((p) => {
    const where = p.sources.map((s) => `${refName(s)}${s.path ? ` ${s.path}` : ''}`).join(' and ');
    return `${p.code} ${where}: ${p.message}`;
  });
  const text = `failed: ${parts.join('; ')}`;
  return text.length > MAX_RESULT ? `${text.slice(0, MAX_RESULT - 1)}…` : text;
}

function condition(
  type: string,
  status: boolean,
  reason: string,
  message: string,
  now: string,
  previous: readonly ConditionT[] | undefined,
): ConditionT {
  const value = status ? 'True' : 'False';
  const before = previous?.find((c) => c.type === type);
  const lastTransitionTime = before && before.status === value ? before.lastTransitionTime : now;
  return { type, status: value, reason, message, lastTransitionTime };
}

export function nodeStatus(o: NodeObservation): FRRNodeStateStatus {
  const valid = !hasErrors(o.problems);
  const conversion = redact(conversionResult(o.problems), o.secrets);
  const reloadResult =
    o.reload === undefined
      ? (o.previous?.lastReloadResult ?? '')
      : o.reload.ok
        ? 'success'
        : redact(o.reload.error ?? 'failed', o.secrets).slice(0, MAX_RESULT);
  const reloaded = o.reload?.ok ?? false;
  const prev = o.previous?.conditions;
  const errorCount = o.problems.filter((p) => p.severity === 'error').length;
  const conditions: ConditionT[] = [
    condition(
      'ConfigValid',
      valid,
      valid ? 'Converted' : 'InvalidConfiguration',
      valid
        ? 'the selected FRRConfigurations merge into one configuration'
        : `${errorCount} error(s); see lastConversionResult`,
      o.now,
      prev,
    ),
    condition(
      'Reloaded',
      reloaded,
      o.reload === undefined ? 'NotAttempted' : reloaded ? 'ReloadSucceeded' : 'ReloadFailed',
      o.reload === undefined
        ? 'no reload attempted yet'
        : reloaded
          ? 'FRR took the configuration'
          : 'FRR refused the configuration; the previous one keeps running',
      o.now,
      prev,
    ),
    condition(
      'Ready',
      valid && reloaded,
      valid && reloaded ? 'Running' : 'LastGoodConfigurationRunning',
      !(valid && reloaded)
        ? 'the desired configuration is not running; FRR keeps the last good one'
        : o.reload?.waitingBfd?.length
          ? `the desired configuration is running in FRR, but BFD on ${o.reload.waitingBfd.join(', ')} waits for the BGP session to be established`
          : 'the desired configuration is running in FRR',
      o.now,
      prev,
    ),
  ];
  if (o.sessions !== undefined) conditions.push(sessionsCondition(o.sessions, o.now, prev));
  return {
    runningConfig: redact(o.runningConfig ?? o.previous?.runningConfig ?? '', o.secrets),
    ...(o.sessions !== undefined
      ? {
          sessions: {
            total: o.sessions.total,
            established: o.sessions.total - o.sessions.down.length,
          },
        }
      : {}),
    lastConversionResult: conversion,
    lastReloadResult: reloadResult,
    conditions,
    configurations: [...o.outcomes]
      .map((c) => ({
        ...c,
        ...(c.problems
          ? { problems: c.problems.map((p) => ({ ...p, message: redact(p.message, o.secrets) })) }
          : {}),
      }))
      .sort((a, b) => (refName(a) < refName(b) ? -1 : refName(a) > refName(b) ? 1 : 0)),
  };
}

/** At most this many sessions are named in the condition's message (the rest are counted). */
const MAX_NAMED = 10;

/** BGPSessionsEstablished: every session FRR is configured for is Established, with BFD up where set. */
function sessionsCondition(
  s: SessionsObservation,
  now: string,
  previous: readonly ConditionT[] | undefined,
): ConditionT {
  const type = 'BGPSessionsEstablished';
  if (s.unreadable !== undefined)
    return condition(
      type,
      false,
      'FRRNotAnswering',
      `cannot read FRR's sessions: ${s.unreadable}`,
      now,
      previous,
    );
  if (s.down.length === 0) {
    const message =
      s.total === 0 ? 'no BGP session is configured' : `all ${s.total} BGP sessions are established`;
    return condition(type, true, s.total === 0 ? 'NoSessions' : 'AllEstablished', message, now, previous);
  }
  const named = s.down
    .slice(0, MAX_NAMED)
    .map((d) => `${d.name} ${d.state} since ${d.since}`)
    .join(', ');
  const more = s.down.length > MAX_NAMED ? ` and ${s.down.length - MAX_NAMED} more` : '';
  const message = `${s.down.length} of ${s.total} BGP sessions not established: ${named}${more}`;
  return condition(type, false, 'SessionsDown', message, now, previous);
}
