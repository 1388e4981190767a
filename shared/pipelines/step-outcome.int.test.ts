/** A step's outcome is recorded even when recording it fails once: the redelivery records it, not the dead letter. */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { PipelineDefSchema } from '../contracts/pipeline-definition.js';
import { permanent } from '../errors/index.js';
import type { EventFunction } from '../events/factory.js';
import { stepTopic } from './records.js';
import { createStepFunction } from './step-function.js';
import { recordingBus, runOneDay, simulateDeadStep, triggerOneDay } from '../testing/pipelines.js';
import { cleanupStaleRuns } from './stale.js';
import { failStep, heartbeat, releaseClaim, type ClaimedStep } from './step-state.js';
import { retryRun } from './trigger.js';

const platforms: TestPlatform[] = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

/**
 * Makes the first `INSERT INTO <table>` of the platform's database whose row meets `when` (SQL over NEW) fail (a
 * sequence: not undone by rollback).
 */
async function failFirstInsert(p: TestPlatform, table: string, when = 'TRUE') {
  const db = await p.ctx.db();
  await db.query('CREATE SEQUENCE injected_failures');
  await db.query(`CREATE FUNCTION fail_first_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF ${when} THEN
        IF nextval('injected_failures') = 1 THEN RAISE EXCEPTION 'injected: the database is unavailable'; END IF;
      END IF;
      RETURN NEW;
    END $$`);
  await db.query(
    `CREATE TRIGGER fail_first_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_first_insert()`,
  );
}

/** A platform (closed after the test) that runs steps of `fn` too, and an onboarded org. */
async function platformWith(fn: EventFunction) {
  const p = await startTestPlatform({}, { extraSubscriptions: [{ topic: stepTopic(fn.name), fn }] });
  platforms.push(p);
  return { p, org: await p.onboard() };
}

