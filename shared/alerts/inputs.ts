/**
 * What alert evaluation reads (shared/alerts/evaluate.ts): an org's alerts, and the inputs of their kinds, each
 * read once per org and only for the kinds present: ONE cost slice over the range covering every cost alert's
 * periods (the costs module's cached slice), the failed runs, the GenAI unpriced usage groups and the cost
 * freshness; then every alert's measures computed from them (shared/alerts/values.ts).
 */
import type { AppContext } from '../context.js';
import type { AlertKind } from '../contracts/alerts.js';
import { COST_ALERT_KINDS } from '../contracts/alerts.js';
import { costCacheOf } from '../costs/cache.js';
import { costFreshness } from '../costs/freshness.js';
import { readCostSlice } from '../costs/slice.js';
import { genaiPaygCostsDaily } from '../datasets/index.js';
import type { OrgRecord } from '../orgs/org-record.js';
import type { Queryable } from '../ports/database/port.js';
import type { Day } from '../time/day.js';
import {
  CostFrame,
  costMeasures,
  pipelineFailureMeasures,
  sliceRange,
  staleMeasures,
  unpricedMeasure,
  unpricedWindow,
  type AlertDef,
  type FailedRun,
  type Measure,
  type ProviderFreshness,
  type UnpricedGroup,
} from './values.js';

/** How far back the daily evaluation looks for failed runs (a backstop to run completion): 2 days. */
export const FAILED_RUN_BACKSTOP_DAYS = 2;

const ALERT_COLUMNS = `alert_id::text AS alert_id, name, kind, period, threshold::text AS threshold,
  percent::text AS percent, days, scope, channel_ids::text[] AS channel_ids, severity`;

/** The org's enabled alerts (of `kinds`, when given), oldest first. */
export async function readAlerts(db: Queryable, orgSlug: string, kinds?: AlertKind[]): Promise<AlertDef[]> {
  const { rows } = await db.query<AlertDef>(
    `SELECT ${ALERT_COLUMNS} FROM alerts
     WHERE org_slug = $1 AND enabled AND ($2::text[] IS NULL OR kind = ANY($2::text[]))
     ORDER BY created_at, alert_id`,
    [orgSlug, kinds ?? null],
  );
  return rows.map(normalise);
}

/** One alert of the org (enabled or paused), or undefined when the org has no such alert. */
export async function readAlert(
  db: Queryable,
  orgSlug: string,
  alertId: string,
): Promise<AlertDef | undefined> {
  const { rows } = await db.query<AlertDef>(
    `SELECT ${ALERT_COLUMNS} FROM alerts WHERE org_slug = $1 AND alert_id = $2::uuid`,
    [orgSlug, alertId],
  );
  return rows[0] ? normalise(rows[0]) : undefined;
}

/** The jsonb scope and uuid[] channel list as plain values, whatever the driver hands back. */
function normalise(a: AlertDef): AlertDef {
  const scope = typeof a.scope === 'string' ? (JSON.parse(a.scope) as AlertDef['scope']) : (a.scope ?? {});
  return { ...a, scope, channel_ids: a.channel_ids ?? [], days: a.days === null ? null : Number(a.days) };
}

/** The inputs of an org's alerts, each read once (and only when an alert needs it). */
export class OrgInputs {
  constructor(
    private readonly ctx: AppContext,
    private readonly org: OrgRecord,
    private readonly asOf: Day,
    private readonly asOfAt: Date,
  ) {}

  /** The cost frame over the range covering the cost alerts' periods: the costs module's cached slice. */
  async costs(alerts: AlertDef[]): Promise<CostFrame | undefined> {
    const range = sliceRange(
      alerts.filter((a) => COST_ALERT_KINDS.has(a.kind)),
      this.asOf,
    );
    if (!range) return undefined;
    const { slug, costVersion, dataset, currency } = this.org;
    const cache = costCacheOf(this.ctx);
    const entry =
      cache.get(slug, range.start, range.end, costVersion) ??
      cache.set(await readCostSlice(this.ctx, slug, range.start, range.end, costVersion, dataset));
    return new CostFrame(entry.slice.frame, currency);
  }

