// iBGP or eBGP, decided in one place: validation warns from it (localASN, ebgp-multihop) and the
// renderer writes the eBGP-only lines from it, so the two never disagree on what a session is.
import type { RemoteAs } from './ir.ts';

/** A session is eBGP when the peer is in another AS than the router, or declared `external`. */
export const isEbgp = (remoteAs: RemoteAs, routerAsn: number): boolean =>
  typeof remoteAs === 'number' ? remoteAs !== routerAsn : remoteAs === 'external';
