import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { costRoutes as r } from '../../shared/contracts/costs.js';
import { costViews, type CostViewDef } from '../../shared/costs/cost-views.js';
import { costCacheStats, costView, invalidateCostCache } from '../../shared/costs/service.js';
import { costFreshness } from '../../shared/costs/freshness.js';
import { costBreakdown, costBreakdowns as b } from '../../shared/costs/breakdowns.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

/** A cost view's route: every view is computed by costView from the same cached slice; defineView typed it. */
const bindCostView = (view: CostViewDef) =>
  handle(view.route, ({ ctx, params, query }) => costView(ctx, view, params.org, query));

const costs = createHttpFunction('costs', [
  ...Object.values(costViews).map(bindCostView),
  handle(r.cloudAccounts, ({ ctx, params, query }) => costBreakdown(ctx, b.cloudAccounts, params.org, query)),
  handle(r.cloudRegions, ({ ctx, params, query }) => costBreakdown(ctx, b.cloudRegions, params.org, query)),
  handle(r.subscriptionPlans, ({ ctx, params, query }) =>
    costBreakdown(ctx, b.subscriptionPlans, params.org, query),
  ),
  handle(r.freshness, ({ ctx, params }) => costFreshness(ctx, params.org)),
  handle(r.cacheStats, ({ ctx, params }) => costCacheStats(ctx, params.org)),
  handle(r.cacheInvalidate, ({ ctx, params }) => invalidateCostCache(ctx, params.org)),
]);

export default deployHttp(costs);
