/** A step's outcome is recorded even when recording it fails once: the redelivery records it, not the dead letter. */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { PipelineDefSchema } from '../contracts/pipeline-definition.js';
import { permanent } from '../errors/index.js';
import type { EventFunction } from '../events/factory.js';
import { stepTopic } from './records.js';
import { createStepFunction } from './step-function.js';
import { runOneDay } from '../testing/pipelines.js';

const platforms: TestPlatform[] = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

/** Makes the first `INSERT INTO <table>` of the platform's database fail (a sequence: not undone by rollback). */
async function failFirstInsert(p: TestPlatform, table: string) {
  const db = await p.ctx.db();
  await db.query('CREATE SEQUENCE injected_failures');
  await db.query(`CREATE FUNCTION fail_first_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('injected_failures') = 1 THEN RAISE EXCEPTION 'injected: the database is unavailable'; END IF;
      RETURN NEW;
    END $$`);
  await db.query(
    `CREATE TRIGGER fail_first_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_first_insert()`,
  );
}

/** Runs a one-step pipeline of `fn` (its `config` and `retries`) with the first dead letter's insert failing. */
async function runFailingRecord(fn: EventFunction, step: { config?: object; retries?: number } = {}) {
  const p = await startTestPlatform({}, { extraSubscriptions: [{ topic: stepTopic(fn.name), fn }] });
  platforms.push(p);
  const org = await p.onboard();
  await failFirstInsert(p, 'dead_letters');
  const pipeline = PipelineDefSchema.parse({
    id: 'test/engine/outcome',
    description: 'a step failing for good',
    steps: [{ id: 'extract', type: fn.name, timeout: 30, ...step }],
  });
  const runId = await runOneDay(p, org.org_slug, pipeline);
  const db = await p.ctx.db();
  const { rows } = await db.query<{ status: string; error: string }>(
    'SELECT status, error FROM pipeline_runs WHERE run_id = $1',
    [runId],
  );
  return rows[0];
}

describe('step outcome when recording the failure fails once', () => {
  it('a permanent failure is recorded by the redelivery, with its own error', async () => {
    let attempts = 0;
    const bad = createStepFunction('test-bad-file', {
      config: z.object({}),
      execute: async () => {
        attempts += 1;
        throw permanent('billing file example.csv: BilledCost is not a decimal');
      },
    });
    expect(await runFailingRecord(bad)).toEqual({
      status: 'FAILED',
      error: 'Step extract failed: billing file example.csv: BilledCost is not a decimal',
    });
    // The redelivery ran the step again (its first delivery had ended).
    expect(attempts).toBe(2);
  });

  it('exhausted retries are recorded by the redelivery, with the step’s error', async () => {
    const flaky = createStepFunction('test-flaky', {
      config: z.object({}),
      execute: async () => {
        throw new Error('connection reset by the provider');
      },
    });
    const run = await runFailingRecord(flaky, { retries: 0 });
    expect(run!.status).toBe('FAILED');
    expect(run!.error).toMatch(
      /^Step extract failed: Retries exhausted after \d attempts: connection reset by the provider$/,
    );
  });

  it('an invalid config is recorded by the redelivery, with its own error', async () => {
    const strict = createStepFunction('test-strict', {
      config: z.object({ table: z.string() }),
      execute: async () => ({ rows_written: 0 }),
    });
    const run = await runFailingRecord(strict, { config: { table: 7 } });
    expect(run!.status).toBe('FAILED');
    expect(run!.error).toMatch(/^Step extract failed: Invalid config for step type test-strict: /);
  });
});
