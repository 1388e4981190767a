import { z } from 'zod';
import { DECIMAL_TEXT } from './decimal.js';

/** Usage endpoints we read (`/organization/usage/{kind}`) and the `group_by` values each is asked for. */
export const OPENAI_USAGE_GROUP_BY = {
  completions: ['project_id', 'api_key_id', 'model', 'batch', 'service_tier'],
  embeddings: ['project_id', 'api_key_id', 'model'],
  moderations: ['project_id', 'api_key_id', 'model'],
  images: ['project_id', 'api_key_id', 'model', 'size', 'source'],
  audio_speeches: ['project_id', 'api_key_id', 'model'],
  audio_transcriptions: ['project_id', 'api_key_id', 'model'],
  vector_stores: ['project_id'],
  code_interpreter_sessions: ['project_id'],
} as const satisfies Record<string, readonly string[]>;

/** One OpenAI usage kind (endpoint name). */
export type OpenAiUsageKind = keyof typeof OPENAI_USAGE_GROUP_BY;

/** Every usage kind, in request order. */
export const OPENAI_USAGE_KINDS = Object.keys(OPENAI_USAGE_GROUP_BY) as OpenAiUsageKind[];

const count = z.number().nonnegative().nullish();
const text = z.string().nullish();

/** Any `organization.usage.*.result`: every field optional (older data lacks the newer ones). */
export const UsageResultSchema = z.looseObject({
  object: z.string().optional(),
  input_tokens: count,
  output_tokens: count,
  input_cached_tokens: count,
  input_audio_tokens: count,
  output_audio_tokens: count,
  num_model_requests: count,
  images: count,
  characters: count,
  seconds: count,
  num_sessions: count,
  usage_bytes: count,
  project_id: text,
  user_id: text,
  api_key_id: text,
  model: text,
  batch: z.boolean().nullish(),
  service_tier: text,
  size: text,
  source: text,
});

/** `organization.costs.result`; `amount.value` arrives as its exact JSON number text (see quoteNumbersOf). */
export const CostResultSchema = z.looseObject({
  object: z.string().optional(),
  amount: z
    .looseObject({
      value: z.union([z.string().regex(DECIMAL_TEXT), z.number()]).nullish(),
      currency: text,
    })
    .nullish(),
  line_item: text,
  project_id: text,
  api_key_id: text,
  quantity: z.number().nullish(),
  quantity_unit: text,
});

/** `UsageResponse`: a page of time buckets; the envelope fields are required by the spec. */
export const pageSchema = <R extends z.ZodType>(result: R) =>
  z.looseObject({
    object: z.literal('page').optional(),
    data: z.array(
      z.looseObject({
        object: z.literal('bucket').optional(),
        start_time: z.number().int(),
        end_time: z.number().int().optional(),
        results: z.array(result).default([]),
      }),
    ),
    has_more: z.boolean(),
    next_page: z.string().nullish(),
  });
