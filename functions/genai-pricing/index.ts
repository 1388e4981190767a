import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { genaiPricingRoutes as r } from '../../shared/contracts/genai.js';
import { deleteOverride, listPricing, putOverride } from '../../shared/genai/overrides.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const genaiPricing = createHttpFunction('genai-pricing', [
  handle(r.list, ({ ctx, params, query }) => listPricing(ctx, params.org, params.provider, query)),
  handle(r.put, ({ ctx, params, body, meta }) =>
    putOverride(ctx, params.org, params.provider, params.model, body, meta),
  ),
  handle(r.remove, ({ ctx, params, query, meta }) =>
    deleteOverride(ctx, params.org, params.provider, params.model, query.effective_from, meta),
  ),
  handle(r.reset, ({ ctx, params, meta }) =>
    deleteOverride(ctx, params.org, params.provider, undefined, undefined, meta),
  ),
]);

export default deployHttp(genaiPricing);
