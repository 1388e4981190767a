/**
 * The cost read service behind the costs router: per request, one control-plane read (the org's row with its
 * currency, dataset and cost-data version, and whether a hierarchy filter names one of its entities), the cached
 * slice of (org, range) or one warehouse read (shared/costs/slice.ts: the org's daily rollup, or the FOCUS table for
 * a filter the rollup cannot answer, shared/costs/rollup.ts), then the view computed in memory and kept
 * with the slice (keyed by view and query), so a repeated request is a map lookup.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { orgRecord } from '../orgs/org-record.js';
import { notFound } from '../errors/index.js';
import { costCacheOf } from './cache.js';
import type { CostViewDef, CostViewQuery } from './cost-views.js';
import { sliceSource } from './rollup.js';
import { readCostSlice } from './slice.js';
import { bumpCostVersion } from './version.js';
import { filterFrame, otherCurrencyRecords } from './views.js';

/** One cost view of the org for the request's range and filters (validated by the view's contract). */
export async function costView<Q extends CostViewQuery, R extends z.ZodType>(
  ctx: AppContext,
  view: CostViewDef<Q, R>,
  org: string,
  query: z.output<Q>,
): Promise<z.input<R>> {
  const q: z.output<CostViewQuery> = query;
  const { currency, dataset, costVersion, entityExists } = await orgRecord(await ctx.db(), org, {
    entityId: q.hierarchy_entity_id,
  });
  // A hierarchy filter naming no entity of the org is a 404, so a typo is not an empty result.
  if (entityExists === false) throw notFound(`Hierarchy entity ${q.hierarchy_entity_id} not found.`);
  const cache = costCacheOf(ctx);
  const entry =
    cache.get(org, q.start_date, q.end_date, costVersion) ??
    cache.set(await readCostSlice(ctx, org, q.start_date, q.end_date, costVersion, dataset, sliceSource(q)));
  return cache.memo(entry, JSON.stringify([view.route.id, currency, q]), () => {
    const frame = entry.slice.frame;
    const df = filterFrame(frame, q, currency);
    const base = {
      currency,
      start_date: q.start_date,
      end_date: q.end_date,
      other_currency_records: otherCurrencyRecords(frame, q, df),
    };
    return view.compute(df, query, base);
  });
}

export async function costCacheStats(ctx: AppContext, org: string) {
  const { costVersion } = await orgRecord(await ctx.db(), org);
  return { ...costCacheOf(ctx).statsOf(org), version: costVersion };
}

/** Drops this instance's slices of the org and bumps its version, so every instance reads again. */
export async function invalidateCostCache(ctx: AppContext, org: string) {
  const db = await ctx.db();
  await orgRecord(db, org);
  const version = await bumpCostVersion(db, org);
  return { invalidated: costCacheOf(ctx).invalidate(org), version };
}
