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
import { createHash } from 'node:crypto';
import type pl from 'nodejs-polars';
import type { AlertKind, AlertPeriod, AlertScope } from '../contracts/alerts.js';
import { Exact } from '../money/decimal.js';
import { addDays, daysBetween, type Day } from '../time/day.js';
import {
  changeAbove,
  coveringRange,
  daysInMonth,
  forecastRange,
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
  /**
   * alert_firings.period_key: `<period>:<start day>` (cost kinds: `day`, `week` or `month`),
   * `<run id>:<finished_at>` (a failure),
   * `<provider>:<day>` (stale data), or `unpriced:<hash of the unpriced groups>`.
   */
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

/**
 * The ranges a cost alert reads as of a day: its period to date, and for cost_change the period before; for a
 * forecast the month's complete days (the 1st through yesterday), none on the 1st.
 */
export function costRanges(a: AlertDef, asOf: Day): Range[] {
  if (a.kind === 'forecast') {
    const range = forecastRange(asOf);
    return range ? [range] : [];
  }
  const period = costPeriod(a);
  const current = periodToDate(period, asOf);
  return a.kind === 'cost_change' ? [current, previousLikeForLike(period, asOf)] : [current];
}

/** The one range the org's slice is read over for its cost alerts (undefined: none). */
export const sliceRange = (alerts: AlertDef[], asOf: Day): Range | undefined =>
  coveringRange(alerts.flatMap((a) => costRanges(a, asOf)));

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One cost an alert needs: its scope's filters over a range. */
export interface CostRequest {
  scope: AlertScope;
  range: Range;
}

/**
 * The org's cost slice frame as column arrays, and the sums of cost requests over it: each request's sum of its
 * metric over the rows its scope and range select, with the filters of shared/costs/views.ts filterFrame (provider,
 * service category, cost type, hierarchy entity as a path segment so its descendants count, the org's currency),
 * which is what the costs summary answers for it: Σ integer nano-units (BigInt, exact) / 1e9.
 *
 * The columns are taken out of polars once per org and every request is answered by one pass over them in JS: a
 * slice holds groups (days x services x entities), and a polars operation costs milliseconds of fixed overhead
 * each, so one filter and sum per alert would cost more than the loop over an org's groups.
 */
export class CostFrame {
  private readonly cols: {
    day: (string | null)[];
    provider: (string | null)[];
    service_category: (string | null)[];
    cost_type: (string | null)[];
    path: (string | null)[];
    billed: number[];
    effective: number[];
  };
  /** Rows in the org's currency. */
  private readonly rows: number[] = [];

  constructor(frame: pl.DataFrame, currency: string) {
    // One conversion of the frame (cheaper than a polars call per column or per alert).
    const records = frame.toRecords() as Record<string, string | number | null>[];
    const text = (r: Record<string, string | number | null>, c: string) => (r[c] ?? null) as string | null;
    this.cols = {
      day: [],
      provider: [],
      service_category: [],
      cost_type: [],
      path: [],
      billed: [],
      effective: [],
    };
    const c = this.cols;
    records.forEach((r, i) => {
      c.day.push(text(r, 'day'));
      c.provider.push(text(r, 'provider'));
      c.service_category.push(text(r, 'service_category'));
      c.cost_type.push(text(r, 'cost_type'));
      c.path.push(text(r, 'path'));
      c.billed.push(Number(r.billed_nanos));
      c.effective.push(Number(r.effective_nanos));
      if (r.currency === currency) this.rows.push(i);
    });
  }

  /** Each request's cost, in order. */
  costs(requests: CostRequest[]): Exact[] {
    const c = this.cols;
    return requests.map(({ scope, range }) => {
      const segment =
        scope.hierarchy_entity_id === undefined
          ? undefined
          : new RegExp(`(^|/)${escapeRegex(scope.hierarchy_entity_id)}(/|$)`);
      const money = scope.metric === 'effective' ? c.effective : c.billed;
      let sum = 0n;
      for (const i of this.rows) {
        const day = c.day[i];
        if (day === null || day === undefined || day < range.start || day > range.end) continue;
        if (scope.provider !== undefined && c.provider[i] !== scope.provider) continue;
        if (scope.service_category !== undefined && c.service_category[i] !== scope.service_category)
          continue;
        if (scope.cost_type !== undefined && c.cost_type[i] !== scope.cost_type) continue;
        if (segment) {
          const path = c.path[i];
          if (path === null || path === undefined || !segment.test(path)) continue;
        }
        sum += BigInt(money[i]!);
      }
      return new Exact(sum.toString()).div(1e9);
    });
  }

  cost(scope: AlertScope, range: Range): Exact {
    return this.costs([{ scope, range }])[0]!;
  }
}

const exact = (v: string | null) => (v === null ? null : new Exact(v));

/**
 * A cost alert's measure as of a day:
 * - cost_threshold: the period-to-date cost; fires above the threshold;
 * - cost_change: the percent change of the period to date over the same span of the period before; fires when
 *   that span cost more than 0 and the unrounded change is above `percent` (value = the change in percent rounded
 *   to 2 decimals, threshold = the alert's percent);
 * - forecast: on complete days, the month through yesterday ÷ the days through yesterday × days in the month;
 *   fires above the threshold; on the 1st no day is complete: no forecast, no measure.
 * The period key is `<period>:<start day>` (e.g. `week:2026-12-07`), so switching an alert from day to week on a
 * Monday does not find the day's firing and swallow the week.
 */
export function costMeasure(a: AlertDef, costs: CostFrame, asOf: Day): Measure | undefined {
  return costMeasures([a], costs, asOf)[0];
}

/**
 * The cost alerts' measures, every cost they need summed in one pass over the frame: the measure of `alerts[i]` at
 * index i. An alert with nothing to measure (a forecast on the 1st) leaves its index a hole (`i in result` is
 * false), which `forEach` and `for…in` skip: callers must skip it (never read it as a measure).
 */
export function costMeasures(alerts: AlertDef[], costs: CostFrame, asOf: Day): Measure[] {
  const ranges = alerts.map((a) => costRanges(a, asOf));
  const sums = costs.costs(alerts.flatMap((a, i) => ranges[i]!.map((range) => ({ scope: a.scope, range }))));
  const out: Measure[] = [];
  out.length = alerts.length;
  let at = 0;
  alerts.forEach((a, i) => {
    const n = ranges[i]!.length;
    const measure = measureOf(a, ranges[i]!, sums.slice(at, at + n), asOf);
    at += n;
    if (measure) out[i] = measure;
  });
  return out;
}

function measureOf(a: AlertDef, ranges: Range[], sums: Exact[], asOf: Day): Measure | undefined {
  if (ranges.length === 0) return undefined;
  const scope = a.scope;
  const metric = scope.metric ?? 'billed';
  const [current, previous] = ranges as [Range, Range | undefined];
  const spent = sums[0]!;
  // The period's kind and start: a day and the week (or month) that start on the same day are different periods, so
  // an alert whose period changes still fires for the new one.
  const base = { periodKey: `${costPeriod(a)}:${current.start}`, start: current.start, end: current.end };
  if (a.kind === 'cost_change') {
    const before = sums[1]!;
    const change = percentChange(spent, before);
    const percent = exact(a.percent);
    return {
      ...base,
      value: change ?? new Exact(0),
      threshold: percent,
      // On the unrounded change: rounding to the reported 2 decimals must not hide a change just above the percent.
      fires: change !== null && percent !== null && changeAbove(spent, before, percent),
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
    // ranges[0] is forecastRange(asOf): the 1st through yesterday (the 1st has none and no measure, above).
    const forecast = monthForecast(spent, asOf);
    if (forecast === null) return undefined;
    return {
      ...base,
      value: forecast,
      threshold,
      fires: threshold !== null && forecast.gt(threshold),
      details: {
        metric,
        month_to_yesterday: spent.toFixed(),
        complete_days: daysBetween(current.start, current.end),
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
 * pipeline_failure: one measure per failure of a run (of the scope's provider, if any), keyed by the run id and the
 * instant it failed (`<run_id>:<finished_at ISO>`), so a run retried that fails again alerts again, while the same
 * failure seen twice (run completion, then the daily backstop) fires once; value 1 (one failed run), the period the
 * run's date range. Every one fires.
 */
export function pipelineFailureMeasures(a: AlertDef, runs: FailedRun[]): Measure[] {
  return runs
    .filter((r) => a.scope.provider === undefined || pipelineProvider(r.pipeline_id) === a.scope.provider)
    .map((r) => ({
      periodKey: `${r.run_id}:${r.finished_at ?? 'unfinished'}`,
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

/**
 * One unpriced usage group, as `GET /api/v1/genai/{org}/usage/unpriced` groups them: provider, model, usage kind,
 * token type, pricing unit and reason (its identity; only provider is needed to scope it).
 */
export interface UnpricedGroup {
  provider: string;
  model?: string | null;
  usage_kind?: string | null;
  token_type?: string | null;
  pricing_unit?: string | null;
  unpriced_reason?: string | null;
}

const IDENTITY_FIELDS = [
  'provider',
  'model',
  'usage_kind',
  'token_type',
  'pricing_unit',
  'unpriced_reason',
] as const satisfies readonly (keyof UnpricedGroup)[];

/** A group's identity: its grouping fields as JSON, in a fixed order (a field not read counts as null). */
export const unpricedIdentity = (g: UnpricedGroup): string =>
  JSON.stringify(IDENTITY_FIELDS.map((f) => g[f] ?? null));

/** Details list at most this many group identities (the count is always whole). */
const MAX_LISTED_GROUPS = 50;

/**
 * unpriced_usage: the number of unpriced usage groups (provider, model, usage kind, token type, unit, reason: the
 * items `GET …/usage/unpriced` answers) dated in the window (the as-of day and the 6 days before), of the scope's
 * provider if any; fires when there is at least one.
 *
 * Keyed on what is unpriced, not on the day: the period key is `unpriced:<sha256 of the sorted group identities>`
 * of the current set. So the same unpriced usage seen again on later days (it stays in the 7-day window for a
 * week) never fires twice, and a group that was not unpriced before changes the set and fires once. The rule is
 * exact for what it keys on and keeps no other state: a set that shrinks (a group ages out of the window or gets a
 * price) to one that never fired before fires once too; a set it shrinks back to that fired already does not.
 */
export function unpricedMeasure(a: AlertDef, groups: UnpricedGroup[], asOf: Day): Measure {
  const window = unpricedWindow(asOf);
  const scoped = groups.filter((g) => a.scope.provider === undefined || g.provider === a.scope.provider);
  const identities = [...new Set(scoped.map(unpricedIdentity))].sort();
  const digest = createHash('sha256').update(identities.join('\n')).digest('hex');
  return {
    periodKey: `unpriced:${digest}`,
    start: window.start,
    end: window.end,
    value: new Exact(scoped.length),
    threshold: null,
    fires: scoped.length > 0,
    details: {
      unpriced_groups: scoped.length,
      groups: identities.slice(0, MAX_LISTED_GROUPS).map((i) => JSON.parse(i) as unknown),
    },
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
