import { z } from 'zod';

/** The Pub/Sub message inside a CloudEvent, as Eventarc delivers it to a gen2 function. */
export const PubSubMessageSchema = z.object({
  data: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  messageId: z.string(),
  publishTime: z.string(),
  /** Set when the subscription has a dead-letter policy (1 on first delivery). */
  deliveryAttempt: z.number().int().optional(),
});
export type PubSubMessage = z.infer<typeof PubSubMessageSchema>;

export const PUBSUB_EVENT_TYPE = 'google.cloud.pubsub.topic.v1.messagePublished';

/** The CloudEvent envelope; the in-process bus delivers exactly this shape too. */
export const PubSubCloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string(),
  source: z.string(),
  type: z.literal(PUBSUB_EVENT_TYPE),
  time: z.string().optional(),
  data: z.object({ message: PubSubMessageSchema, subscription: z.string().optional() }),
});
export type PubSubCloudEvent = z.infer<typeof PubSubCloudEventSchema>;

/** A scheduled job's trigger message (Cloud Scheduler -> Pub/Sub -> job function). */
export const JobTriggerSchema = z.object({
  job: z.string(),
  /** Cloud Scheduler cannot template the fire time; when absent the job uses the message's publishTime. */
  scheduled_at: z.string().datetime().optional(),
});
export type JobTrigger = z.infer<typeof JobTriggerSchema>;

export function encodeEvent(
  topic: string,
  payload: unknown,
  opts: {
    messageId: string;
    attributes?: Record<string, string>;
    deliveryAttempt?: number;
    publishTime?: Date;
  },
): PubSubCloudEvent {
  const publishTime = (opts.publishTime ?? new Date()).toISOString();
  return {
    specversion: '1.0',
    id: opts.messageId,
    source: `//pubsub.googleapis.com/topics/${topic}`,
    type: PUBSUB_EVENT_TYPE,
    time: publishTime,
    data: {
      message: {
        data: Buffer.from(JSON.stringify(payload), 'utf8').toString('base64'),
        attributes: opts.attributes ?? {},
        messageId: opts.messageId,
        publishTime,
        ...(opts.deliveryAttempt ? { deliveryAttempt: opts.deliveryAttempt } : {}),
      },
      subscription: `subscriptions/${topic}`,
    },
  };
}
