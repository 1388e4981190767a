import { createJobFunction } from '../../shared/events/factory.js';
import { expireTrials } from '../../shared/billing/trial-expiry.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

export default deployEvent(
  createJobFunction('trial-expiry', async ({ ctx, payload, log }) => {
    const { suspended } = await expireTrials(ctx, new Date(payload.scheduled_at));
    log.info('trial-expiry done', { suspended: suspended.length, orgs: suspended });
  }),
);