/** Runs a one-step pipeline of `fn` (its `config` and `retries`) with the first dead letter's insert failing. */
async function runFailingRecord(fn: EventFunction, step: { config?: object; retries?: number } = {}) {
  const { p, org } = await platformWith(fn);
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
    // The redelivery recorded the failure the first delivery left; it did not run the step again.
    expect(attempts).toBe(1);
  });

  it('exhausted retries are recorded by the redelivery, with the step’s error', async () => {
    let attempts = 0;
    const flaky = createStepFunction('test-flaky', {
      config: z.object({}),
      execute: async () => {
        attempts += 1;
        throw new Error('connection reset by the provider');
      },
    });
    const run = await runFailingRecord(flaky, { retries: 0 });
    expect(attempts).toBe(1);
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

describe('what a delivery leaves when the database fails it', () => {
  const onePipeline = (type: string) =>
    PipelineDefSchema.parse({
      id: `test/engine/${type.replace(/-/g, '_')}`,
      description: 'one step',
      // No retries: only the engine's handling, not a retry, can save the step.
      steps: [{ id: 'only', type, timeout: 30, retries: 0 }],
    });
  const statusOf = async (p: TestPlatform, runId: string) => {
    const db = await p.ctx.db();
    const { rows } = await db.query<{ run: string; error: string | null; step: string; attempts: number }>(
      `SELECT r.status AS run, r.error, s.status AS step, s.attempts
       FROM pipeline_runs r JOIN pipeline_steps s USING (run_id) WHERE r.run_id = $1`,
      [runId],
    );
    return rows[0]!;
  };

  it('a failure left unrecorded is recorded with its own error by the stale cleanup, not as a silent step', async () => {
    const { bus, published } = recordingBus();
    const p = await startTestPlatform({ STEP_HEARTBEAT_SECONDS: '60' }, { bus });
    platforms.push(p);
    const org = await p.onboard();
    const runId = await triggerOneDay(p, org.org_slug, onePipeline('test-never'));
    expect(published.length).toBe(1);
    // As a delivery leaves a step whose failure it could not record (releaseClaim with the error).
    await simulateDeadStep(p, runId, 0);
    const db = await p.ctx.db();
    const claimed = { run_id: runId, step_id: 'only', attempts: 1 } as ClaimedStep;
    await releaseClaim(db, claimed, 'billing file a.csv: row 3, column cost: not a decimal');
    // Just let go: left to the redelivery of its message.
    expect(await cleanupStaleRuns(p.ctx)).toEqual({ requeued: [], republished: [], failed: [] });
    // No redelivery came within the wait: the stale cleanup records the failure left.
    await db.query("UPDATE pipeline_steps SET released_at = now() - interval '1 hour' WHERE run_id = $1", [
      runId,
    ]);
    expect(await cleanupStaleRuns(p.ctx)).toEqual({
      requeued: [],
      republished: [],
      failed: [`${runId}/only`],
    });
    expect(await statusOf(p, runId)).toMatchObject({
      run: 'FAILED',
      error: 'Step only failed: billing file a.csv: row 3, column cost: not a decimal',
      step: 'FAILED',
    });
    // Recorded once: a second recording (the dead letter of its message) changes nothing.
    await failStep(db, { run_id: runId, org_slug: org.org_slug, step_id: 'only' }, 'Dead-lettered: x', {
      topic: 'dead-letter',
    });
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM dead_letters WHERE run_id = $1',
      [runId],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('a heartbeat queued before a claim was let go does not revive it', async () => {
    const { bus } = recordingBus();
    const p = await startTestPlatform({ STEP_HEARTBEAT_SECONDS: '60' }, { bus });
    platforms.push(p);
    const org = await p.onboard();
    const runId = await triggerOneDay(p, org.org_slug, onePipeline('test-never'));
    await simulateDeadStep(p, runId, 0);
    const db = await p.ctx.db();
    const claimed = { run_id: runId, step_id: 'only', attempts: 1 } as ClaimedStep;
    await releaseClaim(db, claimed);
    await heartbeat(db, claimed);
    const { rows } = await db.query<{ epoch: number; released: boolean }>(
      `SELECT EXTRACT(EPOCH FROM heartbeat_at)::float8 AS epoch, released_at IS NOT NULL AS released
       FROM pipeline_steps WHERE run_id = $1`,
      [runId],
    );
    expect(rows[0]).toEqual({ epoch: 0, released: true });
  });

  it('a failure recorded from what a delivery left does not come back when the run is retried', async () => {
    let attempts = 0;
    const bad = createStepFunction('test-bad-once', {
      config: z.object({}),
      execute: async () => {
        attempts += 1;
        if (attempts === 1) throw permanent('billing file example.csv: BilledCost is not a decimal');
        return { rows_written: 1 };
      },
    });
    const { p, org } = await platformWith(bad);
    await failFirstInsert(p, 'dead_letters');
    const runId = await runOneDay(p, org.org_slug, onePipeline(bad.name));
    expect((await statusOf(p, runId)).run).toBe('FAILED');
    await retryRun(p.ctx, org.org_slug, runId);
    await p.bus.drain();
    expect(await statusOf(p, runId)).toMatchObject({ run: 'COMPLETED', step: 'SUCCEEDED' });
    expect(attempts).toBe(2);
  });

  it('a failed publish of the next steps does not fail a step that succeeded', async () => {
    const ok = createStepFunction('test-ok-then', {
      config: z.object({}),
      execute: async () => ({ rows_written: 1 }),
    });
    const { p, org } = await platformWith(ok);
    const pipeline = PipelineDefSchema.parse({
      id: 'test/engine/publish_fails',
      description: 'two steps',
      steps: [
        { id: 'first', type: ok.name, timeout: 30, retries: 0 },
        { id: 'second', type: ok.name, timeout: 30, depends_on: ['first'] },
      ],
    });
    const publish = p.bus.publish.bind(p.bus);
    let refused = 0;
    p.bus.publish = async (topic, payload, attrs) => {
      if ((payload as { step_id?: string }).step_id === 'second' && refused++ === 0)
        throw new Error('Pub/Sub unavailable');
      return publish(topic, payload, attrs);
    };
    const runId = await runOneDay(p, org.org_slug, pipeline);
    const db = await p.ctx.db();
    const { rows } = await db.query<{ step_id: string; status: string }>(
      'SELECT step_id, status FROM pipeline_steps WHERE run_id = $1 ORDER BY step_id',
      [runId],
    );
    // The first step stays SUCCEEDED and the run is not failed; the second waits QUEUED for the stale cleanup.
    expect(refused).toBe(1);
    expect(rows).toEqual([
      { step_id: 'first', status: 'SUCCEEDED' },
      { step_id: 'second', status: 'QUEUED' },
    ]);
    expect((await statusOf(p, runId)).run).toBe('RUNNING');
  });

  it('a failed completion lets the redelivery run the step again at once', async () => {
    let runs = 0;
    const ok = createStepFunction('test-complete-fails', {
      config: z.object({}),
      execute: async () => ((runs += 1), { rows_written: 1 }),
    });
    const { p, org } = await platformWith(ok);
    // The first completion's transition record fails (the step is SUCCEEDED in the same transaction).
    await failFirstInsert(p, 'pipeline_state_transitions', "NEW.to_status = 'SUCCEEDED'");
    const runId = await runOneDay(p, org.org_slug, onePipeline(ok.name));
    expect(await statusOf(p, runId)).toMatchObject({ run: 'COMPLETED', step: 'SUCCEEDED', attempts: 2 });
    expect(runs).toBe(2);
  });
});
