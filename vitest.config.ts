import { defineConfig } from 'vitest/config';

// Two tiers, both on the embedded adapters (PGlite, DuckDB) and both run by `npm test`:
// - unit: a module, a factory or an adapter in process (`x.test.ts` beside the code), the web app's pure logic
//   (`web/src/**/x.test.ts`) included, in Node (no DOM: components are tested in the real browser);
// - int: the whole platform in process (`x.int.test.ts`): gateway, functions, bus, PGlite and DuckDB.
// `npm run test:unit` / `npm run test:int` run one tier. CI (.ci/run) runs the int tier and the database
// adapter's tests again against a real PostgreSQL server (TEST_DATABASE_URL).
// Two more projects, which `npm test` leaves out and CI (.ci/run) runs:
// - spawn (`npm run test:spawn`): the suites that run the repo's commands as separate processes, `npm start`
//   (scripts/start.int.test.ts) and the bundle build (scripts/build.int.test.ts), each a fresh tsx/esbuild
//   compile of the whole tree; CI runs them on Node 20 against Postgres and on Node 24;
// - e2e (`web/e2e/*.e2e.test.ts`, `npm run test:e2e`) drives Chromium against a real `npm start`.
const common = {
  exclude: ['**/*.browser.test.ts', 'node_modules/**', 'dist/**', 'web/dist/**', 'web/e2e/**'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};
const roots = ['functions', 'shared', 'scripts', 'web/src'];
const spawned = ['scripts/start.int.test.ts', 'scripts/build.int.test.ts'];
// Vitest's default on a 2-core machine is one worker, and a fork per file spent more time starting and importing
// than testing. Unit files share their workers' module cache (no module keeps state between files; fake timers
// and env stubs are restored by each file); int files keep a fresh fork each (each starts a platform) and two
// run at once, as they wait on the bus and on I/O. Against the one shared Postgres server (TEST_DATABASE_URL,
// `.ci/run`'s second stage) too: each platform has a schema of its own, and the database-wide advisory locks
// (migrations, per-org hierarchy writes) only make one file wait for the other.
const workers = process.env.TEST_WORKERS ? Number(process.env.TEST_WORKERS) : 2;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...common,
          name: 'unit',
          environment: 'node',
          isolate: false,
          maxWorkers: workers,
          include: roots.map((r) => `${r}/**/*.test.ts`),
          exclude: [...common.exclude, '**/*.int.test.ts'],
        },
      },
      {
        test: {
          ...common,
          name: 'int',
          include: roots.map((r) => `${r}/**/*.int.test.ts`),
          exclude: [...common.exclude, ...spawned],
          maxWorkers: workers,
        },
      },
      {
        test: {
          ...common,
          name: 'spawn',
          include: spawned,
          maxWorkers: workers,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['web/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          // One browser and one platform at a time: the files run one after another in one fork.
          pool: 'forks',
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
