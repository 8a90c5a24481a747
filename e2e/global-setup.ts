import { sweepStaleRuns } from './env/runstate.ts';

/**
 * Before any e2e file runs: remove what an earlier, killed run left behind (its processes, network
 * namespaces and temp dirs), so ports, names and CPU are free. Live runs of other processes are
 * left alone.
 */
export default function setup(): void {
  const swept = sweepStaleRuns();
  if (swept.runs.length > 0 || swept.netns.length > 0) {
    console.log(
      `e2e: cleaned up after an interrupted earlier run (runs: ${swept.runs.join(' ') || '-'}; namespaces: ${swept.netns.join(' ') || '-'})`,
    );
  }
}
