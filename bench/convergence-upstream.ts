// The baseline for the change → router chart: the same one-prefix additions, rendered in upstream's
// shape (upstream-shape.ts: a prefix-list entry per prefix per neighbor) and applied as upstream's
// reloader does (`frr-reload.py --test`, then `--reload`), timed from the start of the reload to the
// router's RIB. Upstream's API path and its debounce (3 s by default) come on top and are not counted,
// so this favours upstream. The first load uses `vtysh -f` (frr-reload.py from empty is quadratic:
// 23 minutes at 10,000 in the reference measurements).
import type { KubernetesObject } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Topology, waitFor, type LabHost } from '../e2e/env/index.ts';
import { runPipeline } from '../src/core/pipeline.ts';
import type { Rib } from '../src/frr/frr-json.ts';
import { ReloadScript } from '../src/frr/reload-script.ts';
import { renderUpstreamShape } from './upstream-shape.ts';

function upstreamText(object: KubernetesObject): string {
  const result = runPipeline({
    namespace: 'frr-k8s-system',
    node: { name: 'node-a', labels: {} },
    hostname: hostname(),
    configurations: [object],
    secrets: new Map(),
    options: { alwaysBlock: [], logLevel: 'info', showPasswords: true },
  });
  if (!result.config) throw new Error(`pipeline failed: ${JSON.stringify(result.problems)}`);
  return renderUpstreamShape(result.config, hostname());
}

/**
 * True when the router's RIB holds `prefix` from BGP, selected. Asks for that one route: reading the
 * whole table (10,000 routes) took longer than the change it was timing.
 */
export async function onRouter(router: LabHost, prefix: string): Promise<boolean> {
  const rib = JSON.parse(await router.frr.vtysh(`show ip route ${prefix} json`)) as Rib;
  return (rib[prefix] ?? []).some((e) => e.protocol === 'bgp' && e.selected);
}

/** Milliseconds from each reload's start to the added prefix in the router's RIB. */
export async function upstreamShapedChanges(
  base: string[],
  extras: string[],
  object: (prefixes: string[]) => KubernetesObject,
): Promise<number[]> {
  const topo = await Topology.create({ nodes: ['node-a'] });
  try {
    const frr = topo.nodes[0]!.frr;
    const script = new ReloadScript({
      script: '/usr/lib/frr/frr-reload.py',
      vtysh: '/usr/bin/vtysh',
      vtySocketDir: frr.paths.run,
      configDir: frr.paths.etc,
      workDir: frr.paths.base,
      timeoutMs: 3_600_000,
    });
    const first = join(frr.paths.base, 'upstream-base.conf');
    writeFileSync(first, upstreamText(object(base)));
    spawnSync('vtysh', ['--vty_socket', frr.paths.run, '-f', first], { timeout: 3_600_000 });
    await waitFor(
      'the upstream-shaped base on the router',
      () => onRouter(topo.router, base[base.length - 1]!),
      {
        timeoutMs: 600_000,
      },
    );
    const samples: number[] = [];
    for (const extra of extras) {
      const file = join(frr.paths.base, 'upstream.conf');
      writeFileSync(file, upstreamText(object([...base, extra])));
      const started = performance.now();
      const test = await script.test(file);
      if (!test.ok)
        throw new Error(`frr-reload.py --test refused the upstream shape: ${test.error.join('\n')}`);
      const reload = await script.reload(file);
      if (!reload.ok) throw new Error(`frr-reload.py --reload failed: ${reload.error.join('\n')}`);
      await waitFor(`${extra} on the router (upstream shape)`, () => onRouter(topo.router, extra), {
        timeoutMs: 120_000,
        intervalMs: 20,
      });
      samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    await topo.destroy();
  }
}
