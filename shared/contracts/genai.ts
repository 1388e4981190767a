import { z } from 'zod';
import { route } from './route.js';
import { DateRangeSchema } from './day.js';
import { GENAI_PROVIDERS } from './providers.js';
import {
  DateSchema,
  DecimalInputSchema,
  listOf,
  orgAdmin,
  OrgParamsSchema,
  OrgSlugSchema,
  orgViewer,
} from './common.js';

export const GenAiProviderSchema = z.enum(GENAI_PROVIDERS);

/** The longest range one GenAI read covers (days, both ends included). */
export const MAX_GENAI_RANGE_DAYS = 366;
/** The most rows one usage import takes. */
export const MAX_IMPORT_ROWS = 50_000;
export const SUMMARY_DIMENSIONS = ['provider', 'model', 'workspace', 'api_key', 'token_type'] as const;
export type SummaryDimension = (typeof SUMMARY_DIMENSIONS)[number];
export const PRICING_FLOWS = ['payg', 'commitment', 'infrastructure'] as const;
export type PricingFlow = (typeof PRICING_FLOWS)[number];
const ModelSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/, 'a model id like gpt-4o or claude-sonnet-4-5');
/** A non-negative decimal (per 1M tokens, or percent): a JSON number or a decimal string, kept exact. */
const Rate = DecimalInputSchema;

const OrgProvider = z.strictObject({ org: OrgSlugSchema, provider: GenAiProviderSchema });

export const PricingItemSchema = z.object({
  model: z.string(),
  region: z.string().nullable(),
  input_per_1m: z.number().nullable(),
  output_per_1m: z.number().nullable(),
  cached_input_per_1m: z.number().nullable(),
  cache_write_per_1m: z.number().nullable(),
  cache_write_1h_per_1m: z.number().nullable(),
  batch_discount_pct: z.number().nullable(),
  effective_from: DateSchema,
  effective_to: DateSchema.nullable(),
  currency: z.string(),
  source: z.enum(['default', 'custom']),
  price_id: z.string(),
  notes: z.string().nullable(),
});

export const OverrideBodySchema = z.strictObject({
  input_per_1m: Rate,
  output_per_1m: Rate,
  cached_input_per_1m: Rate.optional(),
  /** 5-minute cache writes (Anthropic), or the only cache-write price. */
  cache_write_per_1m: Rate.optional(),
  cache_write_1h_per_1m: Rate.optional(),
  batch_discount_pct: Rate.optional(),
  effective_from: DateSchema,
  effective_to: DateSchema.nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code like USD')
    .optional(),
  notes: z.string().max(500).nullable().optional(),
});

export const genaiPricingRoutes = {
  list: route({
    id: 'genai-pricing.list',
    method: 'GET',
    path: '/api/v1/integrations/{org}/{provider}/pricing',
    summary:
      "Public prices of the provider's models and the org's overrides (dated; an override applies from effective_from on).",
    ...orgViewer,
    params: OrgProvider,
    query: z.strictObject({
      model: ModelSchema.optional(),
      source: z.enum(['default', 'custom']).optional(),
    }),
    response: listOf(PricingItemSchema),
  }),
  put: route({
    id: 'genai-pricing.put',
    method: 'PUT',
    path: '/api/v1/integrations/{org}/{provider}/pricing/{model}',
    summary:
      'Set an org override (negotiated price) of a model from effective_from on; usage before that day keeps its price.',
    ...orgAdmin,
    params: z.strictObject({ org: OrgSlugSchema, provider: GenAiProviderSchema, model: ModelSchema }),
    body: OverrideBodySchema,
    response: PricingItemSchema,
    example: {
      body: { input_per_1m: 2, output_per_1m: 8, cached_input_per_1m: 1, effective_from: '2026-10-01' },
    },
  }),
  remove: route({
    id: 'genai-pricing.delete',
    method: 'DELETE',
    path: '/api/v1/integrations/{org}/{provider}/pricing/{model}',
    summary: "Delete the model's override from effective_from, or all its overrides.",
    ...orgAdmin,
    params: z.strictObject({ org: OrgSlugSchema, provider: GenAiProviderSchema, model: ModelSchema }),
    query: z.strictObject({ effective_from: DateSchema.optional() }),
    response: z.object({ deleted: z.number().int() }),
  }),
  reset: route({
    id: 'genai-pricing.reset',
    method: 'DELETE',
    path: '/api/v1/integrations/{org}/{provider}/pricing',
    summary: 'Remove every override of the provider (back to public prices from the next pipeline run).',
    ...orgAdmin,
    params: OrgProvider,
    response: z.object({ deleted: z.number().int() }),
  }),
};

/** A GenAI read's range (at most MAX_GENAI_RANGE_DAYS) and provider filter, plus `shape`'s fields. */
const rangeQuery = <S extends z.ZodRawShape>(shape: S) =>
  DateRangeSchema(MAX_GENAI_RANGE_DAYS, { provider: GenAiProviderSchema.optional(), ...shape });

/** A GenAI read of an org over a range: GET for viewers, `rangeQuery(query)`, and an example range for docs and tests. */
const rangeRead = <S extends z.ZodRawShape, R extends z.ZodType>(c: {
  id: string;
  path: string;
  summary: string;
  query: S;
  response: R;
}) =>
  route({
    id: c.id,
    method: 'GET',
    path: c.path,
    summary: c.summary,
    ...orgViewer,
    params: OrgParamsSchema,
    query: rangeQuery(c.query),
    example: { query: { start_date: '2026-10-01', end_date: '2026-10-31' } },
    response: c.response,
  });

