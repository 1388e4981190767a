import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPriceBook } from '../pricing/default-prices.js';
import { costUsage } from '../pricing/cost.js';
import { UsageDataError } from '../pricing/errors.js';
import type { AnthropicUsageRow, OpenAiUsageRow } from '../../ports/genai-usage/index.js';
import { orgPrice } from '../pricing/test-entries.js';
import { priceRawRow } from './price.js';
import { validateImport } from '../imports.js';
import { anthropicRawRow, openAiRawRow, rowId, usageOfRaw } from './raw.js';

const books = { list: defaultPriceBook(), contracted: defaultPriceBook() };

function openAi(over: Partial<OpenAiUsageRow> = {}): OpenAiUsageRow {
  return {
    provider: 'openai',
    usage_date: '2026-08-01',
    usage_kind: 'completions',
    model: 'gpt-4o',
    project_id: 'proj_1',
    api_key_id: 'key_1',
    user_id: null,
    batch: false,
    service_tier: 'default',
    image_size: null,
    image_source: null,
    input_tokens: 1000,
    output_tokens: 100,
    input_cached_tokens: 0,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: 1,
    raw: {},
    ...over,
  };
}

function anthropic(over: Partial<AnthropicUsageRow> = {}): AnthropicUsageRow {
  return {
    provider: 'anthropic',
    usage_date: '2026-08-01',
    model: 'claude-sonnet-4-5',
    workspace_id: null,
    api_key_id: null,
    service_tier: 'standard',
    context_window: '200k-1M',
    uncached_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_5m_input_tokens: 0,
    cache_creation_1h_input_tokens: 0,
    output_tokens: 0,
    web_search_requests: 0,
    raw: {},
    ...over,
  };
}

describe('raw rows', () => {
  it('keeps the id of a bucket from one release to the next (re-runs replace rows by it)', () => {
    const parts = [
      'openai',
      'completions',
      '2026-10-01',
      'gpt-4o',
      null,
      'proj_a',
      'key_1',
      null,
      'default',
      false,
    ];
    // The first 24 hex digits of SHA-256 over the parts' JSON, as every earlier release wrote them.
    expect(rowId([...parts, null, null, null])).toBe('9fff1ba24c5ac20618eb69a3');
    for (const p of [parts, ['anthropic', 'ü ✓', 1, true, { a: [null] }], []]) {
      expect(rowId(p)).toBe(createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 24));
    }
  });

  it('splits OpenAI inclusive input into disjoint buckets and rejects cached > input naming the row', () => {
    const r = openAiRawRow(openAi({ input_tokens: 1000, input_cached_tokens: 400, input_audio_tokens: 100 }));
    expect([r.input_tokens, r.cached_input_tokens, r.audio_input_tokens, r.total_tokens]).toEqual([
      500, 400, 100, 1100,
    ]);
    expect(() => openAiRawRow(openAi({ input_tokens: 10, input_cached_tokens: 11 }))).toThrow(UsageDataError);
    expect(() => openAiRawRow(openAi({ input_tokens: 10, input_cached_tokens: 11 }))).toThrow(
      /openai\/gpt-4o@2026-08-01/,
    );
  });

  it('keeps Anthropic buckets disjoint and reads 200k-1M as the long-context tier', () => {
    const r = anthropicRawRow(
      anthropic({
        uncached_input_tokens: 10,
        cache_read_input_tokens: 20,
        cache_creation_5m_input_tokens: 30,
        cache_creation_1h_input_tokens: 40,
        output_tokens: 50,
      }),
    );
    expect([
      r.input_tokens,
      r.cached_input_tokens,
      r.cache_write_5m_tokens,
      r.cache_write_1h_tokens,
      r.long_context,
    ]).toEqual([10, 20, 30, 40, true]);
    expect(r.total_tokens).toBe(150);
  });

  it('gives the same bucket the same id on every read, and different buckets different ids', () => {
    expect(openAiRawRow(openAi()).usage_row_id).toBe(openAiRawRow(openAi()).usage_row_id);
    expect(openAiRawRow(openAi()).usage_row_id).not.toBe(
      openAiRawRow(openAi({ api_key_id: 'key_2' })).usage_row_id,
    );
  });
});

