import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const ci =
  (process.env['CI'] ?? '') !== '' && !['0', 'false'].includes((process.env['CI'] ?? '').toLowerCase());

// The cluster tier (`npm run test:cluster`): real kubelets and containerd per node. Its own config
// because one cluster takes a minute to start and the whole machine to run: files one at a time,
// long hooks, and the same no-skips rule in CI as the e2e tier.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['e2e/cluster/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
    teardownTimeout: 120_000,
    globalSetup: ['e2e/global-setup.ts'],
    reporters: ci ? ['default', './e2e/ci-no-skips-reporter.ts'] : ['default'],
    allowOnly: !ci,
  },
});
