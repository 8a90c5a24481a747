import { describe, expect, it } from 'vitest';
import { problem } from './problems.ts';
import { redact } from './redact.ts';
import { conversionResult, nodeStatus, type NodeObservation } from './status.ts';

const conflict = problem(
  'ROUTER_ASN_CONFLICT',
  'AS number of the router in VRF default: 1 conflicts with 2',
  { namespace: 'ns', name: 'a', path: 'spec.bgp.routers[0].asn' },
  { namespace: 'ns', name: 'b', path: 'spec.bgp.routers[0].asn' },
);

const base: NodeObservation = {
  problems: [],
  outcomes: [
    { namespace: 'ns', name: 'b', outcome: 'Applied' },
    { namespace: 'ns', name: 'a', outcome: 'Applied' },
  ],
  reload: { ok: true },
  runningConfig: 'router bgp 1\n neighbor 192.0.2.1 password hunter22\n',
  secrets: ['hunter22'],
  now: '2026-11-23T09:00:00Z',
};

describe('redact', () => {
  it('retracts `password <x>` and any known secret value', () => {
    expect(redact('neighbor 1.2.3.4 password s3cr3t!x')).toBe('neighbor 1.2.3.4 password <retracted>');
    expect(redact('line 3: % bad value hunter22 here', ['hunter22'])).toBe(
      'line 3: % bad value <retracted> here',
    );
    expect(redact('abcdefgh', ['abcd', 'abcdefgh'])).toBe('<retracted>');
  });
});

describe('conversionResult', () => {
  it('is "success" without errors, and names every error with both objects otherwise', () => {
    expect(conversionResult([])).toBe('success');
    expect(
      conversionResult([problem('DISABLE_MP_DEPRECATED', 'x', { namespace: 'ns', name: 'a', path: 'p' })]),
    ).toBe('success');
    expect(conversionResult([conflict])).toBe(
      'failed: ROUTER_ASN_CONFLICT ns/a spec.bgp.routers[0].asn and ns/b spec.bgp.routers[0].asn: AS number of the router in VRF default: 1 conflicts with 2',
    );
  });
});

describe('nodeStatus', () => {
  it('keeps the upstream fields, redacts passwords, sorts outcomes, and is Ready when valid and reloaded', () => {
    const s = nodeStatus(base);
    expect(s.lastConversionResult).toBe('success');
    expect(s.lastReloadResult).toBe('success');
    expect(s.runningConfig).toBe('router bgp 1\n neighbor 192.0.2.1 password <retracted>\n');
    expect(s.configurations?.map((c) => c.name)).toEqual(['a', 'b']);
    expect(s.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['ConfigValid', 'True'],
      ['Reloaded', 'True'],
      ['Ready', 'True'],
    ]);
  });

  it('a conflict makes the node not Ready and keeps the previous running config', () => {
    const first = nodeStatus(base);
    const s = nodeStatus({
      ...base,
      problems: [conflict],
      runningConfig: undefined,
      previous: first,
      now: '2026-11-23T09:05:00Z',
    });
    expect(s.lastConversionResult).toMatch(/^failed: ROUTER_ASN_CONFLICT ns\/a .* and ns\/b /);
    expect(s.runningConfig).toBe(first.runningConfig);
    const ready = s.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'LastGoodConfigurationRunning',
      lastTransitionTime: '2026-11-23T09:05:00Z',
    });
    // Reloaded did not change, so its transition time stays.
    expect(s.conditions?.find((c) => c.type === 'Reloaded')?.lastTransitionTime).toBe('2026-11-23T09:00:00Z');
  });

  it('a refused reload is reported redacted', () => {
    const s = nodeStatus({
      ...base,
      reload: { ok: false, error: 'line 7: % Unknown command: neighbor x password hunter22' },
    });
    expect(s.lastReloadResult).toBe('line 7: % Unknown command: neighbor x password <retracted>');
    expect(s.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('BFD waiting for a session keeps the node Ready and says which session it waits for', () => {
    const s = nodeStatus({
      ...base,
      reload: { ok: true, waitingBfd: ['192.0.2.1', '192.0.2.9 in VRF red'] },
    });
    const ready = s.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'Running' });
    expect(ready?.message).toBe(
      'the desired configuration is running in FRR, but BFD on 192.0.2.1, 192.0.2.9 in VRF red waits for the BGP session to be established',
    );
    expect(s.lastReloadResult).toBe('success');
    expect(nodeStatus(base).conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      'the desired configuration is running in FRR',
    );
  });
});

describe('BGPSessionsEstablished', () => {
  const sessionsCondition = (o: Partial<NodeObservation>) =>
    nodeStatus({ ...base, ...o }).conditions?.find((c) => c.type === 'BGPSessionsEstablished');

  it('is absent until FRR was read', () => {
    expect(sessionsCondition({})).toBeUndefined();
    expect(nodeStatus(base).sessions).toBeUndefined();
  });

  it('is True when every session is up, and counts them', () => {
    const status = nodeStatus({ ...base, sessions: { total: 2, down: [] } });
    expect(status.sessions).toEqual({ total: 2, established: 2 });
    expect(status.conditions?.find((c) => c.type === 'BGPSessionsEstablished')).toMatchObject({
      status: 'True',
      reason: 'AllEstablished',
    });
    expect(sessionsCondition({ sessions: { total: 0, down: [] } })).toMatchObject({
      status: 'True',
      reason: 'NoSessions',
    });
  });

  it('names the sessions that are down and since when, and keeps its transition time', () => {
    const down = { name: '192.0.2.1', state: 'Active', since: '2026-11-23T08:59:00Z' };
    const first = nodeStatus({ ...base, sessions: { total: 2, down: [down] } });
    expect(first.sessions).toEqual({ total: 2, established: 1 });
    expect(first.conditions?.find((c) => c.type === 'BGPSessionsEstablished')).toEqual({
      type: 'BGPSessionsEstablished',
      status: 'False',
      reason: 'SessionsDown',
      message: '1 of 2 BGP sessions not established: 192.0.2.1 Active since 2026-11-23T08:59:00Z',
      lastTransitionTime: '2026-11-23T09:00:00Z',
    });
    const later = nodeStatus({
      ...base,
      now: '2026-11-23T09:05:00Z',
      previous: first,
      sessions: { total: 2, down: [{ ...down, state: 'Connect' }] },
    });
    expect(later.conditions?.find((c) => c.type === 'BGPSessionsEstablished')?.lastTransitionTime).toBe(
      '2026-11-23T09:00:00Z',
    );
  });

  it('is False when FRR cannot be read, saying why', () => {
    expect(
      sessionsCondition({ sessions: { total: 1, down: [], unreadable: 'bgpd is not running' } }),
    ).toMatchObject({
      status: 'False',
      reason: 'FRRNotAnswering',
      message: "cannot read FRR's sessions: bgpd is not running",
    });
  });
});
