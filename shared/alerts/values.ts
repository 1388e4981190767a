/**
 * What each alert kind measures, from inputs read once per org (shared/alerts/evaluate.ts reads them):
 * - cost kinds from the org's cost slice (shared/costs/slice.ts) over the range that covers every period they need,
 *   narrowed in memory by the alert's scope exactly as the costs API narrows it (shared/costs/views.ts filterFrame:
 *   provider, service category, cost type, hierarchy entity with its descendants, the org's currency), so a value
 *   equals `GET /api/v1/costs/{org}/summary` (total_billed_cost, or total_effective_cost for metric `effective`)
 *   for the same period and filters;
 * - pipeline_failure from the org's FAILED runs (a step dead-lettered fails its run too, shared/pipelines/step-state.ts);
 * - unpriced_usage from the GenAI unpriced usage groups (as `GET /api/v1/genai/{org}/usage/unpriced` lists them);
 * - stale_data from the org's cost freshness (shared/costs/freshness.ts).
 * Pure: every function takes its inputs and returns the measures, one per period that could fire.
 */
import pl from 'nodejs-polars';
import type { AlertKind, AlertPeriod, AlertScope } from '../contracts/alerts.js';
import { Exact } from '../money/decimal.js';
import { filterFrame } from '../costs/views.js';
import { addDays, daysBetween, monthStart, type Day } from '../time/day.js';
import {
  coveringRange,
  daysInMonth,
  monthForecast,
  percentChange,
  periodToDate,
  previousLikeForLike,
  type Range,
} from './periods.js';

/** An alert as the evaluation reads it (numbers of the `numeric` columns as exact text). */
export interface AlertDef {
  alert_id: string;
  name: string;
  kind: AlertKind;
  period: AlertPeriod | null;
  threshold: string | null;
  percent: string | null;
  days: number | null;
  scope: AlertScope;
  channel_ids: string[];
  severity: 'info' | 'warning' | 'critical';
}

/** One period of an alert with its value and whether it fires. */
export interface Measure {
  /** alert_firings.period_key: the period's start day (cost kinds), run id, `<provider>:<day>`, or the day. */
  periodKey: string;
  start: Day;
  end: Day;
  /** Exact decimal value (money, percent, days, count). */
  value: Exact;
  threshold: Exact | null;
  fires: boolean;
  /** What the value was computed from (kept with the firing). */
  details: Record<string, unknown>;
}

/** The period of a cost kind (a forecast is of the month). */
const costPeriod = (a: AlertDef): AlertPeriod => (a.kind === 'forecast' ? 'month' : (a.period ?? 'month'));

/** The ranges a cost alert reads as of a day: its period to date, and for cost_change the period before. */
export function costRanges(a: AlertDef, asOf: Day): Range[] {
  const period = costPeriod(a);
  const current = periodToDate(period, asOf);
  return a.kind === 'cost_change' ? [current, previousLikeForLike(period, asOf)] : [current];
}

/** The one range the org's slice is read over for its cost alerts (undefined: none). */
export const sliceRange = (alerts: AlertDef[], asOf: Day): Range | undefined =>
  coveringRange(alerts.flatMap((a) => costRanges(a, asOf)));

/**
 * A slice frame narrowed to the org's currency once, with the sum of one metric over a range and scope: what the
 * costs summary answers for it (Σ integer nano-units / 1e9, exact).
 */
export class CostFrame {
  private readonly frame: pl.DataFrame;

  constructor(frame: pl.DataFrame, currency: string) {
    this.frame = filterFrame(frame, {}, currency);
  }

  cost(scope: AlertScope, range: Range): Exact {
    let f = filterFrame(
      this.frame,
      {
        provider: scope.provider,
        service_category: scope.service_category,
        cost_type: scope.cost_type,
        hierarchy_entity_id: scope.hierarchy_entity_id,
      },
      null,
    );
    f = f.filter(
      pl
        .col('day')
        .gtEq(pl.lit(range.start))
        .and(pl.col('day').ltEq(pl.lit(range.end))),
    );
    if (f.height === 0) return new Exact(0);
    const column = scope.metric === 'effective' ? 'effective_nanos' : 'billed_nanos';
    const [nanos] = f.select(pl.col(column).sum().cast(pl.Utf8)).row(0) as (string | null)[];
    return new Exact(nanos ?? '0').div(1e9);
  }
}

const exact = (v: string | null) => (v === null ? null : new Exact(v));

/**
 * A cost alert's measure as of a day:
 * - cost_threshold: the period-to-date cost; fires above the threshold;
 * - cost_change: the percent change (2 decimals) of the period to date over the same span of the period before;
 *   fires when that span cost more than 0 and the change is above `percent` (value = the change in percent,
 *   threshold = the alert's percent);
 * - forecast: month to date ÷ days elapsed × days in the month; fires above the threshold.
 * The period key is the period's start day.
 */
