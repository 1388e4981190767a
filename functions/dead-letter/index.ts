import { createEventFunction } from '../../shared/events/factory.js';
import { StepMessageSchema } from '../../shared/contracts/pipelines.js';
import { failStep } from '../../shared/pipelines/step-state.js';
import { STEP_DEAD_LETTER_TOPIC } from '../../shared/pipelines/records.js';
import { deployEvent } from '../../shared/runtime/deploy.js';

/** Step messages whose deliveries were exhausted: recorded, and their run failed (frees the slot). */
export default deployEvent(
  createEventFunction('dead-letter', {
    payload: StepMessageSchema,
    handler: async ({ ctx, payload, attributes, messageId }) => {
      // Pub/Sub sets CloudPubSubDeadLetterSourceDeliveryCount; the in-process bus sets dead_letter_error.
      const count = attributes.CloudPubSubDeadLetterSourceDeliveryCount;
      const reason =
        attributes.dead_letter_error ?? `delivery attempts exhausted${count ? ` (${count} deliveries)` : ''}`;
      await failStep(await ctx.db(), payload, `Dead-lettered: ${reason}`, {
        topic: STEP_DEAD_LETTER_TOPIC,
        messageId,
      });
    },
  }),
);
