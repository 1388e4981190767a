/**
 * Alert evaluation on the embedded warehouse (DuckDB + PGlite): `--orgs N` orgs (default 1,000) with 10 enabled
 * alerts each (every kind: cost thresholds over day, week and month with scopes, cost changes, a forecast,
 * pipeline failure, unpriced usage, stale data), evaluated one org after another as the `evaluate-alerts` function
 * does per message. Seeded cheaply: the org rows, alerts and an email channel are inserted directly, and every
 * org's FOCUS rows (fixture generator, Aug 1..Sep 17) are written in one replace into one shared dataset (each
 * org's slice read filters by org in it, so the warehouse scans more than one org's own dataset would: pessimistic).
 * The bus records and delivers nothing, so the figures are evaluation (reads, firings, delivery claims and
 * publishes), not sending. Two passes: the first fires and claims (the cost cache cold), the second finds every
 * period fired and sends nothing (slices from this instance's cost cache when they fit).
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { startTestPlatform } from '../scripts/local/test-platform.js';
import { evaluateOrgAlerts } from '../shared/alerts/evaluate.js';
import { costDataStandard13 } from '../shared/datasets/index.js';
import type { EventBus } from '../shared/ports/bus/port.js';
import type { Queryable } from '../shared/ports/database/port.js';
import { focusFixtureRows } from '../shared/testing/focus-rows.js';
import { orgDatasetOf } from '../shared/steps/common.js';
import { fixed, intOption, machineNote, rssSampler } from './support.js';
import type { Benchmark, Rows } from './run.js';

const DEFAULT_ORGS = 1_000;
/** FOCUS rows generated per org (over 48 days: several hundred rollup groups per org). */
const ROWS_PER_ORG = 150;
/** Thursday 2026-09-17 08:00 UTC, the alerts-daily fire time. */
const AS_OF = new Date('2026-09-17T08:00:00Z');
const PIPELINE = 'bench/alerts/costs';

/** The 10 alerts every org has (thresholds set so some fire and some do not). */
const ALERTS: Record<string, unknown>[] = [
  { kind: 'cost_threshold', period: 'month', threshold: '500' },
  { kind: 'cost_threshold', period: 'week', threshold: '100000', scope: { provider: 'aws' } },
  { kind: 'cost_threshold', period: 'day', threshold: '5', scope: { hierarchy_entity_id: 'DEPT-001' } },
  {
    kind: 'cost_threshold',
    period: 'month',
    threshold: '50',
    scope: { cost_type: 'genai', metric: 'effective' },
  },
  { kind: 'cost_change', period: 'month', percent: '10', scope: { cost_type: 'cloud' } },
  { kind: 'cost_change', period: 'week', percent: '25', scope: { service_category: 'Compute' } },
  { kind: 'forecast', threshold: '2000' },
  { kind: 'pipeline_failure' },
  { kind: 'unpriced_usage' },
  { kind: 'stale_data', days: 2 },
];

const slugOf = (i: number) => `bench_alerts_${String(i).padStart(5, '0')}`;

/** Inserts `n` orgs on `dataset` with one email channel, the 10 alerts, a completed run and (1 in 10) a failed one. */
async function seedControlPlane(db: Queryable, dataset: string, n: number) {
  const BATCH = 100;
  for (let from = 0; from < n; from += BATCH) {
    const slugs = Array.from({ length: Math.min(BATCH, n - from) }, (_, k) => slugOf(from + k));
    await db.query(
      `INSERT INTO organizations (org_slug, org_name, admin_email, dataset)
       SELECT s, 'Bench ' || s, 'owner@' || replace(s, '_', '-') || '.test', $2 FROM unnest($1::text[]) AS s`,
      [slugs, dataset],
    );
    const channels = slugs.map(() => randomUUID());
    await db.query(
      `INSERT INTO notification_channels (channel_id, org_slug, name, type, config)
       SELECT c, s, 'finops mail', 'email', '{"to": ["finops@example.com"]}'::jsonb
       FROM unnest($1::text[], $2::uuid[]) AS t(s, c)`,
      [slugs, channels],
    );
    const rows: unknown[][] = [];
    slugs.forEach((s, k) =>
      ALERTS.forEach((a, j) =>
        rows.push([
          randomUUID(),
          s,
          `alert ${j}`,
          a.kind,
          a.period ?? null,
          a.threshold ?? null,
          a.percent ?? null,
          a.days ?? null,
          JSON.stringify(a.scope ?? {}),
          channels[k],
        ]),
      ),
    );
    const col = (i: number) => rows.map((r) => r[i]);
    await db.query(
      `INSERT INTO alerts (alert_id, org_slug, name, kind, period, threshold, percent, days, scope, channel_ids)
       SELECT a, s, n, k, p, t::numeric, pc::numeric, d, sc::jsonb, ARRAY[c]
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
         $9::text[], $10::uuid[]) AS x(a, s, n, k, p, t, pc, d, sc, c)`,
      Array.from({ length: 10 }, (_, i) => col(i)),
    );
    await db.query(
      `INSERT INTO pipeline_runs (run_id, org_slug, pipeline_id, status, trigger, start_date, end_date, started_at,
         finished_at, error)
       SELECT gen_random_uuid(), s, 'aws/cost/billing', 'COMPLETED', 'schedule', DATE '2026-09-13', DATE '2026-09-14',
         TIMESTAMPTZ '2026-09-15T06:00:00Z', TIMESTAMPTZ '2026-09-15T06:05:00Z', NULL FROM unnest($1::text[]) AS s
       UNION ALL
       SELECT gen_random_uuid(), s, 'gcp/cost/billing', 'FAILED', 'schedule', DATE '2026-09-16', DATE '2026-09-16',
         TIMESTAMPTZ '2026-09-17T06:00:00Z', TIMESTAMPTZ '2026-09-17T06:01:00Z', 'bench failure'
       FROM unnest($1::text[]) WITH ORDINALITY AS u(s, i) WHERE i % 10 = 1`,
      [slugs],
    );
    await db.query(
      `INSERT INTO hierarchy_levels (org_slug, level_code, name, depth, code_prefix)
       SELECT s, 'department', 'Department', 1, 'DEPT' FROM unnest($1::text[]) AS s`,
      [slugs],
    );
    await db.query(
      `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code)
       SELECT s, 'DEPT-001', 'Engineering', 'department' FROM unnest($1::text[]) AS s`,
      [slugs],
    );
  }
}

