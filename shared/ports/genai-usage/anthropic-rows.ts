import type { z } from 'zod';
import { nullIfAbsent, zeroIfAbsent } from './absent.js';
import { dateOfIso } from './dates.js';
import { centsToUnits } from './decimal.js';
import type { CostReportResultSchema, MessagesUsageResultSchema } from './anthropic-schemas.js';
import type { AnthropicCostRow, AnthropicUsageRow } from './port.js';

/** Normalises one usage result: absent counts → 0, absent dimensions → null. */
export function anthropicUsageRow(
  startingAt: string,
  r: z.infer<typeof MessagesUsageResultSchema>,
): AnthropicUsageRow {
  return {
    provider: 'anthropic',
    usage_date: dateOfIso(startingAt),
    ...nullIfAbsent(r, ['model', 'workspace_id', 'api_key_id', 'service_tier', 'context_window']),
    ...zeroIfAbsent(r, ['uncached_input_tokens', 'cache_read_input_tokens']),
    cache_creation_5m_input_tokens: r.cache_creation?.ephemeral_5m_input_tokens ?? 0,
    cache_creation_1h_input_tokens: r.cache_creation?.ephemeral_1h_input_tokens ?? 0,
    output_tokens: r.output_tokens ?? 0,
    web_search_requests: r.server_tool_use?.web_search_requests ?? 0,
    raw: r,
  };
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
    ...nullIfAbsent(r, [
      'workspace_id',
      'description',
      'cost_type',
      'model',
      'service_tier',
      'token_type',
      'context_window',
    ]),
    amount_value: centsToUnits(cents),
    amount_cents: cents,
    currency: (r.currency ?? 'USD').toUpperCase(),
    raw: r,
  };
}
