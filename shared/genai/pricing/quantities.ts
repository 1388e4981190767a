/** Turns a usage row into disjoint billable quantities per price key, so no token is ever charged twice. */
import { UsageDataError } from './errors.js';
import type { PriceKey, UsageRowSchema } from './types.js';
import type { z } from 'zod';

/** A validated usage row. */
export type ParsedUsageRow = z.output<typeof UsageRowSchema>;

/** Billable quantities (tokens or units) by price key, and the row's total prompt tokens. */
export interface Quantities {
  quantities: Partial<Record<PriceKey, number>>;
  /** All input-side tokens (uncached + cached + cache writes + audio/image input): the long-context measure. */
  promptTokens: number;
}

/** `provider/model@date#row_id`, used in error messages. */
export const rowName = (u: ParsedUsageRow): string =>
  `${u.provider}/${u.model}@${u.date}${u.row_id ? `#${u.row_id}` : ''}`;

/**
 * Disjoint buckets. `openai_inclusive` (OpenAI, Azure OpenAI, Gemini, DeepSeek `prompt_tokens`): `input`
 * includes cached reads, cache writes, audio and image input; `output` includes audio output. `disjoint`
 * (Anthropic, Bedrock): every bucket is separate. Reasoning tokens are inside `output` in both.
 * Semantics follow the data: under `openai_inclusive`, audio that exceeds its side's total (older OpenAI
 * responses count `input_tokens`/`output_tokens` as text only) is disjoint, added rather than subtracted.
 */
export function billableQuantities(u: ParsedUsageRow): Quantities {
  const t = u.tokens;
  const side = {
    cached_input: t.cached_input ?? 0,
    cache_write_5m: t.cache_write_5m ?? 0,
    cache_write_1h: t.cache_write_1h ?? 0,
    audio_input: t.audio_input ?? 0,
    image_input: t.image_input ?? 0,
  };
  const sideSum = Object.values(side).reduce((a, b) => a + b, 0);
  const audioOut = t.audio_output ?? 0;
  const inclusive = u.semantics === 'openai_inclusive';
  // Audio above its side's total cannot be inside it: that side counts text only (audio disjoint).
  const insideInput = side.audio_input > t.input ? sideSum - side.audio_input : sideSum;
  const input = inclusive ? t.input - insideInput : t.input;
  const output = inclusive && audioOut <= t.output ? t.output - audioOut : t.output;
  if (input < 0) {
    throw new UsageDataError(
      rowName(u),
      `cached, cache-write, audio and image input (${insideInput}) exceed input tokens (${t.input}), which include them under openai_inclusive semantics`,
    );
  }
  if ((t.reasoning ?? 0) > t.output) {
    throw new UsageDataError(
      rowName(u),
      `reasoning tokens (${t.reasoning}) exceed output tokens (${t.output}); reasoning must be counted inside output`,
    );
  }
  const units = u.units ?? {};
  const quantities: Partial<Record<PriceKey, number>> = {
    input,
    ...side,
    output,
    audio_output: audioOut,
    image: units.images ?? 0,
    character: units.characters ?? 0,
    second: units.seconds ?? 0,
    request: units.requests ?? 0,
  };
  return { quantities, promptTokens: input + sideSum };
}
