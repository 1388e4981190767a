/** A step's outcome is recorded even when recording it fails once: the redelivery records it, not the dead letter. */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { PipelineDefSchema } from '../contracts/pipeline-definition.js';
import { permanent } from '../errors/index.js';
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

describe('step outcome', () => {
  it('a permanent failure whose recording fails once is recorded by the redelivery, with its own error', async () => {
    let attempts = 0;
    const bad = createStepFunction('test-bad-file', {
      config: z.object({}),
      execute: async () => {
        attempts += 1;
        throw permanent('billing file example.csv: BilledCost is not a decimal');
      },
    });
    const p = await startTestPlatform({}, { extraSubscriptions: [{ topic: stepTopic(bad.name), fn: bad }] });
    platforms.push(p);
    const org = await p.onboard();
    await failFirstInsert(p, 'dead_letters');
    const pipeline = PipelineDefSchema.parse({
      id: 'test/engine/outcome',
      description: 'a step failing for good',
      steps: [{ id: 'extract', type: bad.name, timeout: 30 }],
    });
    const runId = await runOneDay(p, org.org_slug, pipeline);
    const db = await p.ctx.db();
    const { rows } = await db.query<{ status: string; error: string }>(
      'SELECT status, error FROM pipeline_runs WHERE run_id = $1',
      [runId],
    );
    expect(rows[0]).toEqual({
      status: 'FAILED',
      error: 'Step extract failed: billing file example.csv: BilledCost is not a decimal',
    });
    // The redelivery took the step over and ran it again (its first delivery had ended).
    expect(attempts).toBe(2);
  });
});
