import { createHttpFunction, handle } from '../../shared/http/factory.js';
import { billingRoutes as r } from '../../shared/contracts/billing.js';
import { listPlans } from '../../shared/billing/plans.js';
import { billingStatus, openPortal, startCheckout } from '../../shared/billing/checkout.js';
import { receiveStripeWebhook } from '../../shared/billing/webhook.js';
import { deployHttp } from '../../shared/runtime/deploy.js';

const billing = createHttpFunction('billing', [
  handle(r.plans, async ({ ctx }) => listPlans(ctx.config)),
  handle(r.webhook, async ({ ctx, rawBody, headers, log }) => {
    const { event, outcome } = await receiveStripeWebhook(
      ctx,
      rawBody ?? '',
      headers.get('stripe-signature'),
    );
    log.info('stripe event', { event_id: event.id, event_type: event.type, outcome });
    return { received: true as const };
  }),
  handle(r.get, async ({ ctx, params }) => billingStatus(ctx, params.org)),
  handle(r.checkout, async ({ ctx, params, body, meta }) => startCheckout(ctx, params.org, body, meta)),
  handle(r.portal, async ({ ctx, params, body, meta }) => openPortal(ctx, params.org, body.return_url, meta)),
]);

export default deployHttp(billing);
