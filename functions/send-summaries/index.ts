import { createEventFunction } from '../../shared/events/factory.js';
import { SendSummariesMessageSchema } from '../../shared/contracts/notifications.js';
import { sendSummaries } from '../../shared/notifications/summaries.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/**
 * One org's summaries of one frequency: the digest of the period that ended before `as_of`, computed once, and one
 * `deliver-notification` message per enabled channel of each enabled summary (a period is claimed, so sent, once).
 */
export default deployEvent(
  createEventFunction('send-summaries', {
    payload: SendSummariesMessageSchema,
    handler: async ({ ctx, payload, log }) => {
      const sent = await sendSummaries(ctx, payload.org_slug, payload.frequency, new Date(payload.as_of));
      log.info('summaries sent', {
        org_slug: payload.org_slug,
        frequency: payload.frequency,
        period_start: sent.period_start,
        period_end: sent.period_end,
        summaries: sent.summaries,
        claimed: sent.deliveries.filter((d) => d.claimed).length,
        published: sent.deliveries.length,
      });
    },
  }),
);
