import { defineConfig } from 'vitest/config';

// Unit tier: pure and fast, needs neither Kubernetes nor FRR.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'api/**/*.test.ts', 'hack/**/*.test.ts'],
    environment: 'node',
  },
});
