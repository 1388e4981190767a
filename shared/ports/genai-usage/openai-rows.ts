import type { z } from 'zod';
import { nullIfAbsent, zeroIfAbsent } from './absent.js';
import { dateOfSeconds } from './dates.js';
import { plainDecimal } from './decimal.js';
import type { CostResultSchema, OpenAiUsageKind, UsageResultSchema } from './openai-schemas.js';
import type { OpenAiCostRow, OpenAiUsageRow } from './port.js';

type UsageResult = z.infer<typeof UsageResultSchema>;

const KIND_UNIT: Partial<Record<OpenAiUsageKind, [keyof OpenAiUsageRow, keyof UsageResult]>> = {
  images: ['images', 'images'],
  audio_speeches: ['characters', 'characters'],
  audio_transcriptions: ['seconds', 'seconds'],
  code_interpreter_sessions: ['sessions', 'num_sessions'],
  vector_stores: ['usage_bytes', 'usage_bytes'],
};

/** Normalises one usage result: absent counts → 0, absent dimensions → null. */
export function openAiUsageRow(kind: OpenAiUsageKind, bucketStart: number, r: UsageResult): OpenAiUsageRow {
  const row: OpenAiUsageRow = {
    provider: 'openai',
    usage_date: dateOfSeconds(bucketStart),
    usage_kind: kind,
    ...nullIfAbsent(r, ['model', 'project_id', 'api_key_id', 'user_id', 'batch', 'service_tier']),
    image_size: r.size ?? null,
    image_source: r.source ?? null,
    ...zeroIfAbsent(r, [
      'input_tokens',
      'output_tokens',
      'input_cached_tokens',
      'input_audio_tokens',
      'output_audio_tokens',
      'num_model_requests',
    ]),
    raw: r,
  };
  const unit = KIND_UNIT[kind];
  if (unit) Object.assign(row, { [unit[0]]: r[unit[1]] ?? 0 });
  return row;
}

/** Normalises one costs result; an absent amount is 0. */
export function openAiCostRow(bucketStart: number, r: z.infer<typeof CostResultSchema>): OpenAiCostRow {
  const value = r.amount?.value;
  return {
    provider: 'openai',
    usage_date: dateOfSeconds(bucketStart),
    ...nullIfAbsent(r, ['project_id', 'line_item']),
    amount_value: value === null || value === undefined ? '0' : plainDecimal(String(value)),
    currency: (r.amount?.currency ?? 'usd').toUpperCase(),
    ...nullIfAbsent(r, ['quantity', 'quantity_unit']),
    raw: r,
  };
}
