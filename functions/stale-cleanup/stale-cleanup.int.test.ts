/**
 * A step whose process died (kill -9) stops beating: the heartbeat timeout (STEP_HEARTBEAT_SECONDS), not the
 * step's timeout, says when it is stale, and stale cleanup runs on STALE_CLEANUP_CRON.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { PipelineDefSchema } from '../../shared/contracts/pipeline-definition.js';
import { encodeEvent } from '../../shared/contracts/events.js';
import type { EventFunction } from '../../shared/events/factory.js';
import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { stepTopic } from '../../shared/pipelines/records.js';
import { cleanupStaleRuns } from '../../shared/pipelines/stale.js';
import { recordingBus, simulateDeadStep, triggerOneDay } from '../../shared/testing/pipelines.js';
import { TEST_ROOT_KEY } from '../../scripts/local/test-platform.js';
import { parseConfig } from '../../shared/config/config.js';
import { jobEntries } from '../registry.js';

const platforms: TestPlatform[] = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});
const start = async (...args: Parameters<typeof startTestPlatform>) => {
  const p = await startTestPlatform(...args);
  platforms.push(p);
  return p;
};

/** One step of `type` with the default 300 s timeout; no retries unless given. */
const pipeline = (type: string, retries = 0) =>
  PipelineDefSchema.parse({
    id: `test/stale/${type.replace(/-/g, '_')}`,
    description: 's',
    steps: [{ id: 'only', type, retries }],
  });

const statusOf = async (p: TestPlatform, runId: string) => {
  const db = await p.ctx.db();
  const { rows } = await db.query<{ run: string; step: string; attempts: number }>(
    `SELECT r.status AS run, s.status AS step, s.attempts FROM pipeline_runs r JOIN pipeline_steps s USING (run_id)
     WHERE r.run_id = $1`,
    [runId],
  );
  return rows[0]!;
};

describe('the heartbeat timeout (STEP_HEARTBEAT_SECONDS)', () => {
  it('makes a step silent for longer stale, well before its timeout; a step beating within it is left', async () => {
    const p = await start({ STEP_HEARTBEAT_SECONDS: '60' });
    const org = await p.onboard();
    const dead = await triggerOneDay(p, org.org_slug, pipeline('test-never'));
    const alive = await triggerOneDay(p, org.org_slug, pipeline('test-never'));
    await simulateDeadStep(p, dead, 90); // under the 300 s timeout plus the 120 s grace
    await simulateDeadStep(p, alive, 30);
    const report = await cleanupStaleRuns(p.ctx);
    expect(report).toEqual({ requeued: [], republished: [], failed: [`${dead}/only`] });
    expect(await statusOf(p, dead)).toMatchObject({ run: 'FAILED', step: 'FAILED' });
    expect(await statusOf(p, alive)).toMatchObject({ run: 'RUNNING', step: 'RUNNING' });
  });

  it('lets a redelivery take over a step silent for longer (its process died)', async () => {
    const noop = createStepFunction('test-noop', {
      config: z.object({}),
      execute: async () => ({ rows_written: 0 }),
    });
    const { bus, published: held } = recordingBus();
    const p = await start({ STEP_HEARTBEAT_SECONDS: '60' }, { bus });
    const org = await p.onboard();
    const runId = await triggerOneDay(p, org.org_slug, pipeline('test-noop', 2));
    const message = held.find((m) => m.topic === stepTopic('test-noop'))!;
    await simulateDeadStep(p, runId, 90);
    const again = encodeEvent(message.topic, message.payload, { messageId: 'm-2', publishTime: new Date() });
    await noop.handle(again, p.ctx);
    expect(await statusOf(p, runId)).toEqual({ run: 'COMPLETED', step: 'SUCCEEDED', attempts: 2 });
  });

  it('sets how often a running step beats: at least four times within it', async () => {
    let age: number | undefined;
    const slow: EventFunction = createStepFunction('test-slow', {
      config: z.object({}),
      execute: async ({ ctx, step }) => {
        await new Promise((r) => setTimeout(r, 1_600));
        const db = await ctx.db();
        const { rows } = await db.query<{ age: number }>(
          'SELECT EXTRACT(EPOCH FROM (now() - heartbeat_at))::float8 AS age FROM pipeline_steps WHERE run_id = $1',
          [step.run_id],
        );
        age = rows[0]!.age;
        return { rows_written: 0 };
      },
    });
    const p = await start(
      { STEP_HEARTBEAT_SECONDS: '2' },
      { extraSubscriptions: [{ topic: stepTopic('test-slow'), fn: slow }] },
    );
    const org = await p.onboard();
    const runId = await triggerOneDay(p, org.org_slug, pipeline('test-slow'));
    await p.bus.drain();
    expect(await statusOf(p, runId)).toMatchObject({ run: 'COMPLETED' });
    expect(age).toBeLessThan(0.8);
  });
});

describe('the stale cleanup schedule (STALE_CLEANUP_CRON)', () => {
  it('is the local cron of the stale-cleanup job and what the admin jobs report shows', async () => {
    const p = await start({ STALE_CLEANUP_CRON: '*/3 * * * *' });
    const local = await p.scheduler.status();
    expect(local.find((j) => j.name === 'stale-cleanup')?.schedule).toBe('*/3 * * * *');
    const res = await p.request('/api/v1/admin/jobs', { headers: { 'x-ca-root-key': TEST_ROOT_KEY } });
    const { items } = (await res.json()) as { items: { name: string; schedule: string }[] };
    expect(items.find((j) => j.name === 'stale-cleanup')?.schedule).toBe('*/3 * * * *');
  });

  it("defaults to the registry's schedule (every 2 minutes: a dead step is failed or retried within minutes)", () => {
    const entry = jobEntries.find((j) => j.name === 'stale-cleanup')!;
    expect(entry.schedule).toBe(parseConfig({}).STALE_CLEANUP_CRON);
    expect(entry.schedule).toBe('*/2 * * * *');
  });

  it('is refused at start when it is not a cron expression, naming the setting', async () => {
    await expect(start({ STALE_CLEANUP_CRON: 'every minute' })).rejects.toThrow(/STALE_CLEANUP_CRON/);
  });
});
