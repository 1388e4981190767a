import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { createStepFunction } from '../../shared/pipelines/step-function.js';
import type { EventFunction } from '../../shared/events/factory.js';
import { stepTopic } from '../../shared/pipelines/records.js';
import { recordingBus, simulateDeadStep, runOneDay, triggerOneDay } from '../../shared/testing/pipelines.js';
import { PipelineDefSchema, type PipelineDef } from '../../shared/contracts/pipeline-definition.js';
import { cleanupStaleRuns } from '../../shared/pipelines/stale.js';
import { encodeEvent } from '../../shared/contracts/events.js';
import { permanent, transient } from '../../shared/errors/index.js';

const platforms: TestPlatform[] = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});
const start = async (...args: Parameters<typeof startTestPlatform>) => {
  const p = await startTestPlatform(...args);
  platforms.push(p);
  return p;
};

async function runDetail(p: TestPlatform, org: { org_slug: string; api_key: string }, runId: string) {
  const res = await p.request(`/api/v1/pipelines/${org.org_slug}/runs/${runId}`, {
    headers: { 'x-api-key': org.api_key },
  });
  return (await res.json()) as {
    status: string;
    error: string | null;
    steps: {
      step_id: string;
      status: string;
      attempts: number;
      rows_written: number | null;
      error: string | null;
    }[];
  };
}

async function runSample(p: TestPlatform, org: { org_slug: string; api_key: string }) {
  const res = await p.request(`/api/v1/pipelines/run/${org.org_slug}/sample/demo/costs`, {
    method: 'POST',
    headers: { 'x-api-key': org.api_key },
    json: { start_date: '2026-10-01', end_date: '2026-10-03' },
  });
  expect(res.status).toBe(202);
  const { run_id } = (await res.json()) as { run_id: string };
  await p.bus.drain();
  return run_id;
}

/** Warehouse content of the org without the per-run columns (run id, ingestion time), sorted. */
async function content(p: TestPlatform, orgSlug: string) {
  const wh = await p.ctx.warehouse();
  const ds = `${orgSlug}_test`;
  const focus = await wh.query(
    `SELECT BilledCost, EffectiveCost, ChargePeriodStart, ServiceName, SkuId, x_pipeline_run_date FROM ${wh.table(ds, 'cost_data_standard_1_3')} ORDER BY ALL`,
  );
  const raw = await wh.query(
    `SELECT usage_date, flow, sku_id, cost FROM ${wh.table(ds, 'sample_costs_raw_daily')} ORDER BY ALL`,
  );
  return { focus, raw };
}

const shape = (d: Awaited<ReturnType<typeof runDetail>>) => ({
  status: d.status,
  error: d.error,
  steps: d.steps.map(({ step_id, status, attempts, rows_written, error }) => ({
    step_id,
    status,
    attempts,
    rows_written,
    error,
  })),
});

describe('fan-out / fan-in over the bus', () => {
  it('gives the same warehouse content and run record when every message is delivered twice, out of order', async () => {
    const slug = `dup_${Date.now().toString(36)}`;
    const clean = await start();
    const cleanOrg = await clean.onboard({ org_slug: slug });
    const cleanRun = await runDetail(clean, cleanOrg, await runSample(clean, cleanOrg));
    expect(shape(cleanRun).status).toBe('COMPLETED');
    expect(cleanRun.steps.map((s) => [s.step_id, s.status, s.attempts])).toEqual([
      ['allocate', 'SUCCEEDED', 1],
      ['cloud', 'SUCCEEDED', 1],
      ['focus', 'SUCCEEDED', 1],
      ['genai', 'SUCCEEDED', 1],
      ['reconcile', 'SUCCEEDED', 1],
    ]);

    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const chaos = await start({ BUS_MIN_BACKOFF_MS: '2' }, { chaos: { maxDelayMs: 40, random } });
    const chaosOrg = await chaos.onboard({ org_slug: slug });
    const chaosRun = await runDetail(chaos, chaosOrg, await runSample(chaos, chaosOrg));

    expect(shape(chaosRun)).toEqual(shape(cleanRun));
    const a = await content(clean, slug);
    expect(a.focus.length).toBe(48);
    expect(await content(chaos, slug)).toEqual(a);
  });

  it('re-running the same dates replaces the slice instead of adding to it', async () => {
    const p = await start();
    const org = await p.onboard();
    await runSample(p, org);
    const first = await content(p, org.org_slug);
    await runSample(p, org);
    expect(await content(p, org.org_slug)).toEqual(first);
  });
});

