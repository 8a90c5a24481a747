// Warnings only an UPDATE can raise: what changing an object will do to running sessions. FRR applies
// a graceful-restart change to a neighbor only by resetting its session, so the user hears it first.
import type { FRRConfiguration } from '../../api/v1beta1/index.ts';
import { parseIp } from './net.ts';
import { problem, type Problem } from './problems.ts';
import { vrfOf } from './vrf.ts';

interface NeighborAt {
  /** The address as merging keys it (canonical, so a respelling is the same neighbor), or the interface. */
  peer: string;
  graceful: boolean;
  path: string;
}

function neighbors(obj: FRRConfiguration | undefined): Map<string, NeighborAt> {
  const out = new Map<string, NeighborAt>();
  (obj?.spec?.bgp?.routers ?? []).forEach((router, r) =>
    (router.neighbors ?? []).forEach((n, i) => {
      const peer =
        (n.address === undefined ? undefined : parseIp(n.address)?.text) ?? n.address ?? n.interface ?? '';
      out.set(`${vrfOf(router.vrf)}\u0000${peer}`, {
        peer,
        graceful: n.enableGracefulRestart === true,
        path: `spec.bgp.routers[${r}].neighbors[${i}].enableGracefulRestart`,
      });
    }),
  );
  return out;
}

/** A warning for each neighbor present before and after whose graceful restart setting changes. */
export function updateWarnings(previous: unknown, next: unknown): Problem[] {
  const before = neighbors(previous as FRRConfiguration | undefined);
  const meta = (next as FRRConfiguration | undefined)?.metadata;
  const ref = { kind: 'FRRConfiguration', namespace: meta?.namespace ?? '', name: meta?.name ?? '' };
  const out: Problem[] = [];
  for (const [key, now] of neighbors(next as FRRConfiguration | undefined)) {
    const was = before.get(key);
    if (!was || was.graceful === now.graceful) continue;
    out.push(
      problem(
        'GRACEFUL_RESTART_CHANGE',
        `graceful restart ${now.graceful ? 'enabled' : 'disabled'} for neighbor ${now.peer}: FRR resets the session to apply it`,
        { ...ref, path: now.path },
      ),
    );
  }
  return out;
}