/** Rows of one provider and day, with `shape`'s fields after the date and provider. */
const dailyRows = <S extends z.ZodRawShape>(shape: S) =>
  listOf(z.object({ date: DateSchema, provider: z.string(), ...shape }));

export const genaiRoutes = {
  pricing: route({
    id: 'genai.pricing',
    method: 'GET',
    path: '/api/v1/genai/{org}/pricing',
    summary:
      'Prices by flow: payg (public price book and org overrides), commitment and infrastructure (the org tables).',
    ...orgViewer,
    params: OrgParamsSchema,
    query: z.strictObject({
      flow: z.enum(PRICING_FLOWS).default('payg'),
      provider: GenAiProviderSchema.optional(),
    }),
    response: z.object({
      flow: z.enum(PRICING_FLOWS),
      items: z.array(z.record(z.string(), z.unknown())),
      next_cursor: z.string().nullable(),
    }),
  }),
  seedDefaults: route({
    id: 'genai.seed-defaults',
    method: 'POST',
    path: '/api/v1/genai/{org}/pricing/seed-defaults',
    summary: "Write the public payg price book into the org's genai_payg_pricing table (for SQL and BI).",
    ...orgAdmin,
    params: OrgParamsSchema,
    response: z.object({ table: z.string(), rows: z.number().int() }),
  }),
  usage: rangeRead({
    id: 'genai.usage',
    path: '/api/v1/genai/{org}/usage',
    summary: 'Daily token usage by provider and model.',
    query: { model: ModelSchema.optional() },
    response: dailyRows({
      model: z.string().nullable(),
      input_tokens: z.number(),
      cached_input_tokens: z.number(),
      cache_write_tokens: z.number(),
      output_tokens: z.number(),
      reasoning_tokens: z.number(),
      total_tokens: z.number(),
      request_count: z.number(),
    }),
  }),
  costs: rangeRead({
    id: 'genai.costs',
    path: '/api/v1/genai/{org}/costs',
    summary: 'Daily cost by provider, model and token type (priced usage).',
    query: { model: ModelSchema.optional() },
    response: dailyRows({
      model: z.string().nullable(),
      token_type: z.string().nullable(),
      quantity: z.number(),
      unit: z.string(),
      list_cost: z.number(),
      total_cost: z.number(),
      currency: z.string(),
    }),
  }),
  summary: rangeRead({
    id: 'genai.costs-summary',
    path: '/api/v1/genai/{org}/costs/summary',
    summary:
      'Total cost and its breakdown by provider, model, project/workspace, API key or token type; unpriced usage listed.',
    query: { group_by: z.enum(SUMMARY_DIMENSIONS).default('provider') },
    response: z.object({
      start_date: DateSchema,
      end_date: DateSchema,
      group_by: z.enum(SUMMARY_DIMENSIONS),
      totals: z.array(z.object({ currency: z.string(), total_cost: z.number(), list_cost: z.number() })),
      items: z.array(
        z.object({
          key: z.string().nullable(),
          currency: z.string(),
          total_cost: z.number(),
          list_cost: z.number(),
        }),
      ),
      unpriced: z.array(z.record(z.string(), z.unknown())),
    }),
  }),
  unpriced: rangeRead({
    id: 'genai.unpriced',
    path: '/api/v1/genai/{org}/usage/unpriced',
    summary: 'Usage no price covers (model unknown on that day, or a rate missing), with its quantities.',
    query: {},
    response: listOf(
      z.object({
        provider: z.string(),
        model: z.string().nullable(),
        usage_kind: z.string(),
        token_type: z.string(),
        quantity: z.number(),
        unit: z.string(),
        reason: z.string(),
        first_date: DateSchema,
        last_date: DateSchema,
      }),
    ),
  }),
  reconciliation: rangeRead({
    id: 'genai.reconciliation',
    path: '/api/v1/genai/{org}/reconciliation',
    summary:
      'Computed cost vs the provider-billed cost (OpenAI Costs API, Anthropic cost report) per provider and day.',
    query: {},
    response: dailyRows({
      currency: z.string(),
      computed_cost: z.number().nullable(),
      billed_cost: z.number().nullable(),
      difference: z.number().nullable(),
    }),
  }),
  importUsage: route({
    id: 'genai.usage-import',
    method: 'POST',
    path: '/api/v1/genai/{org}/usage/import',
    summary: `Import usage (CSV with a header row, or JSON rows; at most ${MAX_IMPORT_ROWS} rows) for a provider without a usage API; validated row by row, all or nothing. The file's date range replaces that range's earlier import.`,
    ...orgAdmin,
    params: OrgParamsSchema,
    body: z.strictObject({
      provider: GenAiProviderSchema,
      credential_id: z.uuid(),
      csv: z.string().min(1).optional(),
      rows: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
    response: z.object({
      import_id: z.string(),
      provider: GenAiProviderSchema,
      credential_id: z.string(),
      rows: z.number().int(),
      start_date: DateSchema,
      end_date: DateSchema,
      days: z.number().int(),
    }),
    status: 201,
    example: {
      body: {
        provider: 'deepseek',
        credential_id: '00000000-0000-4000-8000-000000000000',
        csv: 'usage_date,model,input_tokens,cached_input_tokens,output_tokens,request_count\n2026-10-01,deepseek-chat,120000,20000,30000,42\n',
      },
    },
  }),
};
