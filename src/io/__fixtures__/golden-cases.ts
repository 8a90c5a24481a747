// The golden cases: every `src/core/render/__golden__/<case>.yaml` (FRRConfigurations, plus any Secrets
// they need) as the pipeline's input for node-a with passwords shown. The unit tier compares the result
// with `<case>.frr` (rendered for FRR 8.4); the FRR 10 tier renders the same inputs for 10.3 and loads
// them, so there is one set of inputs and no second set of hand-kept outputs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { LogLevel } from '../../../api/v1beta1/frrk8sconfiguration.ts';
import { NODE_A, NS } from '../../core/__fixtures__/frr.ts';
import type { FrrVersion } from '../../core/frr-version.ts';
import type { ClusterSnapshot } from '../../core/pipeline.ts';
import type { SecretInfo } from '../../core/validate/context.ts';
import { decodeSecret } from '../secrets.ts';

export const GOLDEN_DIR = join(import.meta.dirname, '../../core/render/__golden__');

/** Options that differ from the defaults (no always-block, log level info), by case. */
export const GOLDEN_OPTIONS: Record<string, { alwaysBlock?: string[]; logLevel?: LogLevel }> = {
  'always-block': { alwaysBlock: ['10.96.0.0/12', 'fd00:10:96::/112'] },
  'log-level-debug': { logLevel: 'debug' },
};

export const goldenCases = (): string[] =>
  readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();

/** The case's input; rendered for FRR 8.4 unless `frrVersion` says otherwise. */
export function goldenSnapshot(name: string, frrVersion?: FrrVersion): ClusterSnapshot {
  const docs = parseAllDocuments(readFileSync(join(GOLDEN_DIR, `${name}.yaml`), 'utf8')).map(
    (d) => d.toJS() as { kind?: string } | null,
  );
  const secrets = new Map<string, SecretInfo>();
  for (const doc of docs.filter((d) => d?.kind === 'Secret')) {
    const secret = decodeSecret(doc as Parameters<typeof decodeSecret>[0], NS);
    secrets.set(secret.name, secret);
  }
  return {
    namespace: NS,
    node: NODE_A,
    configurations: docs.filter((d) => d?.kind === 'FRRConfiguration'),
    secrets,
    options: {
      alwaysBlock: GOLDEN_OPTIONS[name]?.alwaysBlock ?? [],
      logLevel: GOLDEN_OPTIONS[name]?.logLevel ?? 'info',
      showPasswords: true,
      ...(frrVersion ? { frrVersion } : {}),
    },
  };
}