/** A one- or two-step pipeline over a test step type. */
const testPipeline = (type: string, retries = 3): PipelineDef =>
  PipelineDefSchema.parse({
    id: 'test/engine/faults',
    description: 'fault injection',
    steps: [
      { id: 'work', type, retries, timeout: 30 },
      { id: 'after', type: 'test-noop', depends_on: ['work'] },
    ],
  });

const noop = createStepFunction('test-noop', {
  config: z.object({}),
  execute: async () => ({ rows_written: 0 }),
});

/** A platform where the given test step types (and test-noop) run. */
const withSteps = (...fns: EventFunction[]) =>
  start({}, { extraSubscriptions: [noop, ...fns].map((fn) => ({ topic: stepTopic(fn.name), fn })) });

describe('failures', () => {
  it('a step that fails transiently twice, then succeeds, completes the run', async () => {
    let calls = 0;
    const flaky = createStepFunction('test-flaky', {
      config: z.object({}),
      execute: async () => {
        calls += 1;
        if (calls <= 2) throw transient(`flaky ${calls}`);
        return { rows_written: 5 };
      },
    });
    const p = await withSteps(flaky);
    const org = await p.onboard();
    const run_id = await runOneDay(p, org.org_slug, testPipeline('test-flaky'));
    const run = await runDetail(p, org, run_id);
    expect(run.status).toBe('COMPLETED');
    expect(run.steps.find((s) => s.step_id === 'work')).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 3,
      rows_written: 5,
    });
    expect(calls).toBe(3);
  });

  it.each([
    ['permanent error', 3, () => permanent('bad input file'), 1],
    ['transient error past its retries', 2, () => transient('provider 503'), 3],
  ])(
    'a step that always fails (%s) fails the run with its error and is dead-lettered',
    async (_, retries, error, attempts) => {
      const broken = createStepFunction('test-broken', {
        config: z.object({}),
        execute: async () => {
          throw error();
        },
      });
      const p = await withSteps(broken);
      const org = await p.onboard();
      const run_id = await runOneDay(p, org.org_slug, testPipeline('test-broken', retries));
      const run = await runDetail(p, org, run_id);
      expect(run.status).toBe('FAILED');
      expect(run.error).toContain(error().message);
      expect(run.steps).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ step_id: 'work', status: 'FAILED', attempts }),
          expect.objectContaining({ step_id: 'after', status: 'SKIPPED', attempts: 0 }),
        ]),
      );
      const dl = await (
        await p.ctx.db()
      ).query<{ step_id: string; error: string }>(
        'SELECT step_id, error FROM dead_letters WHERE run_id = $1',
        [run_id],
      );
      expect(dl.rows).toEqual([
        expect.objectContaining({ step_id: 'work', error: expect.stringContaining(error().message) }),
      ]);
      // The concurrency slot is free again: the run no longer counts as active.
      const active = await (
        await p.ctx.db()
      ).query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pipeline_runs WHERE org_slug = $1 AND status IN ('PENDING','RUNNING')",
        [org.org_slug],
      );
      expect(active.rows[0]!.n).toBe(0);
    },
  );

  it('retry re-runs only what failed', async () => {
    let fail = true;
    const once = createStepFunction('test-once', {
      config: z.object({}),
      execute: async () => {
        if (fail) throw permanent('first time');
        return { rows_written: 1 };
      },
    });
    const p = await withSteps(once);
    const org = await p.onboard();
    const pipeline = PipelineDefSchema.parse({
      id: 'test/engine/retry',
      description: 'retry',
      steps: [
        { id: 'a', type: 'test-noop' },
        { id: 'b', type: 'test-once', depends_on: ['a'] },
        { id: 'c', type: 'test-noop', depends_on: ['b'] },
      ],
    });
    const run_id = await runOneDay(p, org.org_slug, pipeline);
    expect((await runDetail(p, org, run_id)).status).toBe('FAILED');
    fail = false;
    const res = await p.request(`/api/v1/pipelines/${org.org_slug}/runs/${run_id}/retry`, {
      method: 'POST',
      headers: { 'x-api-key': org.api_key },
    });
    expect(res.status).toBe(202);
    await p.bus.drain();
    const run = await runDetail(p, org, run_id);
    expect(run.status).toBe('COMPLETED');
    expect(run.steps.map((s) => [s.step_id, s.attempts])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    const again = await p.request(`/api/v1/pipelines/${org.org_slug}/runs/${run_id}/retry`, {
      method: 'POST',
      headers: { 'x-api-key': org.api_key },
    });
    expect(again.status).toBe(409);
    const logs = await p.request(`/api/v1/pipelines/${org.org_slug}/runs/${run_id}/logs`, {
      headers: { 'x-api-key': org.api_key },
    });
    expect(logs.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await logs.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; to_status?: string });
    expect(lines.some((l) => l.kind === 'transition' && l.to_status === 'COMPLETED')).toBe(true);
  });

  it('stale-cleanup fails a run whose step stopped reporting with no attempts left, freeing its slot', async () => {
    const p = await start({ STALE_GRACE_SECONDS: '0' });
    const org = await p.onboard();
    const pipeline = PipelineDefSchema.parse({
      id: 'test/engine/stale',
      description: 's',
      steps: [{ id: 'only', type: 'test-never', retries: 0, timeout: 1 }],
    });
    const run_id = await triggerOneDay(p, org.org_slug, pipeline);
    const db = await p.ctx.db();
    // As a process that claimed the step and died: RUNNING, attempt 1, heartbeat long ago.
    await db.query(
      "UPDATE pipeline_steps SET status = 'RUNNING', attempts = 1, heartbeat_at = now() - interval '1 hour' WHERE run_id = $1",
      [run_id],
    );
    const report = await cleanupStaleRuns(p.ctx);
    expect(report.failed).toEqual([`${run_id}/only`]);
    const run = await runDetail(p, org, run_id);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/stopped reporting/);
  });

  /** Delivers the held step message again as published an hour ago: dropped as too old. */
  async function deliverHourOld(p: TestPlatform, held: { topic: string; payload: unknown }[]) {
    const message = held.find((m) => m.topic === stepTopic('test-noop'))!;
    const old = encodeEvent(message.topic, message.payload, {
      messageId: 'm-old',
      publishTime: new Date(Date.now() - 3_600_000),
    });
    await expect(noop.handle(old, p.ctx)).resolves.toBe('too_old');
  }

  it('a step message older than the maximum age is dropped and recorded: the step and run fail with the reason', async () => {
    const { bus, published: held } = recordingBus();
    const p = await start({ EVENT_MAX_AGE_SECONDS: '60' }, { bus });
    const org = await p.onboard();
    const run_id = await triggerOneDay(p, org.org_slug, testPipeline('test-noop'));
    await deliverHourOld(p, held);
    const run = await runDetail(p, org, run_id);
    expect(run.status).toBe('FAILED');
    expect(run.steps.find((s) => s.step_id === 'work')?.error).toMatch(/Message dropped: \d+s old/);
  });

  it('a too-old copy of a message whose step another delivery is running is only dropped', async () => {
    const { bus, published: held } = recordingBus();
    const p = await start({ EVENT_MAX_AGE_SECONDS: '60' }, { bus });
    const org = await p.onboard();
    const run_id = await triggerOneDay(p, org.org_slug, testPipeline('test-noop'));
    await simulateDeadStep(p, run_id, 0); // claimed, beating now
    await deliverHourOld(p, held);
    const run = await runDetail(p, org, run_id);
    expect(run.status).toBe('RUNNING');
    expect(run.steps.find((s) => s.step_id === 'work')?.status).toBe('RUNNING');
  });
});
