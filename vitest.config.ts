import { defineConfig } from 'vitest/config';

// `npm test` runs the fast tier (embedded adapters only). Slower tiers are named *.int.test.ts / *.e2e.test.ts
// and are included here too; the Postgres suites additionally run when DATABASE_URL is set (see .ci/run).
export default defineConfig({
  test: {
    include: ['functions/**/*.test.ts', 'shared/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/*.browser.test.ts', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
