// Golden files: every `__golden__/<case>.yaml` (FRRConfigurations, plus any Secrets they need) is run
// through the pipeline for node-a with passwords shown, and must render without any problem to exactly
// `__golden__/<case>.frr`. `vitest -u` rewrites the .frr files; review the diff by eye. The .frr files are
// also loaded into a real FRR by a separate tier, so they must stay valid FRR.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { LogLevel } from '../../../api/v1beta1/frrk8sconfiguration.ts';
import { decodeSecret } from '../../io/secrets.ts';
import { NODE_A, NS } from '../__fixtures__/frr.ts';
import { runPipeline } from '../pipeline.ts';
import { formatProblem } from '../problems.ts';
import type { SecretInfo } from '../validate/context.ts';

const DIR = join(import.meta.dirname, '__golden__');

/** Options that differ from the defaults (no always-block, log level info), by case. */
const OPTIONS: Record<string, { alwaysBlock?: string[]; logLevel?: LogLevel }> = {
  'always-block': { alwaysBlock: ['10.96.0.0/12', 'fd00:10:96::/112'] },
  'log-level-debug': { logLevel: 'debug' },
};

/** Warnings a case is expected to raise, by case. */
const WARNINGS: Record<string, string[]> = {
  timers: ['KEEPALIVE_CLAMPED'],
};

const files = readdirSync(DIR);
const cases = files.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));

function load(name: string): { configurations: unknown[]; secrets: Map<string, SecretInfo> } {
  const docs = parseAllDocuments(readFileSync(join(DIR, `${name}.yaml`), 'utf8')).map(
    (d) => d.toJS() as { kind?: string } | null,
  );
  const secrets = new Map<string, SecretInfo>();
  for (const doc of docs.filter((d) => d?.kind === 'Secret')) {
    const secret = decodeSecret(doc as Parameters<typeof decodeSecret>[0], NS);
    secrets.set(secret.name, secret);
  }
  return { configurations: docs.filter((d) => d?.kind === 'FRRConfiguration'), secrets };
}

describe('golden files', () => {
  it('every input has its golden output and every golden output its input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const outputs = files.filter((f) => f.endsWith('.frr')).map((f) => f.slice(0, -'.frr'.length));
    expect(outputs.sort()).toEqual([...cases].sort());
    for (const name of Object.keys(OPTIONS)) expect(cases).toContain(name);
  });

  it.each(cases)('%s', async (name) => {
    const { configurations, secrets } = load(name);
    expect(configurations.length).toBeGreaterThan(0);
    const result = runPipeline({
      namespace: NS,
      node: NODE_A,
      configurations,
      secrets,
      options: {
        alwaysBlock: OPTIONS[name]?.alwaysBlock ?? [],
        logLevel: OPTIONS[name]?.logLevel ?? 'info',
        showPasswords: true,
      },
    });
    // Goldens are clean, except for warnings a case exists to show (FRR capping a keepalive).
    const codes = result.problems.map((p) => `${p.severity} ${p.code}`);
    expect(codes, result.problems.map(formatProblem).join('\n')).toEqual(
      (WARNINGS[name] ?? []).map((w) => `warning ${w}`),
    );
    expect(result.outcomes.map((o) => o.outcome)).toEqual(configurations.map(() => 'Applied'));
    await expect(result.text).toMatchFileSnapshot(join(DIR, `${name}.frr`));
  });
});
