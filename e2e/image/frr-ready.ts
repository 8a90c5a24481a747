// FRR in the image's FRR container is ready when every daemon the startup `daemons` file asks for
// answers vtysh. `show version` alone is not enough: zebra answers it while bgpd is still starting,
// and configuration sent then reaches zebra only.
import { waitFor } from '../env/index.ts';
import type { ImagePod } from './pod.ts';

/** FRR 10 always runs mgmtd, zebra and staticd; the startup ConfigMap adds bgpd and bfdd. */
export const FRR10_DAEMONS = ['mgmtd', 'zebra', 'bgpd', 'staticd', 'bfdd'];

/** Waits until `show daemons` lists all of FRR10_DAEMONS; returns what it listed. */
export async function waitForFrr(pod: ImagePod, timeoutMs = 60_000): Promise<string[]> {
  return waitFor(
    'every FRR daemon to answer vtysh',
    async () => {
      const r = await pod.exec('frr', ['vtysh', '-c', 'show daemons']);
      const running = r.stdout.trim().split(/\s+/);
      return FRR10_DAEMONS.every((d) => running.includes(d)) ? running : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\nFRR container log:\n${pod.log('frr')}`);
  });
}
