// Every golden case rendered for FRR 10.3 (the same inputs as the 8.4 goldens, with the FRR version the
// daemon would detect) and loaded into FRR 10.3 — the image's FRR, started as the DaemonSet starts it
// (runc, the startup ConfigMap, hostname node-a as on the node the goldens are rendered for) — with
// the same check as e2e/frr-golden.test.ts on Debian bookworm's 8.4: FRR refuses none of the lines,
// and afterwards frr-reload.py finds none of them missing from the running configuration.
//
// The one line 10.3 stores differently: its `traditional` profile resolves next hops via the default
// route already and shows nothing for `ip/ipv6 nht resolve-via-default`, so the 10.x rendering leaves
// them out. The last two tests hold both halves of that: the behaviour is still on without them, and
// 10.3 still hides them when written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../src/core/pipeline.ts';
import { goldenCases, goldenSnapshot } from '../src/io/__fixtures__/golden-cases.ts';
import { REPO_ROOT } from './env/index.ts';
import { leafLines, linesToAdd, refusedLines } from './env/frr-check.ts';
import {
  frrPodFixture,
  frrReloadTest,
  IMAGE_SETUP_TIMEOUT_MS,
  STARTUP_DIR,
  type FrrPodFixture,
} from './image/fixture.ts';
import { waitForFrr } from './image/frr-ready.ts';
import { imageGate } from './image/gate.ts';

const gate = imageGate('FRR 10 goldens');
const FRR_10_3 = { major: 10, minor: 3 };
const goldens = goldenCases();
const NHT_LINES = ['ip nht resolve-via-default', 'ipv6 nht resolve-via-default'];

/** The case rendered as the daemon renders it for FRR 10.3. */
function renderFor10(name: string): string {
  const result = runPipeline(goldenSnapshot(name, FRR_10_3));
  if (result.text === undefined) throw new Error(`${name} does not render`);
  return result.text;
}

interface Check {
  refused: string[];
  notRunning: string[];
  /** The output of each of `ask`'s commands, run after the load. */
  answers: string[];
}

describe.skipIf(gate.skip)('golden renderings on FRR 10.3 (the image)', () => {
  let lab: FrrPodFixture | undefined;

  beforeAll(async () => {
    gate.assertReady();
    lab = await frrPodFixture();
  }, IMAGE_SETUP_TIMEOUT_MS);

  afterAll(() => {
    lab?.close();
  });

  /** Starts fresh FRR 10.3 daemons, loads `text` with vtysh -f, and asks frr-reload.py what is missing. */
  async function checkInFrr10(text: string, ask: readonly string[] = []): Promise<Check> {
    const pod = lab!.pod({ 'candidate.conf': text });
    try {
      pod.start('frr');
      await waitForFrr(pod);
      const apply = await pod.exec('frr', ['vtysh', '-f', `${STARTUP_DIR}/candidate.conf`]);
      const refused = refusedLines(`${apply.stdout}\n${apply.stderr}`);
      if (apply.code !== 0 && refused.length === 0)
        refused.push(`vtysh exited ${apply.code}: ${apply.stderr.trim()}`);
      const test = await frrReloadTest(pod, `${STARTUP_DIR}/candidate.conf`);
      if (test.code !== 0)
        refused.push(
          `frr-reload.py --test exited ${test.code}: ${test.stderr.trim().split('\n').pop() ?? ''}`,
        );
      const answers: string[] = [];
      for (const command of ask) answers.push((await pod.exec('frr', ['vtysh', '-c', command])).stdout);
      return { refused, notRunning: leafLines(linesToAdd(test.stdout)), answers };
    } finally {
      await pod.stop('frr').catch(() => undefined);
      await pod.destroy();
    }
  }

  it('there are goldens to check', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(20);
  });

  it.each(goldens)('%s: accepted, and running as written', async (name) => {
    const result = await checkInFrr10(renderFor10(name));
    expect(result.refused, 'lines FRR 10.3 refused').toEqual([]);
    expect(result.notRunning, 'lines missing from the running configuration').toEqual([]);
  });

  it('a syntax error is caught', async () => {
    const result = await checkInFrr10(
      readFileSync(join(REPO_ROOT, 'e2e/fixtures/broken-syntax.frr'), 'utf8'),
    );
    expect(result.refused.join('\n')).toContain('no-such-option');
  });

  it('a line only bgpd refuses (vtysh accepts its syntax) is caught', async () => {
    const result = await checkInFrr10(
      readFileSync(join(REPO_ROOT, 'e2e/fixtures/broken-refused-by-bgpd.frr'), 'utf8'),
    );
    expect([...result.refused, ...result.notRunning].join('\n')).toContain('peer-group not-defined');
  });

  it('without the nht lines, FRR 10.3 still resolves next hops via the default route (v4 and v6)', async () => {
    const text = renderFor10('kitchen-sink');
    for (const l of NHT_LINES) expect(text).not.toContain(l);
    const result = await checkInFrr10(text, ['show ip nht', 'show ipv6 nht']);
    expect(result.answers.map((a) => /Resolve via default: (\w+)/.exec(a)?.[1])).toEqual(['on', 'on']);
  });

  it('FRR 10.3 still takes the nht lines and hides them (why the 10.x rendering leaves them out)', async () => {
    const result = await checkInFrr10(`frr defaults traditional\n${NHT_LINES.join('\n')}\n`);
    expect(result.refused).toEqual([]);
    expect(result.notRunning.map((l) => l.trim()).sort()).toEqual([...NHT_LINES].sort());
  });
});
