import type { z } from 'zod';
import { dateOfSeconds } from './dates.js';
import { plainDecimal } from './decimal.js';
import type { CostResultSchema, OpenAiUsageKind, UsageResultSchema } from './openai-schemas.js';

/** One OpenAI usage row: a day bucket × usage kind × group (model, project, API key, batch, tier, image size/source). */
export interface OpenAiUsageRow {
  provider: 'openai';
  /** UTC day of the bucket start, YYYY-MM-DD. */
  usage_date: string;
  usage_kind: OpenAiUsageKind;
  model: string | null;
  project_id: string | null;
  api_key_id: string | null;
  /** Null: we do not group by user (cardinality); set only if the API sends it anyway. */
  user_id: string | null;
  /** Completions only (true = Batch API); null for other kinds. */
  batch: boolean | null;
  /** Completions only (`default`, `flex`, `priority`, `scale`…); null for other kinds. */
  service_tier: string | null;
  /** Images only (`1024x1024`…, `image.generation`…); null for other kinds. */
  image_size: string | null;
  image_source: string | null;
  /** All input tokens, incl. cached and cache-write (0 when absent). */
  input_tokens: number;
  output_tokens: number;
  input_cached_tokens: number;
  input_audio_tokens: number;
  output_audio_tokens: number;
  num_model_requests: number;
  /** Unit of the kind, present only on that kind's rows: images, characters (speech), seconds (transcription). */
  images?: number;
  characters?: number;
  seconds?: number;
  /** Code interpreter sessions. */
  sessions?: number;
  /** Vector store bytes (a gauge, not a sum). */
  usage_bytes?: number;
  /** The result object exactly as the API sent it. */
  raw: Record<string, unknown>;
}

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
    model: r.model ?? null,
    project_id: r.project_id ?? null,
    api_key_id: r.api_key_id ?? null,
    user_id: r.user_id ?? null,
    batch: r.batch ?? null,
    service_tier: r.service_tier ?? null,
    image_size: r.size ?? null,
    image_source: r.source ?? null,
    input_tokens: r.input_tokens ?? 0,
    output_tokens: r.output_tokens ?? 0,
    input_cached_tokens: r.input_cached_tokens ?? 0,
    input_audio_tokens: r.input_audio_tokens ?? 0,
    output_audio_tokens: r.output_audio_tokens ?? 0,
    num_model_requests: r.num_model_requests ?? 0,
    raw: r,
  };
  const unit = KIND_UNIT[kind];
  if (unit) Object.assign(row, { [unit[0]]: r[unit[1]] ?? 0 });
  return row;
}

/** One OpenAI Costs row: what OpenAI bills for a day × project × line item. */
export interface OpenAiCostRow {
  provider: 'openai';
  usage_date: string;
  project_id: string | null;
  line_item: string | null;
  /** `amount.value` in currency units as an exact decimal string: the API's JSON number text, never a double. */
  amount_value: string;
  /** ISO 4217, upper-cased (the API sends `usd`). */
  currency: string;
  quantity: number | null;
  quantity_unit: string | null;
  raw: Record<string, unknown>;
}

/** Normalises one costs result; an absent amount is 0. */
export function openAiCostRow(bucketStart: number, r: z.infer<typeof CostResultSchema>): OpenAiCostRow {
  const value = r.amount?.value;
  return {
    provider: 'openai',
    usage_date: dateOfSeconds(bucketStart),
    project_id: r.project_id ?? null,
    line_item: r.line_item ?? null,
    amount_value: value === null || value === undefined ? '0' : plainDecimal(String(value)),
    currency: (r.amount?.currency ?? 'usd').toUpperCase(),
    quantity: r.quantity ?? null,
    quantity_unit: r.quantity_unit ?? null,
    raw: r,
  };
}
