// What real FRR pays to load our rendering of MetalLB-shaped input, against a baseline rendered in
// upstream's shape from the same merged model, measured in the same run on the same machine.
import { tierGate } from '../e2e/env/index.ts';
import { runPipeline } from '../src/core/pipeline.ts';
import { timeLoad } from './frr-load.ts';
import { metallbObject, type Layout } from './metallb-input.ts';
import { renderUpstreamShape } from './upstream-shape.ts';

export interface FrrSuiteOptions {
  peers: number;
  /** Service counts, each measured in every layout. */
  services: number[];
  layouts: Layout[];
  /**
   * The largest service count the upstream-shaped baseline is loaded for: its load is quadratic in FRR
   * 8.4 (10 peers × 1,000 already take minutes; 1 peer × 10,000 took 23 minutes in the reference runs).
   */
  baselineUpTo: number;
}

/** Returns false, with the reason on stderr, when FRR cannot be run here (needs root and FRR). */
export async function runFrrSuite({
  peers,
  services: counts,
  layouts,
  baselineUpTo,
}: FrrSuiteOptions): Promise<boolean> {
  const gate = tierGate('frr');
  if (gate.skip) {
    console.error(`bench needs FRR in network namespaces, as root; missing: ${gate.missing.join(', ')}`);
    return false;
  }
  const node = { name: 'node-a', labels: { 'kubernetes.io/hostname': 'node-a' } };
  const rows: string[][] = [];
  for (const services of counts) {
    for (const layout of layouts) {
      const started = performance.now();
      const result = runPipeline({
        namespace: 'frr-k8s-system',
        node,
        configurations: [metallbObject(peers, services, layout)],
        secrets: new Map(),
        options: { alwaysBlock: [], logLevel: 'info' },
      });
      const pipelineMs = performance.now() - started;
      if (!result.text || !result.config)
        throw new Error(`pipeline failed: ${JSON.stringify(result.problems)}`);
      const label = `${services} ${layout}`;
      console.log(`${label}: loading our rendering (${result.text.split('\n').length} lines) …`);
      const ours = await timeLoad(result.text, `ours-${services}-${layout}`);
      const row = [label, String(ours.lines), ours.seconds.toFixed(2)];
      if (services <= baselineUpTo) {
        const baselineText = renderUpstreamShape(result.config, node.name);
        console.log(
          `${label}: loading the upstream-shaped baseline (${baselineText.split('\n').length} lines) …`,
        );
        const baseline = await timeLoad(baselineText, `upstream-${services}-${layout}`);
        row.push(
          String(baseline.lines),
          baseline.seconds.toFixed(2),
          `${(baseline.seconds / ours.seconds).toFixed(1)}×`,
        );
      } else {
        row.push('-', `not run (> ${baselineUpTo} services: quadratic)`, '-');
      }
      rows.push([...row, pipelineMs.toFixed(0)]);
    }
  }
  const header = [
    'input',
    'our lines',
    'our load s',
    'baseline lines',
    'baseline load s',
    'speed-up',
    'pipeline ms',
  ];
  console.log(`\nMetalLB-shaped: ${peers} peers × N service /32s in two pools (FRR ${'8.4'} via vtysh -f)`);
  console.log(header.join(' | '));
  for (const r of rows) console.log(r.join(' | '));
  return true;
}