export function costMeasure(a: AlertDef, costs: CostFrame, asOf: Day): Measure {
  const scope = a.scope;
  const metric = scope.metric ?? 'billed';
  const [current, previous] = costRanges(a, asOf) as [Range, Range | undefined];
  const spent = costs.cost(scope, current);
  const base = { periodKey: current.start, start: current.start, end: current.end };
  if (a.kind === 'cost_change') {
    const before = costs.cost(scope, previous!);
    const change = percentChange(spent, before);
    const percent = exact(a.percent);
    return {
      ...base,
      value: change ?? new Exact(0),
      threshold: percent,
      fires: change !== null && percent !== null && change.gt(percent),
      details: {
        metric,
        current: spent.toFixed(),
        previous: before.toFixed(),
        previous_start: previous!.start,
        previous_end: previous!.end,
        ...(change === null ? { no_change: 'previous period cost 0' } : {}),
      },
    };
  }
  const threshold = exact(a.threshold);
  if (a.kind === 'forecast') {
    const forecast = monthForecast(spent, asOf);
    return {
      ...base,
      value: forecast,
      threshold,
      fires: threshold !== null && forecast.gt(threshold),
      details: {
        metric,
        month_to_date: spent.toFixed(),
        days_elapsed: daysBetween(monthStart(asOf), asOf),
        days_in_month: daysInMonth(asOf),
      },
    };
  }
  return {
    ...base,
    value: spent,
    threshold,
    fires: threshold !== null && spent.gt(threshold),
    details: { metric },
  };
}

/** A FAILED run of the org (also one failed by the step dead-letter path). */
export interface FailedRun {
  run_id: string;
  pipeline_id: string;
  start_date: Day;
  end_date: Day;
  error: string | null;
  finished_at: string | null;
}

/** The provider a pipeline belongs to (`<provider>/<domain>/<name>`). */
export const pipelineProvider = (pipelineId: string) => pipelineId.split('/')[0]!;

/**
 * pipeline_failure: one measure per failed run (of the scope's provider, if any), keyed by the run id; value 1
 * (one failed run), the period the run's date range. Every one fires.
 */
export function pipelineFailureMeasures(a: AlertDef, runs: FailedRun[]): Measure[] {
  return runs
    .filter((r) => a.scope.provider === undefined || pipelineProvider(r.pipeline_id) === a.scope.provider)
    .map((r) => ({
      periodKey: r.run_id,
      start: r.start_date,
      end: r.end_date,
      value: new Exact(1),
      threshold: null,
      fires: true,
      details: { run_id: r.run_id, pipeline_id: r.pipeline_id, error: r.error, finished_at: r.finished_at },
    }));
}

/** How many days back unpriced GenAI usage is looked for (the as-of day and the 6 before it). */
export const UNPRICED_WINDOW_DAYS = 7;

/** The window unpriced usage is counted over as of a day. */
export const unpricedWindow = (asOf: Day): Range => ({
  start: addDays(asOf, 1 - UNPRICED_WINDOW_DAYS),
  end: asOf,
});

/** One unpriced usage group, as `GET /api/v1/genai/{org}/usage/unpriced` lists it (its provider is enough here). */
export interface UnpricedGroup {
  provider: string;
}

/**
 * unpriced_usage: the number of unpriced usage groups (provider, model, usage kind, token type, unit, reason: the
 * items `GET …/usage/unpriced` answers) dated in the window (the as-of day and the 6 days before), of the scope's
 * provider if any; fires when there is at least one, at most once a day (period key = the as-of day).
 */
export function unpricedMeasure(a: AlertDef, groups: UnpricedGroup[], asOf: Day): Measure {
  const window = unpricedWindow(asOf);
  const n = groups.filter((g) => a.scope.provider === undefined || g.provider === a.scope.provider).length;
  return {
    periodKey: asOf,
    start: window.start,
    end: window.end,
    value: new Exact(n),
    threshold: null,
    fires: n > 0,
    details: { unpriced_groups: n },
  };
}

/** A provider's latest day of data (the latest day a COMPLETED run of any of its pipelines covered). */
export interface ProviderFreshness {
  provider: string;
  data_through: Day;
}

/**
 * stale_data: per provider with data (of the scope's provider if any), the days its data is behind the as-of day
 * (as-of day − latest day covered; data through yesterday is 1 day behind); fires when more than `days` behind,
 * at most once per provider and day (period key `<provider>:<as-of day>`). A provider whose runs never completed
 * has no day to be behind from and is not measured (a failed run is pipeline_failure's).
 */
export function staleMeasures(a: AlertDef, fresh: ProviderFreshness[], asOf: Day): Measure[] {
  const limit = a.days ?? 0;
  return fresh
    .filter((f) => a.scope.provider === undefined || f.provider === a.scope.provider)
    .map((f) => {
      const behind = daysBetween(f.data_through, asOf) - 1;
      return {
        periodKey: `${f.provider}:${asOf}`,
        start: f.data_through,
        end: asOf,
        value: new Exact(behind),
        threshold: new Exact(limit),
        fires: behind > limit,
        details: { provider: f.provider, data_through: f.data_through },
      };
    });
}
