/**
 * The costs router's views, each a typed function bound to its route contract (shared/contracts/costs.ts): it
 * gets the slice narrowed to the request's filters and the org's currency, the request's parsed query and the
 * fields every view answers (`base`), and returns its route's response. To add a view: a route in
 * `costRoutes`, a `defineView` here; functions/costs binds every entry of `costViews`.
 */
import type pl from 'nodejs-polars';
import type { z } from 'zod';
import type { RouteContract } from '../contracts/route.js';
import { costRoutes, type CostQuerySchema, type TrendQuerySchema } from '../contracts/costs.js';
import type { OrgParamsSchema } from '../contracts/common.js';
import {
  byHierarchyView,
  byProviderView,
  byServiceView,
  costTypeView,
  summaryView,
  totalView,
  trendGranularView,
  trendView,
} from './views.js';

/** The query schemas of the cost views: a date range and filters, and for trends a granularity. */
export type CostViewQuery = typeof CostQuerySchema | typeof TrendQuerySchema;
/** A route a cost view answers: org-scoped, a cost query in, a JSON body out. */
export type CostViewRoute<
  Q extends CostViewQuery = CostViewQuery,
  R extends z.ZodType = z.ZodType,
> = RouteContract<typeof OrgParamsSchema, Q, z.ZodType, R>;

/** What every cost view answers besides its own figures. */
export interface ViewBase {
  currency: string;
  start_date: string;
  end_date: string;
  /** FOCUS rows in range and filters billed in another currency than the org's (not in the money). */
  other_currency_records: number;
}

export interface CostViewDef<Q extends CostViewQuery = CostViewQuery, R extends z.ZodType = z.ZodType> {
  readonly route: CostViewRoute<Q, R>;
  /** The route's response from the filtered slice (`df`), the parsed query and the common fields. */
  compute(df: pl.DataFrame, query: z.output<Q>, base: ViewBase): z.input<R>;
}

/** Binds a view's computation to its route contract: the contract types its query and its result. */
export const defineView = <Q extends CostViewQuery, R extends z.ZodType>(
  route: CostViewRoute<Q, R>,
  compute: CostViewDef<Q, R>['compute'],
): CostViewDef<Q, R> => ({ route, compute });

const r = costRoutes;

export const costViews = {
  summary: defineView(r.summary, (df, _q, base) => ({ ...base, ...summaryView(df) })),
  byProvider: defineView(r.byProvider, (df, _q, base) => ({ ...base, items: byProviderView(df) })),
  byService: defineView(r.byService, (df, _q, base) => ({ ...base, items: byServiceView(df) })),
  byHierarchy: defineView(r.byHierarchy, (df, _q, base) => ({ ...base, items: byHierarchyView(df) })),
  trend: defineView(r.trend, (df, q, base) => ({
    ...base,
    granularity: q.granularity,
    items: trendView(df, q.start_date, q.end_date, q.granularity),
  })),
  trendGranular: defineView(r.trendGranular, (df, q, base) => ({
    ...base,
    granularity: q.granularity,
    items: trendGranularView(df, q.granularity),
  })),
  cloud: defineView(r.cloud, (df, _q, base) => ({ ...base, ...costTypeView(df, 'cloud') })),
  genai: defineView(r.genai, (df, _q, base) => ({ ...base, ...costTypeView(df, 'genai') })),
  subscriptions: defineView(r.subscriptions, (df, _q, base) => ({
    ...base,
    ...costTypeView(df, 'subscription'),
  })),
  total: defineView(r.total, (df, _q, base) => ({ ...base, ...totalView(df) })),
};
