import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { genaiRoutes as r } from '../../shared/contracts/genai.js';
import { importUsage } from '../../shared/genai/imports.js';
import {
  costsView,
  costSummary,
  pricingByFlow,
  reconciliation,
  seedDefaultPricing,
  unpricedView,
  usageView,
} from '../../shared/genai/views.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const genai = createHttpFunction('genai', [
  handle(r.pricing, ({ ctx, params, query }) => pricingByFlow(ctx, params.org, query.flow, query.provider)),
  handle(r.seedDefaults, ({ ctx, params }) => seedDefaultPricing(ctx, params.org)),
  handle(r.usage, ({ ctx, params, query }) => usageView(ctx, params.org, query)),
  handle(r.costs, ({ ctx, params, query }) => costsView(ctx, params.org, query)),
  handle(r.summary, ({ ctx, params, query }) => costSummary(ctx, params.org, query)),
  handle(r.unpriced, ({ ctx, params, query }) => unpricedView(ctx, params.org, query)),
  handle(r.reconciliation, ({ ctx, params, query }) => reconciliation(ctx, params.org, query)),
  handle(r.importUsage, ({ ctx, params, body, meta }) => importUsage(ctx, params.org, body, meta)),
]);

export default deployHttp(genai);
