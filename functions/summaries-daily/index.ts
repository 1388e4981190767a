import { createJobFunction } from '../../shared/events/factory.js';
import { publishSummaries } from '../../shared/notifications/summaries.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/** Publishes one `send-summaries` message (daily, as of the fire time) per org with an enabled daily summary. */
export default deployEvent(
  createJobFunction('summaries-daily', async ({ ctx, payload, log }) => {
    const orgs = await publishSummaries(ctx, 'daily', new Date(payload.scheduled_at));
    log.info('summaries-daily published', { orgs: orgs.length });
  }),
);
