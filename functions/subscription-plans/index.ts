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
  handle(r.setProvider, ({ ctx, params, body, principal, requestId }) =>
    setProvider(ctx, params.org, params.provider, body.enabled, { principal, requestId }),
  ),
  handle(r.listPlans, ({ ctx, params }) => listPlans(ctx, params.org, params.provider)),
  handle(r.createPlan, ({ ctx, params, body, principal, requestId }) =>
    createPlan(ctx, params.org, params.provider, body, { principal, requestId }),
  ),
  handle(r.updatePlan, ({ ctx, params, body, principal, requestId }) =>
    updatePlan(ctx, params.org, params.provider, params.plan_id, body, { principal, requestId }),
  ),
  handle(r.addChange, ({ ctx, params, body, principal, requestId }) =>
    addChange(ctx, params.org, params.provider, params.plan_id, body, { principal, requestId }),
  ),
  handle(r.toggle, ({ ctx, params, principal, requestId }) =>
    togglePlan(ctx, params.org, params.provider, params.plan_id, { principal, requestId }),
  ),
  handle(r.deletePlan, async ({ ctx, params, principal, requestId }) => {
    await deletePlan(ctx, params.org, params.provider, params.plan_id, { principal, requestId });
    return reply(204, null);
  }),
  handle(r.reset, ({ ctx, params, principal, requestId }) =>
    resetPlans(ctx, params.org, params.provider, { principal, requestId }),
  ),
]);

export default deployHttp(subscriptionPlans);
