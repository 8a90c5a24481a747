// The session lines of one neighbor inside `router bgp`, in FRR's running-config order.
import type { Neighbor, Router } from '../ir.ts';
import { DEFAULTS } from '../ir.ts';
import { effectiveKeepalive } from '../keepalive.ts';
import { isEbgp } from '../peering.ts';
import { line, type Line } from './lines.ts';

/** How FRR names the peer on its command lines: the address, or the interface for unnumbered peering. */
export const peerName = (n: Neighbor): string => n.id;

export function neighborLines(n: Neighbor, router: Router, options: { showPassword: boolean }): Line[] {
  const p = peerName(n);
  const ebgp = isEbgp(n.remoteAs.value, router.asn.value);
  const lines: Line[] = [];
  const remote = String(n.remoteAs.value);
  lines.push(
    n.interface
      ? line(`neighbor ${p} interface remote-as ${remote}`, n.remoteAs.sources)
      : line(`neighbor ${p} remote-as ${remote}`, n.remoteAs.sources),
  );
  if (n.localAsn)
    lines.push(line(`neighbor ${p} local-as ${n.localAsn.value} no-prepend replace-as`, n.localAsn.sources));
  if (n.port.value !== DEFAULTS.port) lines.push(line(`neighbor ${p} port ${n.port.value}`, n.port.sources));
  // FRR ignores ebgp-multihop on iBGP and unnumbered sessions, and stores it with the maximum TTL.
  if (n.ebgpMultiHop.value && !n.interface && ebgp) {
    lines.push(line(`neighbor ${p} ebgp-multihop 255`, n.ebgpMultiHop.sources));
  }
  // A directly connected IPv6 eBGP peer whose address is not on-link (e.g. a global address routed via
  // a link-local next hop) needs this to come up; upstream applies it to single-stack peers only.
  if (n.address?.family === 'ipv6' && !n.ebgpMultiHop.value && ebgp) {
    lines.push(line(`neighbor ${p} disable-connected-check`, n.sources));
  }
  if (n.password) {
    lines.push(
      line(
        `neighbor ${p} password ${options.showPassword ? n.password.value : '<retracted>'}`,
        n.password.sources,
      ),
    );
  }
  if (n.sourceAddress)
    lines.push(line(`neighbor ${p} update-source ${n.sourceAddress.value}`, n.sourceAddress.sources));
  // Both timers are written whenever either differs from FRR's default (upstream drops the line when
  // one of them equals its default, silently ignoring the other). FRR caps keepalive at a third of the
  // hold time and shows the capped value; writing that value keeps reloads free of spurious changes.
  const keepalive = effectiveKeepalive(n.keepaliveTime.value, n.holdTime.value);
  if (n.holdTime.value !== DEFAULTS.holdTime || keepalive !== DEFAULTS.keepaliveTime) {
    const sources = [...n.keepaliveTime.sources, ...n.holdTime.sources];
    lines.push(line(`neighbor ${p} timers ${keepalive} ${n.holdTime.value}`, sources));
  }
  if (n.connectTime.value !== DEFAULTS.connectTime) {
    lines.push(line(`neighbor ${p} timers connect ${n.connectTime.value}`, n.connectTime.sources));
  }
  if (n.gracefulRestart.value) lines.push(line(`neighbor ${p} graceful-restart`, n.gracefulRestart.sources));
  if (n.bfdProfile) {
    lines.push(
      line(`neighbor ${p} bfd`, n.bfdProfile.sources),
      line(`neighbor ${p} bfd profile ${n.bfdProfile.value}`, n.bfdProfile.sources),
    );
  }
  return lines;
}
