// Every golden rendering is loaded into real FRR 8.4 daemons. FRR must refuse none of its lines, and
// afterwards the running configuration must contain every line as written, so the next reload of the
// same text changes nothing. Two broken files prove the check can fail.
import { readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, Topology, tierGate } from './env/index.ts';
import { checkInFrr } from './env/frr-check.ts';

const gate = tierGate('frr');
const GOLDEN_DIR = join(REPO_ROOT, 'src/core/render/__golden__');
const goldens = readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.frr'))
  .sort();

describe.skipIf(gate.skip)('golden renderings load into real FRR', () => {
  let topo: Topology | undefined;

  afterEach(async () => {
    await topo?.destroy();
    topo = undefined;
  });

  async function freshNode() {
    gate.assertReady();
    topo = await Topology.create({ nodes: ['node-a'] });
    return topo.nodes[0]!.frr;
  }

  it('there are goldens to check', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(20);
  });

  it.each(goldens)('%s: accepted, and running as written', async (file) => {
    const frr = await freshNode();
    // vtysh reports the machine's hostname, which the daemon renders; goldens are rendered for node-a.
    const text = readFileSync(join(GOLDEN_DIR, file), 'utf8').replace(
      /^hostname .*$/m,
      `hostname ${hostname()}`,
    );
    const result = checkInFrr(frr, text, file);
    expect(result.refused, 'lines FRR refused').toEqual([]);
    expect(result.notRunning, 'lines missing from the running configuration').toEqual([]);
  });

  it('a syntax error is caught', async () => {
    const frr = await freshNode();
    const result = checkInFrr(frr, readFileSync(join(REPO_ROOT, 'e2e/fixtures/broken-syntax.frr'), 'utf8'));
    expect(result.refused.join('\n')).toContain('no-such-option');
  });

  it('a line only bgpd refuses (vtysh accepts its syntax) is caught', async () => {
    const frr = await freshNode();
    const result = checkInFrr(
      frr,
      readFileSync(join(REPO_ROOT, 'e2e/fixtures/broken-refused-by-bgpd.frr'), 'utf8'),
    );
    expect([...result.refused, ...result.notRunning].join('\n')).toContain('peer-group not-defined');
  });
});