  /** FAILED runs: the one run named, or those that finished in the backstop window up to the as-of instant. */
  async failedRuns(runId?: string): Promise<FailedRun[]> {
    const db = await this.ctx.db();
    const since = new Date(this.asOfAt.getTime() - FAILED_RUN_BACKSTOP_DAYS * 86_400_000);
    const { rows } = await db.query<FailedRun & { finished_at: Date | string | null }>(
      `SELECT run_id::text AS run_id, pipeline_id, start_date::text AS start_date, end_date::text AS end_date, error,
         finished_at
       FROM pipeline_runs
       WHERE org_slug = $1 AND status = 'FAILED'
         AND ${runId ? 'run_id = $2::uuid' : 'finished_at >= $2::timestamptz AND finished_at <= $3::timestamptz'}
       ORDER BY finished_at DESC NULLS LAST, run_id`,
      runId ? [this.org.slug, runId] : [this.org.slug, since.toISOString(), this.asOfAt.toISOString()],
    );
    return rows.map((r) => ({
      ...r,
      finished_at: r.finished_at === null ? null : new Date(r.finished_at).toISOString(),
    }));
  }

  /** The unpriced GenAI usage groups of the window, grouped as `GET …/usage/unpriced` groups them. */
  async unpriced(): Promise<UnpricedGroup[]> {
    const wh = await this.ctx.warehouse();
    const window = unpricedWindow(this.asOf);
    return wh.query<UnpricedGroup>(
      `SELECT provider, model, usage_kind, token_type, pricing_unit, unpriced_reason
       FROM ${wh.table(this.org.dataset, genaiPaygCostsDaily.name)}
       WHERE cost_date BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE) AND x_org_slug = @org
         AND pricing_status = 'unpriced'
       GROUP BY provider, model, usage_kind, token_type, pricing_unit, unpriced_reason`,
      { start: window.start, end: window.end, org: this.org.slug },
    );
  }

  /** Per provider, the latest day a completed run of any of its pipelines covered. */
  async freshness(): Promise<ProviderFreshness[]> {
    const { items } = await costFreshness(this.ctx, this.org.slug);
    const latest = new Map<string, Day>();
    for (const i of items) {
      if (i.data_through === null || i.data_through === undefined) continue;
      const seen = latest.get(i.provider);
      if (seen === undefined || i.data_through > seen) latest.set(i.provider, i.data_through);
    }
    return [...latest].map(([provider, data_through]) => ({ provider, data_through }));
  }
}

/** Every alert's measures, reading each input once for the org. */
export async function measureAll(
  inputs: OrgInputs,
  alerts: AlertDef[],
  asOf: Day,
  runId?: string,
): Promise<Map<AlertDef, Measure[]>> {
  const has = (k: AlertKind) => alerts.some((a) => a.kind === k);
  const costs = await inputs.costs(alerts);
  const runs = has('pipeline_failure') ? await inputs.failedRuns(runId) : [];
  const unpriced = has('unpriced_usage') ? await inputs.unpriced() : [];
  const fresh = has('stale_data') ? await inputs.freshness() : [];
  const out = new Map<AlertDef, Measure[]>();
  const costAlerts = alerts.filter((a) => COST_ALERT_KINDS.has(a.kind));
  if (costs) costMeasures(costAlerts, costs, asOf).forEach((m, i) => out.set(costAlerts[i]!, [m]));
  for (const a of alerts) {
    switch (a.kind) {
      case 'cost_threshold':
      case 'cost_change':
      case 'forecast':
        break;
      case 'pipeline_failure':
        out.set(a, pipelineFailureMeasures(a, runs));
        break;
      case 'unpriced_usage':
        out.set(a, [unpricedMeasure(a, unpriced, asOf)]);
        break;
      case 'stale_data':
        out.set(a, staleMeasures(a, fresh, asOf));
        break;
    }
  }
  return out;
}