describe('pricing raw rows', () => {
  it('an unknown service tier is unpriced with the tier named, never priced as default', () => {
    const lines = priceRawRow(openAiRawRow(openAi({ service_tier: 'turbo' })), books);
    expect(lines.map((l) => [l.pricing_status, l.unpriced_reason, l.total_cost])).toEqual([
      ['unpriced', 'unknown_service_tier:turbo', null],
      ['unpriced', 'unknown_service_tier:turbo', null],
    ]);
  });

  it('moderations are free (cost 0, marked free); vector storage is listed unpriced', () => {
    const free = priceRawRow(
      openAiRawRow(openAi({ usage_kind: 'moderations', model: 'omni-moderation-latest', output_tokens: 0 })),
      books,
    );
    expect(free.map((l) => [l.pricing_status, l.total_cost])).toEqual([['free', '0']]);
    const storage = priceRawRow(
      openAiRawRow(
        openAi({
          usage_kind: 'vector_stores',
          model: null,
          input_tokens: 0,
          output_tokens: 0,
          usage_bytes: 2048,
        }),
      ),
      books,
    );
    expect(storage.map((l) => [l.pricing_status, l.token_type, l.pricing_unit, l.quantity])).toEqual([
      ['unpriced', 'vector_stores', 'Bytes', '2048'],
    ]);
  });

  it('each line is quantity x unit price exactly and the lines sum to the priced total (property)', () => {
    const models = ['gpt-4o', 'gpt-4o-mini', 'o3', 'gpt-4.1', 'gpt-4o-2024-05-13'];
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.boolean(),
        (model, input, cachedPct, output, batch) => {
          const cached = Math.floor((input * cachedPct) / 100);
          const row = openAiRawRow(
            openAi({ model, input_tokens: input, input_cached_tokens: cached, output_tokens: output, batch }),
          );
          const lines = priceRawRow(row, books);
          const expected = costUsage(usageOfRaw(row), books.contracted);
          if (expected.status !== 'priced') return lines.every((l) => l.pricing_status === 'unpriced');
          let total = new Decimal(0);
          for (const l of lines) {
            expect(new Decimal(l.quantity).times(l.unit_price!).equals(l.total_cost!)).toBe(true);
            expect(new Decimal(l.quantity).times(l.list_unit_price!).equals(l.list_cost!)).toBe(true);
            total = total.plus(l.total_cost!);
          }
          return total.equals(expected.total);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('org overrides over the public price', () => {
  const override = (ref: string, rates: Record<string, string>) =>
    orgPrice(ref, rates, '2026-01-01', { source_ref: 'test' });
  const total = (lines: ReturnType<typeof priceRawRow>) =>
    lines.reduce((a, l) => a.plus(l.total_cost ?? 'NaN'), new Decimal(0)).toFixed();

  it('rates the override does not name stay public: cached input is never dearer than the public cached price', () => {
    const b = {
      list: defaultPriceBook(),
      contracted: defaultPriceBook([override('openai/gpt-4o', { input: '2', output: '8' })]),
    };
    const row = openAiRawRow(
      openAi({ input_tokens: 1_000_000, input_cached_tokens: 800_000, output_tokens: 0 }),
    );
    // 200k uncached at the negotiated 2, 800k cached at the public 1.25.
    expect(total(priceRawRow(row, b))).toBe('1.4');
  });

  it('an Anthropic override keeps the public long-context tier (never silently standard rates)', () => {
    const b = {
      list: defaultPriceBook(),
      contracted: defaultPriceBook([override('anthropic/claude-sonnet-4-5', { input: '2.4', output: '12' })]),
    };
    const row = anthropicRawRow(anthropic({ uncached_input_tokens: 1_000_000, output_tokens: 100_000 }));
    const lines = priceRawRow(row, b);
    expect(lines.every((l) => l.long_context === 'applied')).toBe(true);
    expect(total(lines)).toBe('8.25'); // public long-context 6 / 22.5 per 1M
  });

  it('a rate that needs more than 18 decimals is reported unpriced, not rounded and not a failed run', () => {
    const b = {
      list: defaultPriceBook(),
      contracted: defaultPriceBook([override('openai/gpt-4o', { input: '0.0000000000003', output: '8' })]),
    };
    const lines = priceRawRow(openAiRawRow(openAi({ input_tokens: 3, output_tokens: 0 })), b);
    expect(lines.map((l) => [l.pricing_status, l.unpriced_reason?.startsWith('precision:')])).toEqual([
      ['unpriced', true],
    ]);
  });
});

describe('usage import rows', () => {
  const row = {
    usage_date: '2026-09-01',
    model: 'claude-sonnet-4-5',
    input_tokens: '1000',
    output_tokens: '10',
  };
  const problems = (records: Record<string, unknown>[], provider: 'bedrock' | 'deepseek' = 'bedrock') => {
    try {
      validateImport(provider, records);
      return [];
    } catch (err) {
      return (err as { details: { row: number; path: string }[] }).details.map((d) => `${d.row}:${d.path}`);
    }
  };

  it('counts cached tokens inside input for every provider (Bedrock too): more cached than input is refused', () => {
    expect(problems([{ ...row, cached_input_tokens: '800' }])).toEqual([]);
    expect(problems([{ ...row, cached_input_tokens: '1200' }])).toEqual(['1:tokens']);
  });

  it('refuses blank or null counts and impossible dates instead of reading them as 0', () => {
    expect(
      problems([
        { ...row, input_tokens: '' },
        { ...row, output_tokens: null },
        { ...row, usage_date: '2026-02-30' },
      ]),
    ).toEqual(['1:input_tokens', '2:output_tokens', '3:usage_date']);
  });
});
