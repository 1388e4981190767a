import { z } from 'zod';
import { route } from './route.js';
import { listOf, orgAdmin, OrgParamsSchema, OrgSlugSchema, orgViewer, TimestampSchema } from './common.js';

export const ChannelTypeSchema = z.enum(['email', 'slack', 'teams', 'webhook']);
export type ChannelType = z.infer<typeof ChannelTypeSchema>;

const Name = z.string().trim().min(1).max(100);
const HttpUrl = z
  .string()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an https URL' }));

/** Each type's `config` as a client sends it. URLs are checked again (SSRF guard) before storing and sending. */
export const ChannelConfigSchemas = {
  email: z.strictObject({ to: z.array(z.email().max(254)).min(1).max(50) }),
  slack: z.strictObject({ webhook_url: HttpUrl }),
  teams: z.strictObject({ webhook_url: HttpUrl }),
  webhook: z.strictObject({ url: HttpUrl }),
} as const;
export type ChannelConfig<T extends ChannelType> = z.output<(typeof ChannelConfigSchemas)[T]>;

const Enabled = z.boolean().optional();
export const CreateChannelBodySchema = z.discriminatedUnion('type', [
  z.strictObject({
    name: Name,
    type: z.literal('email'),
    config: ChannelConfigSchemas.email,
    enabled: Enabled,
  }),
  z.strictObject({
    name: Name,
    type: z.literal('slack'),
    config: ChannelConfigSchemas.slack,
    enabled: Enabled,
  }),
  z.strictObject({
    name: Name,
    type: z.literal('teams'),
    config: ChannelConfigSchemas.teams,
    enabled: Enabled,
  }),
  z.strictObject({
    name: Name,
    type: z.literal('webhook'),
    config: ChannelConfigSchemas.webhook,
    enabled: Enabled,
  }),
]);
export type CreateChannelBody = z.output<typeof CreateChannelBodySchema>;

