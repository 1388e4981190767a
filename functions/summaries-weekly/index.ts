import { createJobFunction } from '../../shared/events/factory.js';
import { publishSummaries } from '../../shared/notifications/summaries.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/** Publishes one `send-summaries` message (weekly, as of the fire time) per org with an enabled weekly summary. */
export default deployEvent(
  createJobFunction('summaries-weekly', async ({ ctx, payload, log }) => {
    const orgs = await publishSummaries(ctx, 'weekly', new Date(payload.scheduled_at));
    log.info('summaries-weekly published', { orgs: orgs.length });
  }),
);
