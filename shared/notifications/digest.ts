/**
 * A cost digest of one org for the daily, weekly or monthly period that just ended (UTC): what a summary sends.
 *
 * Money comes from the costs module (one cost slice covering the period and the one before it, shared/costs/slice.ts,
 * through the same cache the costs router uses), narrowed to the org's currency as the costs views narrow it, so the
 * period's totals are those `GET /api/v1/costs/{org}/summary` answers for the same dates (the same exact nano-unit
 * sums of the same daily groups). Changes and movers are computed on those integer nano-unit sums (Exact), and
 * reported as JSON numbers in the org's currency.
 */
import pl from 'nodejs-polars';
import type { AppContext } from '../context.js';
import { COST_TYPES } from '../contracts/costs.js';
import type { SummaryFrequency } from '../contracts/notifications.js';
import { costCacheOf } from '../costs/cache.js';
import { readCostSlice } from '../costs/slice.js';
import { filterFrame, summaryView, totalView } from '../costs/views.js';
import { unpricedView } from '../genai/views.js';
import { Exact } from '../money/decimal.js';
import { orgRecord } from '../orgs/org-record.js';
import { isoTimestampOrNull } from '../ports/database/values.js';
import { addDays, monthStart, weekStart, type Day } from '../time/day.js';
import type { Mover, SummaryDigest } from './message.js';

export interface DigestPeriods {
  start: Day;
  end: Day;
  previousStart: Day;
  previousEnd: Day;
}

/**
 * The period that ended before `asOf` (UTC) and the one before it: daily, yesterday and the day before; weekly, the
 * previous Monday to Sunday and the week before; monthly, the previous calendar month and the month before.
 */
export function digestPeriods(frequency: SummaryFrequency, asOf: Date): DigestPeriods {
  const today = asOf.toISOString().slice(0, 10);
  if (frequency === 'daily') {
    const end = addDays(today, -1);
    return { start: end, end, previousStart: addDays(end, -1), previousEnd: addDays(end, -1) };
  }
  if (frequency === 'weekly') {
    const start = addDays(weekStart(today), -7);
    return {
      start,
      end: addDays(start, 6),
      previousStart: addDays(start, -7),
      previousEnd: addDays(start, -1),
    };
  }
  const end = addDays(monthStart(today), -1);
  const start = monthStart(end);
  const previousEnd = addDays(start, -1);
  return { start, end, previousStart: monthStart(previousEnd), previousEnd };
}

/** How many movers each list holds. */
export const TOP_MOVERS = 5;
/** How many unpriced usage groups and failed runs a digest lists (it counts them all). */
export const MAX_LISTED = 10;

const ZERO = new Exact(0);
const amount = (nanos: Exact) => nanos.div(1e9).toNumber();

/** Amount and percent (2 decimals, half up) of `current` against `previous`; percent null when previous is 0. */
function change(current: Exact, previous: Exact) {
  const diff = current.minus(previous);
  return {
    amount: amount(diff),
    percent: previous.isZero() ? null : diff.div(previous.abs()).times(100).toDecimalPlaces(2).toNumber(),
  };
}

/** Σ billed nano-units per combination of `keys`, exactly, keyed by the JSON of the keys' values. */
function billedBy(df: pl.DataFrame, keys: string[]) {
  const out = new Map<string, { k: Record<string, string | null>; nanos: Exact }>();
  if (df.height === 0) return out;
  const rows = df
    .groupBy(keys)
    .agg(pl.col('billed_nanos').sum().cast(pl.Utf8).alias('b'))
    .toRecords() as Record<string, string | null>[];
  for (const r of rows) {
    const k = Object.fromEntries(keys.map((key) => [key, r[key] ?? null]));
    out.set(JSON.stringify(keys.map((key) => k[key])), { k, nanos: new Exact(r.b ?? 0) });
  }
  return out;
}

/** The largest absolute changes of billed cost per `keys` between the two frames (no change left out). */
function movers(
  current: pl.DataFrame,
  previous: pl.DataFrame,
  keys: string[],
  describe: (k: Record<string, string | null>) => { key: string | null; name: string },
): Mover[] {
  const now = billedBy(current, keys);
  const before = billedBy(previous, keys);
  const all = new Set([...now.keys(), ...before.keys()]);
  const list = [...all].map((id) => {
    const c = now.get(id)?.nanos ?? ZERO;
    const p = before.get(id)?.nanos ?? ZERO;
    return { id, diff: c.minus(p), c, p, k: (now.get(id) ?? before.get(id))!.k };
  });
  return list
    .filter((x) => !x.diff.isZero())
    .sort((a, b) => b.diff.abs().comparedTo(a.diff.abs()) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, TOP_MOVERS)
    .map((x) => ({
      ...describe(x.k),
      current: amount(x.c),
      previous: amount(x.p),
      change: change(x.c, x.p),
    }));
}

/**
 * Each provider id's display name (the FOCUS ProviderName the by-provider view shows beside it): the least name a
 * provider's rows carry in either period, so a mover reads "GitHub Copilot", not its id `github_copilot`.
 */