/** `config` is checked against the channel's type (it cannot change); a new URL keeps the webhook's secret. */
export const UpdateChannelBodySchema = z
  .strictObject({
    name: Name.optional(),
    enabled: z.boolean().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, enabled, config');

/** What may be shown of a channel's config: the recipients, or a masked URL (host and the last 4 characters). */
export const ChannelConfigViewSchema = z.object({
  to: z.array(z.string()).optional(),
  url_hint: z.string().optional(),
});

export const ChannelSchema = z.object({
  channel_id: z.string(),
  name: z.string(),
  type: ChannelTypeSchema,
  enabled: z.boolean(),
  config: ChannelConfigViewSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

export const ChannelCreatedSchema = ChannelSchema.extend({
  /** A webhook's signing secret (32 random bytes, base64url): returned here once, never again. */
  secret: z.string().optional(),
});

export const DeliveryStatusSchema = z.enum(['delivered', 'retrying', 'failed']);
export const DeliveryEventSchema = z.enum(['alert.fired', 'summary', 'test']);

export const TestResultSchema = z.object({
  delivery_id: z.string(),
  channel_id: z.string(),
  status: DeliveryStatusSchema,
  /** The receiver's HTTP status (webhook, Slack, Teams) or SMTP reply code (email), when it answered. */
  http_status: z.number().int().nullable(),
  error: z.string().nullable(),
  retryable: z.boolean(),
});

export const DeliverySchema = z.object({
  delivery_id: z.string(),
  channel_id: z.string(),
  event: DeliveryEventSchema,
  alert_id: z.string().nullable(),
  summary_id: z.string().nullable(),
  status: DeliveryStatusSchema,
  attempts: z.number().int(),
  http_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  /** The values that fired it (the message's fields). */
  payload: z.record(z.string(), z.unknown()),
  created_at: TimestampSchema,
  delivered_at: TimestampSchema.nullable(),
});

export const HistoryQuerySchema = z.strictObject({
  channel_id: z.uuid().optional(),
  status: DeliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const SummaryFrequencySchema = z.enum(['daily', 'weekly', 'monthly']);
export type SummaryFrequency = z.infer<typeof SummaryFrequencySchema>;
const SummaryChannelIds = z.array(z.uuid()).min(1).max(20);
export const CreateSummaryBodySchema = z.strictObject({
  frequency: SummaryFrequencySchema,
  channel_ids: SummaryChannelIds,
  enabled: z.boolean().optional(),
});
export const UpdateSummaryBodySchema = z
  .strictObject({
    frequency: SummaryFrequencySchema.optional(),
    channel_ids: SummaryChannelIds.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one of frequency, channel_ids, enabled');
export const SummarySubscriptionSchema = z.object({
  summary_id: z.string(),
  frequency: SummaryFrequencySchema,
  channel_ids: z.array(z.string()),
  enabled: z.boolean(),
  last_sent_at: TimestampSchema.nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

/** Bus message of `send-summaries`: one org's digests of one frequency for the period that just ended. */
export const SEND_SUMMARIES_TOPIC = 'summaries-send';
export const SendSummariesMessageSchema = z.strictObject({
  org_slug: OrgSlugSchema,
  frequency: SummaryFrequencySchema,
  /** The job's fire time: the period is the whole day, week (Monday to Sunday) or month before it, in UTC. */
  as_of: TimestampSchema,
});

const ChannelParams = z.strictObject({ org: OrgSlugSchema, channel_id: z.uuid() });
const SummaryParams = z.strictObject({ org: OrgSlugSchema, summary_id: z.uuid() });
const base = '/api/v1/notifications/{org}';

export const notificationRoutes = {
  listChannels: route({
    id: 'notifications.listChannels',
    method: 'GET',
    path: `${base}/channels`,
    summary: "The org's notification channels (never a secret; URLs masked).",
    ...orgViewer,
    params: OrgParamsSchema,
    response: listOf(ChannelSchema),
  }),
  createChannel: route({
    id: 'notifications.createChannel',
    method: 'POST',
    path: `${base}/channels`,
    summary:
      "Add an email, Slack, Teams or webhook channel. URLs must be public https; a webhook's signing secret is returned once.",
    ...orgAdmin,
    params: OrgParamsSchema,
    body: CreateChannelBodySchema,
    response: ChannelCreatedSchema,
    status: 201,
    example: { body: { name: 'FinOps team', type: 'email', config: { to: ['finops@example.com'] } } },
  }),
  getChannel: route({
    id: 'notifications.getChannel',
    method: 'GET',
    path: `${base}/channels/{channel_id}`,
    summary: 'One channel (never a secret; URLs masked).',
    ...orgViewer,
    params: ChannelParams,
    response: ChannelSchema,
  }),
  updateChannel: route({
    id: 'notifications.updateChannel',
    method: 'PATCH',
    path: `${base}/channels/{channel_id}`,
    summary:
      'Rename, enable or disable a channel, or change its config (within its type; a webhook keeps its secret).',
    ...orgAdmin,
    params: ChannelParams,
    body: UpdateChannelBodySchema,
    response: ChannelSchema,
    example: { body: { name: 'FinOps alerts', enabled: false } },
  }),
  deleteChannel: route({
    id: 'notifications.deleteChannel',
    method: 'DELETE',
    path: `${base}/channels/{channel_id}`,
    summary: 'Delete a channel (its delivery history stays).',
    ...orgAdmin,
    params: ChannelParams,
    response: z.null(),
    status: 204,
  }),
  testChannel: route({
    id: 'notifications.testChannel',
    method: 'POST',
    path: `${base}/channels/{channel_id}/test`,
    summary:
      'Send a real test message through the channel now and answer the outcome (recorded in the history).',
    ...orgAdmin,
    params: ChannelParams,
    response: TestResultSchema,
  }),
  listSummaries: route({
    id: 'notifications.listSummaries',
    method: 'GET',
    path: `${base}/summaries`,
    summary: "The org's scheduled cost summaries (daily, weekly, monthly digests).",
    ...orgViewer,
    params: OrgParamsSchema,
    response: listOf(SummarySubscriptionSchema),
  }),
  createSummary: route({
    id: 'notifications.createSummary',
    method: 'POST',
    path: `${base}/summaries`,
    summary:
      'Send a daily, weekly or monthly digest (totals, change, top movers, unpriced usage, failed runs) to channels.',
    ...orgAdmin,
    params: OrgParamsSchema,
    body: CreateSummaryBodySchema,
    response: SummarySubscriptionSchema,
    status: 201,
    example: { body: { frequency: 'weekly', channel_ids: ['6f1c2b1e-8c1e-4a5e-9a62-0a8f3c2d9b11'] } },
  }),
  updateSummary: route({
    id: 'notifications.updateSummary',
    method: 'PATCH',
    path: `${base}/summaries/{summary_id}`,
    summary: 'Change a summary: frequency, channels, enabled.',
    ...orgAdmin,
    params: SummaryParams,
    body: UpdateSummaryBodySchema,
    response: SummarySubscriptionSchema,
    example: { body: { enabled: false } },
  }),
  deleteSummary: route({
    id: 'notifications.deleteSummary',
    method: 'DELETE',
    path: `${base}/summaries/{summary_id}`,
    summary: 'Stop a summary (its delivery history stays).',
    ...orgAdmin,
    params: SummaryParams,
    response: z.null(),
    status: 204,
  }),
  history: route({
    id: 'notifications.history',
    method: 'GET',
    path: `${base}/history`,
    summary:
      'Every delivery, newest first (cursor paged): channel, alert or summary, status, attempts, last error.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: HistoryQuerySchema,
    response: listOf(DeliverySchema),
  }),
};
