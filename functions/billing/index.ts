import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { billingRoutes as r } from '../../shared/contracts/billing.js';
import { listPlans } from '../../shared/billing/plans.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const billing = createHttpFunction('billing', [handle(r.plans, async ({ ctx }) => listPlans(ctx.config))]);

export default deployHttp(billing);
