// What real FRR pays to load our rendering of MetalLB-shaped input, against a baseline rendered in
// upstream's shape from the same merged model, measured in the same run on the same machine — on the
// machine's FRR 8.4 and, when asked, on the image's FRR 10.3 (run chrooted from the unpacked image).
import { tierGate } from '../e2e/env/index.ts';
import { imageGate } from '../e2e/image/gate.ts';
import { sharedImage } from '../e2e/image/shared-image.ts';
import { FRR_8_4, formatFrrVersion, type FrrVersion } from '../src/core/frr-version.ts';
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
   * FRR 10.3 loads 10 peers × 1,000 in seconds, so there the cap can be raised.
   */
  baselineUpTo: number;
  /** The FRR releases to load into, each with every case: 8.4 (the machine's) and 10.3 (the image's). */
  frr: FrrVersion[];
}

/** The FRR releases the lab can run: the machine's, and the container image's. */
export const BENCH_FRR_VERSIONS = ['8.4', '10.3'] as const;

/** The root filesystem whose FRR is `version` (undefined: the machine's), or why it cannot run here. */
async function frrRootfs(version: FrrVersion): Promise<{ rootfs?: string } | { missing: string }> {
  const name = formatFrrVersion(version);
  if (name === formatFrrVersion(FRR_8_4)) return {};
  if (name !== '10.3') return { missing: `FRR ${name} (the lab runs ${BENCH_FRR_VERSIONS.join(', ')})` };
  const gate = imageGate('bench on FRR 10.3');
  try {
    gate.assertReady();
  } catch (err) {
    return { missing: (err as Error).message };
  }
  return { rootfs: (await sharedImage()).rootfs };
}

/** Returns false, with the reason on stderr, when FRR cannot be run here (needs root and FRR). */
export async function runFrrSuite({
  peers,
  services: counts,
  layouts,
  baselineUpTo,
  frr: versions,
}: FrrSuiteOptions): Promise<boolean> {
  const gate = tierGate('frr');
  if (gate.skip) {
    console.error(`bench needs FRR in network namespaces, as root; missing: ${gate.missing.join(', ')}`);
    return false;
  }
  for (const version of versions) {
    const lab = await frrRootfs(version);
    if ('missing' in lab) {
      console.error(`bench cannot run FRR ${formatFrrVersion(version)}: ${lab.missing}`);
      return false;
    }
    await runOneFrr(version, lab.rootfs, peers, counts, layouts, baselineUpTo);
  }
  return true;
}

/** Every case on one FRR release, printed as one table. */
async function runOneFrr(
  version: FrrVersion,
  rootfs: string | undefined,
  peers: number,
  counts: number[],
  layouts: Layout[],
  baselineUpTo: number,
): Promise<void> {
  const frrName = formatFrrVersion(version);
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
        // Rendered for the release that loads it, as the daemon renders for the FRR it finds.
        options: { alwaysBlock: [], logLevel: 'info', frrVersion: version },
      });
      const pipelineMs = performance.now() - started;
      if (!result.text || !result.config)
        throw new Error(`pipeline failed: ${JSON.stringify(result.problems)}`);
      const label = `FRR ${frrName} ${services} ${layout}`;
      const file = `${frrName}-${services}-${layout}`;
      console.log(`${label}: loading our rendering (${result.text.split('\n').length} lines) …`);
      const ours = await timeLoad(result.text, `ours-${file}`, rootfs);
      const row = [`${services} ${layout}`, String(ours.lines), ours.seconds.toFixed(2)];
      if (services <= baselineUpTo) {
        const baselineText = renderUpstreamShape(result.config, node.name);
        console.log(
          `${label}: loading the upstream-shaped baseline (${baselineText.split('\n').length} lines) …`,
        );
        const baseline = await timeLoad(baselineText, `upstream-${file}`, rootfs);
        row.push(
          String(baseline.lines),
          baseline.seconds.toFixed(2),
          `${(baseline.seconds / ours.seconds).toFixed(1)}×`,
        );
      } else {
        row.push('-', `not run (> ${baselineUpTo} services: --baseline-up-to)`, '-');
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
  console.log(`\nMetalLB-shaped: ${peers} peers × N service /32s in two pools (FRR ${frrName} via vtysh -f)`);
  console.log(header.join(' | '));
  for (const r of rows) console.log(r.join(' | '));
}
