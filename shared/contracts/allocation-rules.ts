/** Allocation rules of the hierarchy router: what a rule matches on a cost row, and the rule bodies. */
import { z } from 'zod';
import { TimestampSchema } from './common.js';
import { EntityIdSchema } from './hierarchy-ids.js';
import { CLOUD_PROVIDERS } from './providers.js';

const Value = z.string().trim().min(1).max(256);
export const GENAI_DIMENSIONS = ['workspace', 'api_key', 'account'] as const;

/** What a rule matches on a cost row; `kind` says which fields of the row are compared. */
export const RuleMatchSchema = z.discriminatedUnion('kind', [
  /** The integration credential that ingested the row (x_credential_id). */
  z.strictObject({ kind: z.literal('credential'), credential_id: Value }),
  /** A cloud project, account or subscription (SubAccountId, BillingAccountId or x_cloud_account_id). */
  z.strictObject({
    kind: z.literal('cloud_account'),
    account_id: Value,
    provider: z.enum(CLOUD_PROVIDERS).optional(),
  }),
  /** A tag or label key with its value (Tags). */
  z.strictObject({ kind: z.literal('tag'), key: Value, value: z.string().max(256) }),
  /** A GenAI workspace (OpenAI project, Anthropic workspace), API key id or provider account. */
  z.strictObject({
    kind: z.literal('genai_dimension'),
    dimension: z.enum(GENAI_DIMENSIONS),
    value: Value,
    provider: z
      .string()
      .regex(/^[a-z0-9_]{2,40}$/)
      .optional(),
  }),
  /** A SaaS provider's plans, or one plan by name. */
  z.strictObject({
    kind: z.literal('saas_plan'),
    provider: z.string().regex(/^[a-z0-9_]{2,40}$/, 'a provider slug like slack'),
    plan_name: z
      .string()
      .regex(/^[a-z0-9_]{1,60}$/, 'a plan name like pro')
      .optional(),
  }),
]);
export type RuleMatch = z.infer<typeof RuleMatchSchema>;
export type RuleKind = RuleMatch['kind'];

export const RuleSchema = z.object({
  rule_id: z.string(),
  name: z.string().nullable(),
  priority: z.number().int(),
  enabled: z.boolean(),
  entity_id: z.string(),
  entity_name: z.string(),
  match: RuleMatchSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

const Priority = z.number().int().min(0).max(1_000_000);
export const CreateRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  /** Higher wins; among equal priorities the older rule wins. */
  priority: Priority.default(100),
  enabled: z.boolean().default(true),
  entity_id: EntityIdSchema,
  match: RuleMatchSchema,
});
export const UpdateRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  priority: Priority.optional(),
  enabled: z.boolean().optional(),
  entity_id: EntityIdSchema.optional(),
  match: RuleMatchSchema.optional(),
});
export const RuleListQuerySchema = z.strictObject({
  entity_id: EntityIdSchema.optional(),
  kind: z.enum(['credential', 'cloud_account', 'tag', 'genai_dimension', 'saas_plan']).optional(),
});
