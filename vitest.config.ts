import { defineConfig } from 'vitest/config';

// Two tiers, both on the embedded adapters (PGlite, DuckDB) and both run by `npm test`:
// - unit: a module, a factory or an adapter in process (`x.test.ts` beside the code);
// - int: the whole platform in process (`x.int.test.ts`): gateway, functions, bus, PGlite and DuckDB.
// `npm run test:unit` / `npm run test:int` run one tier. CI (.ci/run) runs the int tier and the database
// adapter's tests again against a real PostgreSQL server (TEST_DATABASE_URL). Browser suites are separate.
const common = {
  exclude: ['**/*.browser.test.ts', 'node_modules/**', 'dist/**', 'web/**'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};
const roots = ['functions', 'shared', 'scripts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...common,
          name: 'unit',
          include: roots.map((r) => `${r}/**/*.test.ts`),
          exclude: [...common.exclude, '**/*.int.test.ts'],
        },
      },
      {
        test: { ...common, name: 'int', include: roots.map((r) => `${r}/**/*.int.test.ts`) },
      },
    ],
  },
});