/** Every org's FOCUS rows, streamed (never all in memory). */
async function* focusRows(n: number) {
  for (let i = 0; i < n; i++) {
    const slug = slugOf(i);
    const aug = focusFixtureRows(slug, {
      start: '2026-08-01',
      days: 31,
      count: ROWS_PER_ORG / 3,
      seed: i * 2 + 1,
    });
    const sep = focusFixtureRows(slug, {
      start: '2026-09-01',
      days: 17,
      count: (ROWS_PER_ORG * 2) / 3,
      seed: i * 2 + 2,
    });
    for (const r of [...aug, ...sep]) yield { ...r, x_pipeline_id: PIPELINE };
  }
}

const ms = (n: number) => fixed(n, n < 10 ? 2 : n < 100 ? 1 : 0);
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

export const alerts: Benchmark = {
  name: 'alerts',
  description: `alert evaluation on DuckDB + PGlite: --orgs N orgs (default ${DEFAULT_ORGS.toLocaleString('en-US')}) x ${ALERTS.length} alerts, one evaluation per org`,
  async run() {
    const ORGS = intOption('orgs', DEFAULT_ORGS);
    const rss = rssSampler();
    let published = 0;
    const bus: EventBus = {
      kind: 'in-process',
      publish: async () => `bench-${++published}`,
      close: async () => undefined,
    };
    const p = await startTestPlatform({ LOG_LEVEL: 'error' }, { bus });
    try {
      const host = await p.onboard();
      const dataset = await orgDatasetOf(p.ctx, host.org_slug);
      const db = await p.ctx.db();
      const wh = await p.ctx.warehouse();
      const t0 = performance.now();
      await seedControlPlane(db, dataset, ORGS);
      await wh.replaceSlice(dataset, costDataStandard13, { x_pipeline_id: PIPELINE }, focusRows(ORGS));
      const seedS = (performance.now() - t0) / 1000;

      const rows: Rows = [];
      const passes: { total: number; perOrg: number[]; fired: number; evaluated: number; peak: number }[] =
        [];
      for (const pass of ['first (fires)', 'again (nothing new)']) {
        const perOrg: number[] = [];
        let fired = 0;
        let evaluated = 0;
        const before = published;
        const start = Date.now();
        const s0 = performance.now();
        for (let i = 0; i < ORGS; i++) {
          const o0 = performance.now();
          const r = await evaluateOrgAlerts(p.ctx, slugOf(i), { asOf: AS_OF });
          perOrg.push(performance.now() - o0);
          fired += r.fired.length;
          evaluated += r.evaluated;
        }
        const total = performance.now() - s0;
        const peak = rss.peak(start, Date.now());
        passes.push({ total, perOrg, fired, evaluated, peak });
        rows.push({
          pass,
          orgs: ORGS,
          alerts: evaluated,
          fired,
          published: published - before,
          total_s: fixed(total / 1000, 2),
          per_org_ms: ms(total / ORGS),
          p50_ms: ms(percentile(perOrg, 50)),
          p95_ms: ms(percentile(perOrg, 95)),
          max_ms: ms(Math.max(...perOrg)),
          peak_rss_mb: fixed(peak, 0),
        });
      }
      rss.stop();
      const first = passes[0]!;
      if (first.evaluated !== ORGS * ALERTS.length)
        throw new Error(`evaluated ${first.evaluated} alerts, expected ${ORGS * ALERTS.length}`);
      if (passes[1]!.fired !== 0) throw new Error(`the second pass fired ${passes[1]!.fired}`);
      const result = {
        orgs: ORGS,
        alerts: first.evaluated,
        total_s: Number(fixed(first.total / 1000, 2)),
        per_org_ms: Number(ms(first.total / ORGS)),
        peak_rss_mb: Math.round(Math.max(...passes.map((x) => x.peak))),
      };
      return {
        rows,
        notes: [
          `Seeded ${ORGS} orgs, ${ORGS * ALERTS.length} alerts, ${ORGS * (ROWS_PER_ORG + 2)} FOCUS rows in ${fixed(seedS, 1)} s (not measured).`,
          machineNote(),
          `RESULT alerts ${JSON.stringify(result)}`,
        ],
      };
    } finally {
      await p.close();
    }
  },
};
