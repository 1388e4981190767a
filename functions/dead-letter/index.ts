import { z } from 'zod';
import { createEventFunction } from '../../shared/events/factory.js';
import { StepMessageSchema } from '../../shared/contracts/pipelines.js';
import { DeliverNotificationMessageSchema } from '../../shared/contracts/alerts.js';
import { failStep } from '../../shared/pipelines/step-state.js';
import { STEP_DEAD_LETTER_TOPIC } from '../../shared/pipelines/records.js';
import { failUndelivered } from '../../shared/notifications/deliver.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/**
 * Messages whose deliveries were exhausted, on the one dead-letter topic: a step message is recorded and its run
 * failed (frees the slot; the org's pipeline_failure alert is evaluated); a notification delivery message (the
 * `notification-deliver` subscription dead-letters here too) fails its delivery, so the history shows it failed.
 */
export default deployEvent(
  createEventFunction('dead-letter', {
    payload: z.union([DeliverNotificationMessageSchema, StepMessageSchema]),
    handler: async ({ ctx, payload, attributes, messageId, log }) => {
      // Pub/Sub sets CloudPubSubDeadLetterSourceDeliveryCount; the in-process bus sets dead_letter_error.
      const count = attributes.CloudPubSubDeadLetterSourceDeliveryCount;
      const reason =
        attributes.dead_letter_error ?? `delivery attempts exhausted${count ? ` (${count} deliveries)` : ''}`;
      if ('delivery_id' in payload) {
        const failed = await failUndelivered(ctx, payload, `Dead-lettered: ${reason}.`);
        log.warn('notification delivery dead-lettered', { ...payload, failed_now: failed });
        return;
      }
      await failStep(
        await ctx.db(),
        payload,
        `Dead-lettered: ${reason}`,
        { topic: STEP_DEAD_LETTER_TOPIC, messageId },
        ctx,
      );
    },
  }),
);
