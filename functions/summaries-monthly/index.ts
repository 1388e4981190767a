import { createJobFunction } from '../../shared/events/factory.js';
import { publishSummaries } from '../../shared/notifications/summaries.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/** Publishes one `send-summaries` message (monthly, as of the fire time) per org with an enabled monthly summary. */
export default deployEvent(
  createJobFunction('summaries-monthly', async ({ ctx, payload, log }) => {
    const orgs = await publishSummaries(ctx, 'monthly', new Date(payload.scheduled_at));
    log.info('summaries-monthly published', { orgs: orgs.length });
  }),
);
