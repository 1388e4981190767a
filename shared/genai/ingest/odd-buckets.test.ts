/**
 * Issue 12 item 9: OpenAI buckets whose counts do not fit "audio inside input/output" (a real January 2025
 * completions bucket: output_tokens 822, output_audio_tokens 3,103) are read as disjoint audio, and a bucket that
 * no reading makes possible becomes unpriced lines with its reason instead of failing the run.
 */
import { describe, expect, it } from 'vitest';
import type { OpenAiUsageRow } from '../../ports/genai-usage/index.js';
import { billableQuantities } from '../pricing/quantities.js';
import { defaultPriceBook } from '../pricing/default-prices.js';
import { priceRawRow } from './price.js';
import { openAiRawRow, openAiRawRowAsReported } from './raw.js';

const books = { list: defaultPriceBook(), contracted: defaultPriceBook() };
const MODEL = 'gpt-4o-realtime-preview-2024-12-17';

function openAi(over: Partial<OpenAiUsageRow> = {}): OpenAiUsageRow {
  return {
    provider: 'openai',
    usage_date: '2025-01-14',
    usage_kind: 'completions',
    model: MODEL,
    project_id: 'proj_1',
    api_key_id: null,
    user_id: null,
    batch: false,
    service_tier: null,
    image_size: null,
    image_source: null,
    input_tokens: 1000,
    output_tokens: 822,
    input_cached_tokens: 0,
    input_audio_tokens: 0,
    output_audio_tokens: 3103,
    num_model_requests: 9,
    raw: {},
    ...over,
  };
}

describe('audio that exceeds its total is disjoint', () => {
  it('the January 2025 bucket (output 822, output audio 3,103): audio added, not subtracted', () => {
    const r = openAiRawRow(openAi());
    expect([r.input_tokens, r.output_tokens, r.audio_output_tokens]).toEqual([1000, 822, 3103]);
    expect(r.total_tokens).toBe(1000 + 822 + 3103);
    const lines = priceRawRow(r, books);
    expect(lines.map((l) => [l.token_type, l.quantity, l.total_cost])).toEqual([
      ['input', '1000', '0.005'],
      ['output', '822', '0.01644'],
      ['audio_output', '3103', '0.24824'],
    ]);
  });

  it('input audio above input tokens is disjoint too; cached tokens stay inside input', () => {
    const q = billableQuantities({
      provider: 'openai',
      model: MODEL,
      date: '2025-01-14',
      semantics: 'openai_inclusive',
      tokens: { input: 500, cached_input: 100, audio_input: 2_000, output: 10, audio_output: 4 },
    });
    expect(q.quantities).toMatchObject({ input: 400, cached_input: 100, audio_input: 2_000 });
    expect(q.quantities).toMatchObject({ output: 6, audio_output: 4 });
    expect(q.promptTokens).toBe(2_500);
  });

  it('audio inside its total keeps the inclusive reading', () => {
    const r = openAiRawRow(openAi({ output_tokens: 500, output_audio_tokens: 200 }));
    expect([r.output_tokens, r.audio_output_tokens]).toEqual([300, 200]);
  });
});

describe('an impossible bucket is listed unpriced with its reason', () => {
  const bad = openAi({ input_tokens: 10, input_cached_tokens: 11, output_tokens: 5, output_audio_tokens: 0 });

  it('is kept as reported and marked, instead of failing the read', () => {
    expect(() => openAiRawRow(bad)).toThrow();
    const r = openAiRawRowAsReported(bad);
    expect(r.source_kind).toBe('usage_api_as_reported');
    expect([r.input_tokens, r.cached_input_tokens, r.output_tokens]).toEqual([10, 11, 5]);
    expect(openAiRawRowAsReported(openAi())).toEqual(openAiRawRow(openAi()));
  });

  it('prices to unpriced lines naming the reason, with the reported counts', () => {
    const lines = priceRawRow(openAiRawRowAsReported(bad), books);
    expect(lines.map((l) => [l.token_type, l.quantity, l.pricing_status, l.total_cost])).toEqual([
      ['input', '10', 'unpriced', null],
      ['cached_input', '11', 'unpriced', null],
      ['output', '5', 'unpriced', null],
    ]);
    for (const l of lines)
      expect(l.unpriced_reason).toMatch(/^invalid_usage:.*cached.*exceed input tokens \(10\)/);
  });
});
