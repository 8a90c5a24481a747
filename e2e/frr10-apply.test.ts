// The daemon's batch apply against FRR 10.3, the image's FRR (started as the DaemonSet starts it): the
// difference frr-reload.py --test prints is parsed, ordered and written as the daemon does
// (src/frr/diff.ts), given to `vtysh -f`, and judged by the daemon's refusal reader. 10.3 prints `exit`
// lines that 8.4 did not; kept and reordered, they reached the top level and vtysh stopped reading the
// file with "early exit from config file", which the daemon counted as a refusal and retried forever.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrder, parseTestOutput, toVtyshFile } from '../src/frr/diff.ts';
import { vtyshRefusals } from '../src/frr/refusals.ts';
import { REPO_ROOT } from './env/index.ts';
import {
  frrPodFixture,
  frrReloadTest,
  IMAGE_SETUP_TIMEOUT_MS,
  STARTUP_DIR,
  type FrrPodFixture,
} from './image/fixture.ts';
import { waitForFrr } from './image/frr-ready.ts';
import { imageGate } from './image/gate.ts';

const gate = imageGate('FRR 10 batch apply');

/** A golden rendering without the nht lines 10.3 hides (the 10.x rendering leaves them out). */
function base(): string {
  return readFileSync(join(REPO_ROOT, 'src/core/render/__golden__/session-basics.frr'), 'utf8')
    .split('\n')
    .filter((l) => !l.includes('nht resolve-via-default'))
    .join('\n');
}

/** `base` with two new route-maps and a prefix that uses one: policy and users, reordered on apply. */
function withOnePrefix(text: string): string {
  const next = text
    .replace(
      '  network 198.51.100.0/24 route-map frrk8s-tag-3370835408\n',
      '  network 198.51.100.0/24 route-map frrk8s-tag-3370835408\n' +
        '  network 203.0.113.128/25 route-map frrk8s-tag-7\n',
    )
    .replace(
      '!\nrouter bgp',
      'route-map frrk8s-tag-7 permit 1\n set tag 7\nexit\n' +
        'route-map frrk8s-tag-8 permit 1\n set tag 8\nexit\n!\nrouter bgp',
    );
  if (next === text) throw new Error('session-basics.frr changed: the edit no longer applies');
  return next;
}

describe.skipIf(gate.skip)('batched apply on FRR 10.3 (the image)', () => {
  let lab: FrrPodFixture | undefined;

  beforeAll(async () => {
    gate.assertReady();
    lab = await frrPodFixture();
  }, IMAGE_SETUP_TIMEOUT_MS);

  afterAll(() => {
    lab?.close();
  });

  it('a difference with new policy and a prefix that uses it is applied with no refusal', async () => {
    const before = base();
    const pod = lab!.pod({ 'before.conf': before, 'after.conf': withOnePrefix(before) });
    const difference = (): Promise<string> =>
      frrReloadTest(pod, `${STARTUP_DIR}/after.conf`).then((r) => {
        if (r.code !== 0) throw new Error(`frr-reload.py --test exited ${r.code}: ${r.stderr}`);
        return r.stdout;
      });
    try {
      pod.start('frr');
      await waitForFrr(pod);
      const load = await pod.exec('frr', ['vtysh', '-f', `${STARTUP_DIR}/before.conf`]);
      expect(vtyshRefusals(load.stdout, load.stderr), 'refused in the starting configuration').toEqual([]);

      const diff = parseTestOutput(await difference());
      expect(diff.changes.length, 'changes frr-reload.py found').toBe(5);
      // The ConfigMap's volume is a host directory: the batch goes where the container can read it.
      const plan = toVtyshFile(applyOrder(diff));
      writeFileSync(join(pod.volume('frr-startup'), 'difference.conf'), plan.text, {
        mode: 0o644,
      });
      const apply = await pod.exec('frr', ['vtysh', '-f', `${STARTUP_DIR}/difference.conf`]);

      expect(vtyshRefusals(apply.stdout, apply.stderr), 'refused in the batch').toEqual([]);
      expect(apply.code, `vtysh -f: ${apply.stderr}`).toBe(0);
      expect(parseTestOutput(await difference()).changes, 'left after the batch').toEqual([]);
    } finally {
      await pod.stop('frr').catch(() => undefined);
      await pod.destroy();
    }
  }, 120_000);
});
