import type { TestProject } from 'vitest/node';
import { Run, sweepStaleRuns } from './env/runstate.ts';

/**
 * Before any e2e file runs: remove what an earlier, killed run left behind (its processes, network
 * namespaces and temp dirs), so ports, names and CPU are free. Live runs of other processes are
 * left alone. Then open this run's session directory (a run of its own, so the next sweep removes
 * it if this one is killed): what the files share across processes, such as the image archive the
 * first image test chose (e2e/image/shared-image.ts).
 */
export default function setup(project: TestProject): () => void {
  const swept = sweepStaleRuns();
  if (swept.runs.length > 0 || swept.netns.length > 0) {
    console.log(
      `e2e: cleaned up after an interrupted earlier run (runs: ${swept.runs.join(' ') || '-'}; namespaces: ${swept.netns.join(' ') || '-'})`,
    );
  }
  const session = Run.create();
  project.provide('e2eSessionDir', session.dir);
  return () => session.close();
}
