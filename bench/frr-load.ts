// Times how long real FRR daemons take to load a configuration: fresh daemons in a network namespace,
// then `vtysh -f` (the cheapest load path, the same for every shape measured). Refused lines fail the run.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topology } from '../e2e/env/index.ts';

export interface LoadResult {
  seconds: number;
  lines: number;
}

export async function timeLoad(config: string, label: string): Promise<LoadResult> {
  const topo = await Topology.create({ nodes: ['node-a'] });
  try {
    const frr = topo.nodes[0]!.frr;
    const file = join(frr.paths.base, `${label}.conf`);
    writeFileSync(file, config);
    const started = performance.now();
    const load = spawnSync('vtysh', ['--vty_socket', frr.paths.run, '-f', file], {
      encoding: 'utf8',
      timeout: 3_600_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    const refused = `${load.stdout}\n${load.stderr}`.split('\n').filter((l) => /^\s*line \d+:/.test(l));
    if (load.status !== 0 || refused.length > 0) {
      throw new Error(`${label}: FRR refused the configuration:\n${refused.slice(0, 5).join('\n')}`);
    }
    return { seconds, lines: config.split('\n').length - 1 };
  } finally {
    await topo.destroy();
  }
}
