// Golden files: every `__golden__/<case>.yaml` (FRRConfigurations, plus any Secrets they need) is run
// through the pipeline for node-a with passwords shown, and must render without any problem to exactly
// `__golden__/<case>.frr`. `vitest -u` rewrites the .frr files; review the diff by eye. The .frr files are
// also loaded into a real FRR by a separate tier, so they must stay valid FRR.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GOLDEN_DIR as DIR,
  GOLDEN_OPTIONS as OPTIONS,
  goldenCases,
  goldenSnapshot,
} from '../../io/__fixtures__/golden-cases.ts';
import { runPipeline } from '../pipeline.ts';
import { formatProblem } from '../problems.ts';

/** Warnings a case is expected to raise, by case. */
const WARNINGS: Record<string, string[]> = {
  timers: ['KEEPALIVE_CLAMPED'],
};

const files = readdirSync(DIR);
const cases = goldenCases();

describe('golden files', () => {
  it('every input has its golden output and every golden output its input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const outputs = files.filter((f) => f.endsWith('.frr')).map((f) => f.slice(0, -'.frr'.length));
    expect(outputs.sort()).toEqual([...cases].sort());
    for (const name of Object.keys(OPTIONS)) expect(cases).toContain(name);
  });

  it.each(cases)('%s', async (name) => {
    const snapshot = goldenSnapshot(name);
    const { configurations } = snapshot;
    expect(configurations.length).toBeGreaterThan(0);
    const result = runPipeline(snapshot);
    // Goldens are clean, except for warnings a case exists to show (FRR capping a keepalive).
    const codes = result.problems.map((p) => `${p.severity} ${p.code}`);
    expect(codes, result.problems.map(formatProblem).join('\n')).toEqual(
      (WARNINGS[name] ?? []).map((w) => `warning ${w}`),
    );
    expect(result.outcomes.map((o) => o.outcome)).toEqual(configurations.map(() => 'Applied'));
    await expect(result.text).toMatchFileSnapshot(join(DIR, `${name}.frr`));
  });
});
