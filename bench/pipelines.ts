import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { startTestPlatform } from '../scripts/local/test-platform.js';
import type { AppContext } from '../shared/context.js';
import { PipelineDefSchema, type PipelineDef } from '../shared/contracts/pipeline-definition.js';
import { stepTopic } from '../shared/pipelines/records.js';
import { createStepFunction } from '../shared/pipelines/step-function.js';
import { triggerRun } from '../shared/pipelines/trigger.js';
import type { Database } from '../shared/ports/database/port.js';
import type { Benchmark } from './run.js';

const WARMUP = 5;
const RUNS = 40;
const CONCURRENT = 20;
const ROUNDS = 5;

/** performance.now() at the start and end of each step's execute, by `${run_id}/${step_id}`. */
const marks = new Map<string, { start: number; end: number }>();
const mark = (runId: string, stepId: string) => marks.get(`${runId}/${stepId}`)!;

const noop = createStepFunction('bench-noop', {
  config: z.object({}),
  execute: async ({ step }) => {
    const m = { start: performance.now(), end: 0 };
    marks.set(`${step.run_id}/${step.step_id}`, m);
    m.end = performance.now();
    return { rows_written: 0 };
  },
});

const pipeline = (name: string, steps: [id: string, dependsOn: string[]][]): PipelineDef =>
  PipelineDefSchema.parse({
    id: `bench/engine/${name}`,
    description: `bench: ${name}`,
    steps: steps.map(([id, depends_on]) => ({ id, type: 'bench-noop', depends_on })),
  });

const chain = pipeline('chain', [
  ['s1', []],
  ['s2', ['s1']],
  ['s3', ['s2']],
  ['s4', ['s3']],
  ['s5', ['s4']],
]);
const branches = ['b1', 'b2', 'b3', 'b4'];
const fanOut = pipeline('fan_out', [
  ['s1', []],
  ...branches.map((b): [string, string[]] => [b, ['s1']]),
  ['s6', branches],
]);

/** Triggers one manual run of `def`; returns its id. */
async function runOnce(ctx: AppContext, orgSlug: string, def: PipelineDef) {
  const { run_id } = await triggerRun(ctx, {
    orgSlug,
    pipeline: def,
    startDate: '2026-10-01',
    endDate: '2026-10-01',
    trigger: 'manual',
  });
  return run_id;
}

async function assertCompleted(db: Database, runIds: string[]) {
  const { rows } = await db.query<{ status: string }>(
    'SELECT status FROM pipeline_runs WHERE run_id = ANY ($1)',
    [runIds],
  );
  const bad = rows.filter((r) => r.status !== 'COMPLETED');
  if (rows.length !== runIds.length || bad.length) throw new Error(`runs not COMPLETED: ${bad.length}`);
}

/** Median and p95 (nearest rank). */
function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const rank = (q: number) => s[Math.ceil(q * s.length) - 1]!;
  return { n: s.length, median: rank(0.5), p95: rank(0.95) };
}

const row = (measure: string, v: { n: number; median: number; p95: number }, unit = 'ms') => ({
  measure,
  n: v.n,
  median: v.median.toFixed(unit === 'ms' ? 2 : 0),
  p95: unit === 'ms' ? v.p95.toFixed(2) : '',
  unit,
});

/** Engine overhead on the in-process bus: trigger-to-completion, per-step fan-out, concurrent throughput. */
export const pipelines: Benchmark = {
  name: 'pipelines',
  description: `pipeline engine overhead with no-op steps (in-process bus, ${WARMUP} warm-up + ${RUNS} runs)`,
  async run() {
    const p = await startTestPlatform(
      { LOG_LEVEL: 'error', BUS_MIN_BACKOFF_MS: '5' },
      { extraSubscriptions: [{ topic: stepTopic('bench-noop'), fn: noop }] },
    );
    try {
      const { org_slug } = await p.onboard();
      // The bench measures the engine, not quota: lift the plan's run limits so ~300 runs never hit a 429.
      const db = await p.ctx.db();
      await db.query(
        'UPDATE org_subscriptions SET daily_limit = 100000, monthly_limit = 100000, concurrent_limit = 1000 WHERE org_slug = $1',
        [org_slug],
      );
      const total: number[] = [];
      const perStep: number[] = [];
      const fan: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const id = await runOnce(p.ctx, org_slug, chain);
        await p.bus.drain();
        const elapsed = performance.now() - t0;
        await assertCompleted(db, [id]);
        const f = await runOnce(p.ctx, org_slug, fanOut);
        await p.bus.drain();
        await assertCompleted(db, [f]);
        if (i < WARMUP) continue;
        total.push(elapsed);
        for (let s = 1; s < 5; s++) perStep.push(mark(id, `s${s + 1}`).start - mark(id, `s${s}`).end);
        fan.push(Math.max(...branches.map((b) => mark(f, b).start)) - mark(f, 's1').end);
      }
      const throughput: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const t0 = performance.now();
        const ids = await Promise.all(
          Array.from({ length: CONCURRENT }, () => runOnce(p.ctx, org_slug, chain)),
        );
        await p.bus.drain();
        throughput.push((ids.length * chain.steps.length) / ((performance.now() - t0) / 1000));
        await assertCompleted(db, ids);
      }
      return {
        rows: [
          row('trigger → completed (5-step chain)', stats(total)),
          row('fan-out overhead per step (chain)', stats(perStep)),
          row('fan-out 1→4 (all branches started)', stats(fan)),
          row(`throughput, ${CONCURRENT} chains at once`, stats(throughput), 'steps/s'),
        ],
        notes: [
          '\nControl plane: PGlite (WASM Postgres, one connection, on a temp dir); bus: in-process, no chaos.',
          'Fan-out = next step start - previous step end: completeStep transaction + publish + claim transaction.',
          'PGlite runs one transaction at a time, so the 4 parallel branches are claimed one after another.',
          `Throughput: median of ${ROUNDS} rounds of ${CONCURRENT} concurrent chains, steps / (trigger → drain).`,
          'Percentiles are nearest-rank; timings are wall clock, so a busy machine inflates them.',
        ],
      };
    } finally {
      await p.close();
    }
  },
};
