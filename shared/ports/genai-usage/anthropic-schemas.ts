import { z } from 'zod';
import { DECIMAL_TEXT } from './decimal.js';

const count = z.number().nonnegative().nullish();
const text = z.string().nullish();

/** A `MessagesUsageReport` result; dimensions are null unless grouped, every count treated as optional. */
export const MessagesUsageResultSchema = z.looseObject({
  uncached_input_tokens: count,
  cache_read_input_tokens: count,
  cache_creation: z
    .looseObject({ ephemeral_5m_input_tokens: count, ephemeral_1h_input_tokens: count })
    .nullish(),
  output_tokens: count,
  server_tool_use: z.looseObject({ web_search_requests: count }).nullish(),
  api_key_id: text,
  workspace_id: text,
  model: text,
  service_tier: text,
  context_window: text,
});

/** A cost report result: `amount` is a decimal string in cents (a number is accepted, read exactly). */
export const CostReportResultSchema = z.looseObject({
  amount: z.union([z.string().trim().regex(DECIMAL_TEXT), z.number()]).nullish(),
  currency: text,
  cost_type: text,
  description: text,
  model: text,
  service_tier: text,
  token_type: text,
  context_window: text,
  workspace_id: text,
});

/** A report page: day buckets with RFC 3339 bounds, `has_more` and the `next_page` cursor. */
export const reportPageSchema = <R extends z.ZodType>(result: R) =>
  z.looseObject({
    data: z.array(
      z.looseObject({
        starting_at: z.iso.datetime({ offset: true }),
        ending_at: z.iso.datetime({ offset: true }).optional(),
        results: z.array(result).default([]),
      }),
    ),
    has_more: z.boolean(),
    next_page: z.string().nullish(),
  });
