// The configuration the daemon would render for a lab node from one FRRConfiguration: the pure
// pipeline, called as the daemon calls it, for tests that drive FRR directly.
import { hostname } from 'node:os';
import { runPipeline } from '../../src/core/pipeline.ts';
import { DAEMON_NAMESPACE } from './api-env.ts';

/**
 * Rendered text for node `nodeName` (the lab's FRR shares the machine's hostname, and vtysh reports
 * it: any other value would be a change on every apply). Throws with the problems when nothing renders.
 */
export function renderForNode(nodeName: string, object: unknown): string {
  const result = runPipeline({
    namespace: DAEMON_NAMESPACE,
    node: { name: nodeName, labels: {} },
    hostname: hostname(),
    configurations: [object],
    secrets: new Map(),
    options: { alwaysBlock: [], logLevel: 'info', showPasswords: true },
  });
  if (result.text === undefined) throw new Error(`render failed: ${JSON.stringify(result.problems)}`);
  return result.text;
}
