// Times how long real FRR daemons take to load a configuration: fresh daemons in a network namespace,
// then `vtysh -f` (the cheapest load path, the same for every shape measured). Refused lines fail the run.
// Given a root filesystem (the image's), that FRR runs instead of the machine's, and its own vtysh loads.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topology } from '../e2e/env/index.ts';

export interface LoadResult {
  seconds: number;
  lines: number;
}

export async function timeLoad(config: string, label: string, rootfs?: string): Promise<LoadResult> {
  const topo = await Topology.create({
    nodes: ['node-a'],
    ...(rootfs === undefined ? {} : { nodeRootfs: rootfs }),
  });
  try {
    const frr = topo.nodes[0]!.frr;
    const file = join(frr.paths.base, `${label}.conf`);
    writeFileSync(file, config);
    // The instance's own command: for FRR 10.3 it enters the chroot (a few ms, paid by every shape alike).
    const vtysh = frr.command('vtysh', ['--vty_socket', frr.paths.run, '-f', file]);
    const started = performance.now();
    const load = spawnSync(vtysh.cmd, vtysh.args, {
      encoding: 'utf8',
      timeout: 3_600_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    const refused = `${load.stdout}\n${load.stderr}`.split('\n').filter((l) => /^\s*line \d+:/.test(l));
    if (load.status !== 0 || refused.length > 0) {
      const why = refused.length > 0 ? refused.slice(0, 5).join('\n') : `${load.stderr}`.slice(0, 2000);
      throw new Error(`${label}: FRR refused the configuration (exit ${load.status}):\n${why}`);
    }
    return { seconds, lines: config.split('\n').length - 1 };
  } finally {
    await topo.destroy();
  }
}
