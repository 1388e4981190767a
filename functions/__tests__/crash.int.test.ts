import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestPlatform } from '../../scripts/local/test-platform.js';
import { stepTopic } from '../../shared/pipelines/records.js';
import { cleanupStaleRuns } from '../../shared/pipelines/stale.js';
import { CRASH_ROWS, rewriteStep } from './fixtures/crash-step.js';

/** Runs the worker until it prints `REWRITE_STARTED`, waits, then kills it with SIGKILL mid-transaction. */
async function runAndKill(dataDir: string) {
  // `node --import tsx`, not the tsx binary: the kill must reach the process that holds the files.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'functions/__tests__/fixtures/crash-worker.ts', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('REWRITE_STARTED')) setTimeout(() => child.kill('SIGKILL'), 1500);
    });
    child.once('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`worker exited ${code}: ${out}\n${err}`)),
    );
  });
  const runId = /NEW_TRIGGERED (\S+)/.exec(out)![1]!;
  return { runId };
}

// The embedded files are the thing under test (the worker and this process share the data dir); on a
// Postgres server each test platform has its own schema, so the scenario is embedded-only.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('a process killed in the middle of a step', () => {
  it('leaves the slice fully old, and the run completes after redelivery by stale-cleanup', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cloudact-crash-'));
    try {
      const { runId } = await runAndKill(dataDir);
      const p = await startTestPlatform(
        { STALE_GRACE_SECONDS: '0', LOG_LEVEL: 'error' },
        { dataDir, extraSubscriptions: [{ topic: stepTopic('test-rewrite'), fn: rewriteStep(false) }] },
      );
      try {
        const wh = await p.ctx.warehouse();
        const slice = () =>
          wh.query<{ service_name: string; n: number }>(
            `SELECT service_name, count(*) AS n FROM ${wh.table('crash_org_test', 'sample_costs_raw_daily')}
             WHERE x_pipeline_id = 'test/crash/rewrite' GROUP BY service_name`,
          );
        expect(await slice()).toEqual([{ service_name: 'old', n: CRASH_ROWS }]);
        const db = await p.ctx.db();
        const step = await db.query<{ status: string; attempts: number }>(
          'SELECT status, attempts FROM pipeline_steps WHERE run_id = $1',
          [runId],
        );
        expect(step.rows[0]).toEqual({ status: 'RUNNING', attempts: 1 });

        // Time passes: the dead worker's heartbeat ages past the step's timeout.
        await db.query(
          "UPDATE pipeline_steps SET heartbeat_at = now() - interval '1 hour' WHERE run_id = $1",
          [runId],
        );
        const report = await cleanupStaleRuns(p.ctx);
        expect(report.requeued).toEqual([`${runId}/write`]);
        await p.bus.drain();
        const run = await db.query<{ status: string }>('SELECT status FROM pipeline_runs WHERE run_id = $1', [
          runId,
        ]);
        expect(run.rows[0]!.status).toBe('COMPLETED');
        expect(await slice()).toEqual([{ service_name: 'new', n: CRASH_ROWS }]);
      } finally {
        await p.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
