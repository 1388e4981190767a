import { createEventFunction } from '../../shared/events/factory.js';
import { DeliverNotificationMessageSchema } from '../../shared/contracts/alerts.js';
import { failUndelivered, deliverNotification } from '../../shared/notifications/deliver.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/**
 * Sends one claimed notification (email, Slack, Teams, webhook) and records the attempt; a retryable failure
 * throws so the bus redelivers with backoff (shared/notifications/deliver.ts).
 */
export default deployEvent(
  createEventFunction('deliver-notification', {
    payload: DeliverNotificationMessageSchema,
    handler: async ({ ctx, payload, deliveryAttempt, log }) => {
      await deliverNotification(ctx, payload, { deliveryAttempt, log });
    },
    // Too old to send now (a day late is not a notification any more): shown as failed with the reason.
    onTooOld: async ({ ctx, payload }, age) => {
      const max = ctx.config.EVENT_MAX_AGE_SECONDS;
      await failUndelivered(
        ctx,
        payload,
        `Not sent: the message was ${Math.round(age)}s old, over EVENT_MAX_AGE_SECONDS=${max}.`,
      );
    },
  }),
);
