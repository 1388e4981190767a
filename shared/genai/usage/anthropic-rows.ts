import type { z } from 'zod';
import { dateOfIso } from './dates.js';
import { centsToUnits } from './decimal.js';
import type { CostReportResultSchema, MessagesUsageResultSchema } from './anthropic-schemas.js';

/** One Anthropic Messages usage row: a day × model × workspace × API key × service tier × context window. */
export interface AnthropicUsageRow {
  provider: 'anthropic';
  /** UTC day of the bucket start, YYYY-MM-DD. */
  usage_date: string;
  model: string | null;
  /** Null = the default workspace. */
  workspace_id: string | null;
  /** Null = Console/Workbench usage. */
  api_key_id: string | null;
  service_tier: string | null;
  context_window: string | null;
  /** The four input buckets are disjoint: total input = uncached + cache read + 5m + 1h writes. */
  uncached_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_5m_input_tokens: number;
  cache_creation_1h_input_tokens: number;
  output_tokens: number;
  /** `server_tool_use.web_search_requests`. */
  web_search_requests: number;
  raw: Record<string, unknown>;
}

/** Normalises one usage result: absent counts → 0, absent dimensions → null. */
export function anthropicUsageRow(
  startingAt: string,
  r: z.infer<typeof MessagesUsageResultSchema>,
): AnthropicUsageRow {
  return {
    provider: 'anthropic',
    usage_date: dateOfIso(startingAt),
    model: r.model ?? null,
    workspace_id: r.workspace_id ?? null,
    api_key_id: r.api_key_id ?? null,
    service_tier: r.service_tier ?? null,
    context_window: r.context_window ?? null,
    uncached_input_tokens: r.uncached_input_tokens ?? 0,
    cache_read_input_tokens: r.cache_read_input_tokens ?? 0,
    cache_creation_5m_input_tokens: r.cache_creation?.ephemeral_5m_input_tokens ?? 0,
    cache_creation_1h_input_tokens: r.cache_creation?.ephemeral_1h_input_tokens ?? 0,
    output_tokens: r.output_tokens ?? 0,
    web_search_requests: r.server_tool_use?.web_search_requests ?? 0,
    raw: r,
  };
}

/** One Anthropic cost report row (a day × workspace × line item description). */
export interface AnthropicCostRow {
  provider: 'anthropic';
  usage_date: string;
  workspace_id: string | null;
  description: string | null;
  /** `tokens`, `web_search`, `code_execution`, …; set because we group by description. */
  cost_type: string | null;
  model: string | null;
  service_tier: string | null;
  token_type: string | null;
  context_window: string | null;
  /** The amount in currency units (dollars) as an exact decimal string: `amount_cents` / 100. */
  amount_value: string;
  /** The API's `amount` as given: cents (lowest currency unit), a decimal string. */
  amount_cents: string;
  /** Upper-cased; the API currently always sends `USD`. */
  currency: string;
  raw: Record<string, unknown>;
}

/** Normalises one cost result; an absent amount is 0. */
export function anthropicCostRow(
  startingAt: string,
  r: z.infer<typeof CostReportResultSchema>,
): AnthropicCostRow {
  const cents = r.amount === null || r.amount === undefined ? '0' : String(r.amount).trim();
  return {
    provider: 'anthropic',
    usage_date: dateOfIso(startingAt),
    workspace_id: r.workspace_id ?? null,
    description: r.description ?? null,
    cost_type: r.cost_type ?? null,
    model: r.model ?? null,
    service_tier: r.service_tier ?? null,
    token_type: r.token_type ?? null,
    context_window: r.context_window ?? null,
    amount_value: centsToUnits(cents),
    amount_cents: cents,
    currency: (r.currency ?? 'USD').toUpperCase(),
    raw: r,
  };
}