function providerNames(df: pl.DataFrame): Map<string, string> {
  if (df.height === 0) return new Map();
  const pairs = df
    .filter(pl.col('provider').isNotNull().and(pl.col('provider_name').isNotNull()))
    .groupBy('provider')
    .agg(pl.col('provider_name').min())
    .toRecords() as { provider: string; provider_name: string }[];
  return new Map(pairs.map((r) => [r.provider, r.provider_name]));
}

const inDays = (df: pl.DataFrame, start: Day, end: Day) =>
  df.height === 0
    ? df
    : df.filter(
        pl
          .col('day')
          .gtEq(pl.lit(start))
          .and(pl.col('day').ltEq(pl.lit(end))),
      );

const exactTotal = (df: pl.DataFrame, column: 'billed_nanos' | 'effective_nanos') =>
  df.height === 0
    ? ZERO
    : new Exact(String(df.select(pl.col(column).sum().cast(pl.Utf8)).getColumn(column).get(0)));

/** Failed pipeline runs that ended in [start, end] (UTC days): how many, and the latest few. */
async function failedRuns(ctx: AppContext, org: string, start: Day, end: Day) {
  const { rows } = await (
    await ctx.db()
  ).query<{
    run_id: string;
    pipeline_id: string;
    error: string | null;
    finished_at: Date | null;
    total: string;
  }>(
    `SELECT run_id::text AS run_id, pipeline_id, error, finished_at, COUNT(*) OVER () AS total
     FROM pipeline_runs
     WHERE org_slug = $1 AND status = 'FAILED'
       AND COALESCE(finished_at, created_at) >= $2::timestamptz AND COALESCE(finished_at, created_at) < $3::timestamptz
     ORDER BY COALESCE(finished_at, created_at) DESC, run_id LIMIT $4`,
    [org, `${start}T00:00:00Z`, `${addDays(end, 1)}T00:00:00Z`, MAX_LISTED],
  );
  return {
    count: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      run_id: r.run_id,
      pipeline_id: r.pipeline_id,
      error: r.error === null ? null : r.error.slice(0, 300),
      finished_at: isoTimestampOrNull(r.finished_at),
    })),
  };
}

/** The org's digest of `frequency` for the period that ended before `asOf`. */
export async function computeDigest(
  ctx: AppContext,
  org: string,
  frequency: SummaryFrequency,
  asOf: Date,
): Promise<SummaryDigest> {
  const p = digestPeriods(frequency, asOf);
  const { currency, dataset, costVersion } = await orgRecord(await ctx.db(), org);
  const cache = costCacheOf(ctx);
  const entry =
    cache.get(org, p.previousStart, p.end, costVersion) ??
    cache.set(await readCostSlice(ctx, org, p.previousStart, p.end, costVersion, dataset));
  const df = filterFrame(entry.slice.frame, {}, currency);
  const current = inDays(df, p.start, p.end);
  const previous = inDays(df, p.previousStart, p.previousEnd);

  const totals = summaryView(current);
  const [billed, effective] = [exactTotal(current, 'billed_nanos'), exactTotal(current, 'effective_nanos')];
  const [prevBilled, prevEffective] = [
    exactTotal(previous, 'billed_nanos'),
    exactTotal(previous, 'effective_nanos'),
  ];
  const byType = totalView(current).by_cost_type;
  const prevByType = totalView(previous).by_cost_type;

  const unpriced = await unpricedView(ctx, org, { start_date: p.start, end_date: p.end });
  // Both periods, which adjoin (previousEnd is the day before start).
  const names = providerNames(inDays(df, p.previousStart, p.end));
  return {
    frequency,
    currency,
    period_start: p.start,
    period_end: p.end,
    previous_start: p.previousStart,
    previous_end: p.previousEnd,
    total_billed_cost: totals.total_billed_cost,
    total_effective_cost: totals.total_effective_cost,
    previous_billed_cost: amount(prevBilled),
    previous_effective_cost: amount(prevEffective),
    billed_change: change(billed, prevBilled),
    effective_change: change(effective, prevEffective),
    by_cost_type: Object.fromEntries(
      COST_TYPES.map((t) => [t, { ...byType[t], previous_billed_cost: prevByType[t].billed_cost }]),
    ),
    top_movers: {
      provider: movers(current, previous, ['provider'], (k) => ({
        key: k.provider ?? null,
        name: (k.provider && names.get(k.provider)) ?? k.provider ?? 'Unknown provider',
      })),
      service: movers(current, previous, ['provider', 'service_name'], (k) => ({
        key: k.service_name === null ? null : `${k.provider ?? ''}/${k.service_name}`,
        name: `${k.service_name ?? 'Unknown service'}${k.provider ? ` (${names.get(k.provider) ?? k.provider})` : ''}`,
      })),
      hierarchy: movers(current, previous, ['entity_id', 'entity_name'], (k) => {
        const id = k.entity_id ?? null;
        return { key: id, name: id === null ? 'Unallocated' : (k.entity_name ?? id) };
      }),
    },
    unpriced_usage: {
      count: unpriced.items.length,
      items: unpriced.items.slice(0, MAX_LISTED).map((u) => ({
        provider: u.provider,
        model: u.model,
        token_type: u.token_type,
        quantity: u.quantity,
        unit: u.unit,
        reason: u.reason,
      })),
    },
    failed_runs: await failedRuns(ctx, org, p.start, p.end),
  };
}
