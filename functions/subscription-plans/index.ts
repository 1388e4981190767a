import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { subscriptionRoutes as r } from '../../shared/contracts/subscriptions.js';
import { reply } from '../../shared/http/respond.js';
import {
  addChange,
  createPlan,
  deletePlan,
  listPlans,
  listProviders,
  resetPlans,
  setProvider,
  togglePlan,
  updatePlan,
} from '../../shared/saas/plans.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const subscriptionPlans = createHttpFunction('subscription-plans', [
  handle(r.providers, ({ ctx, params }) => listProviders(ctx, params.org)),
  handle(r.setProvider, ({ ctx, params, body, meta }) =>
    setProvider(ctx, params.org, params.provider, body.enabled, meta),
  ),
  handle(r.listPlans, ({ ctx, params }) => listPlans(ctx, params.org, params.provider)),
  handle(r.createPlan, ({ ctx, params, body, meta }) =>
    createPlan(ctx, params.org, params.provider, body, meta),
  ),
  handle(r.updatePlan, ({ ctx, params, body, meta }) =>
    updatePlan(ctx, params.org, params.provider, params.plan_id, body, meta),
  ),
  handle(r.addChange, ({ ctx, params, body, meta }) =>
    addChange(ctx, params.org, params.provider, params.plan_id, body, meta),
  ),
  handle(r.toggle, ({ ctx, params, meta }) =>
    togglePlan(ctx, params.org, params.provider, params.plan_id, meta),
  ),
  handle(r.deletePlan, async ({ ctx, params, meta }) => {
    await deletePlan(ctx, params.org, params.provider, params.plan_id, meta);
    return reply(204, null);
  }),
  handle(r.reset, ({ ctx, params, meta }) => resetPlans(ctx, params.org, params.provider, meta)),
]);

export default deployHttp(subscriptionPlans);
