import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const ci =
  (process.env['CI'] ?? '') !== '' && !['0', 'false'].includes((process.env['CI'] ?? '').toLowerCase());

// API-server and end-to-end tiers: real kube-apiserver/etcd and real FRR in network namespaces.
// Files run one at a time (they start servers and namespaces, and the machine has 2 cores), with
// timeouts sized for a loaded CI machine rather than a laptop.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['e2e/**/*.test.ts'],
    // The cluster tier has its own config and script (npm run test:cluster).
    exclude: ['e2e/cluster/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    globalSetup: ['e2e/global-setup.ts'],
    // In CI a skipped test is a failure: a tier must never pass by not running.
    reporters: ci ? ['default', './e2e/ci-no-skips-reporter.ts'] : ['default'],
    allowOnly: !ci,
  },
});
