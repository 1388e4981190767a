import type { z } from 'zod';
import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { costRoutes as r } from '../../shared/contracts/costs.js';
import type { RouteContract } from '../../shared/http/contract.js';
import { costCacheStats, costView, invalidateCostCache, type CostView } from '../../shared/costs/service.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

/** A cost view route: every view is computed by costView from the same cached slice; the contract types it. */
const view = <C extends RouteContract & { response: z.ZodType }>(contract: C, name: CostView) =>
  handle(
    contract,
    ({ ctx, params, query }) =>
      costView(ctx, (params as { org: string }).org, name, query as never) as Promise<z.input<C['response']>>,
  );

const costs = createHttpFunction('costs', [
  view(r.summary, 'summary'),
  view(r.byProvider, 'by-provider'),
  view(r.byService, 'by-service'),
  view(r.byHierarchy, 'by-hierarchy'),
  view(r.trend, 'trend'),
  view(r.trendGranular, 'trend-granular'),
  view(r.cloud, 'cloud'),
  view(r.genai, 'genai'),
  view(r.subscriptions, 'subscriptions'),
  view(r.total, 'total'),
  handle(r.cacheStats, ({ ctx, params }) => costCacheStats(ctx, params.org)),
  handle(r.cacheInvalidate, ({ ctx, params }) => invalidateCostCache(ctx, params.org)),
]);

export default deployHttp(costs);
