import { describe, expect, it } from 'vitest';
import { costUsage, type PricedCost } from './cost.js';
import { defaultPriceBook } from './default-prices.js';
import type { UsageRow } from './types.js';

const book = defaultPriceBook();
const day = '2026-10-01';
const priced = (u: Omit<UsageRow, 'date'> & { date?: string }, options = {}) => {
  const r = costUsage({ date: day, ...u }, book, options);
  if (r.status !== 'priced') throw new Error(`unpriced: ${JSON.stringify(r)}`);
  return r;
};
const costs = (r: PricedCost) => Object.fromEntries(r.lines.map((l) => [l.token_type, l.cost]));

describe('costUsage with the default price book', () => {
  it('prices 1,234,567 gpt-4o input tokens with 200,000 cached exactly (OpenAI includes cached in input)', () => {
    const r = priced({
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      semantics: 'openai_inclusive',
      tokens: { input: 1_234_567, cached_input: 200_000, output: 0 },
    });
    expect(r.lines).toEqual([
      {
        token_type: 'input',
        unit: 'token',
        quantity: '1034567',
        unit_price_per_1m: '2.5',
        cost: '2.5864175',
      },
      {
        token_type: 'cached_input',
        unit: 'token',
        quantity: '200000',
        unit_price_per_1m: '1.25',
        cost: '0.25',
      },
    ]);
    expect(r).toMatchObject({
      total: '2.8364175',
      matched_by: 'family',
      matched_model: 'gpt-4o',
      currency: 'USD',
    });
  });

  it.each<[string, Parameters<typeof priced>[0], Record<string, string>, string]>([
    [
      'prices an Anthropic usage-report row from its disjoint buckets',
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5-20250929',
        semantics: 'disjoint',
        long_context: false,
        tokens: { input: 152_340, cached_input: 880_112, cache_write_5m: 20_480, output: 40_211 },
      },
      { input: '0.45702', cached_input: '0.2640336', cache_write_5m: '0.0768', output: '0.603165' },
      '1.4010186',
    ],
    [
      'separates audio tokens from text under OpenAI inclusive semantics',
      {
        provider: 'openai',
        model: 'gpt-4o-realtime-preview-2024-12-17',
        semantics: 'openai_inclusive',
        tokens: { input: 1_000, cached_input: 100, audio_input: 300, output: 500, audio_output: 200 },
      },
      {
        input: '0.003',
        cached_input: '0.00025',
        audio_input: '0.012',
        output: '0.006',
        audio_output: '0.016',
      },
      '0.03725',
    ],
  ])('%s', (_name, usage, lines, total) => {
    const r = priced(usage);
    expect(costs(r)).toEqual(lines);
    expect(r.total).toBe(total);
  });

  it('prices Anthropic 1-hour cache writes at 2x input and 5-minute writes at 1.25x', () => {
    const r = priced({
      provider: 'anthropic',
      model: 'claude-opus-4-1',
      semantics: 'disjoint',
      tokens: { input: 0, output: 0, cache_write_5m: 1_000_000, cache_write_1h: 1_000_000 },
    });
    expect(costs(r)).toEqual({ cache_write_5m: '18.75', cache_write_1h: '30' });
  });

  it('prices a Sonnet 4.5 request above 200k prompt tokens entirely at the long-context rates', () => {
    const usage = (input: number) => ({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      semantics: 'disjoint' as const,
      request_count: 1,
      tokens: { input, cached_input: 100_000, cache_write_1h: 1_000, output: 2_000 },
    });
    expect(priced(usage(99_000))).toMatchObject({ long_context: 'not_applied', total: '0.363' });
    const lc = priced(usage(99_001));
    expect(costs(lc)).toEqual({
      input: '0.594006',
      cached_input: '0.06',
      cache_write_1h: '0.012',
      output: '0.045',
    });
    expect(priced({ ...usage(99_001), batch: true }).total).toBe('0.355503');
    const gemini = priced({
      ...usage(250_000),
      provider: 'google',
      model: 'models/gemini-2.5-pro',
      semantics: 'openai_inclusive',
      tokens: { input: 250_000, output: 1_000 },
    });
    expect(gemini).toMatchObject({ long_context: 'applied', total: '0.64' });
  });

  it('prices OpenAI batch at 50% and flex / priority at their tier rates', () => {
    const tokens = { input: 1_000_000, cached_input: 0, output: 1_000_000 };
    const o3 = { provider: 'openai', model: 'o3-2025-04-16', semantics: 'openai_inclusive' as const, tokens };
    expect(priced(o3).total).toBe('10');
    expect(priced({ ...o3, batch: true }).total).toBe('5');
    expect(priced({ ...o3, service_tier: 'flex' }).total).toBe('5');
    expect(priced({ ...o3, service_tier: 'priority' }).total).toBe('17.5');
    expect(priced({ ...o3, date: '2025-06-09' }).total).toBe('50');
  });

  it('bills image input tokens of chat models as input tokens, and gpt-image-1 image tokens at their rate', () => {
    const tokens = { input: 1_000_000, image_input: 400_000, output: 0 };
    const chat = priced({ provider: 'openai', model: 'gpt-4.1', semantics: 'openai_inclusive', tokens });
    expect(chat.lines[1]).toMatchObject({ token_type: 'image_input', cost: '0.8', rate_from: 'input' });
    expect(chat.total).toBe('2');
    const image = priced({ provider: 'openai', model: 'gpt-image-1', semantics: 'openai_inclusive', tokens });
    expect(costs(image)).toEqual({ input: '3', image_input: '4' });
  });

  it('prices DeepSeek cache hits and misses, and nothing before its first dated price', () => {
    const usage = {
      provider: 'deepseek',
      model: 'deepseek-chat',
      semantics: 'openai_inclusive' as const,
      tokens: { input: 10_000, cached_input: 4_000, output: 1_000 },
    };
    expect(priced(usage).total).toBe('0.002212');
    expect(costUsage({ ...usage, date: '2025-09-28' }, book)).toMatchObject({
      status: 'unpriced',
      reason: 'no_price',
    });
  });

  it('prices whisper per second, TTS per character and DALL-E per image', () => {
    const none = { input: 0, output: 0 };
    const unit = (model: string, units: UsageRow['units']) =>
      priced({ provider: 'openai', model, semantics: 'openai_inclusive', tokens: none, units }).total;
    expect(unit('whisper-1', { seconds: 600 })).toBe('0.06');
    expect(unit('tts-1', { characters: 1_000 })).toBe('0.015');
    expect(unit('dall-e-3', { images: 3 })).toBe('0.12');
  });

  it('matches Bedrock, Vertex and Azure names to their model families', () => {
    const t = { semantics: 'disjoint' as const, tokens: { input: 1_000_000, output: 0 } };
    expect(
      priced({ ...t, provider: 'bedrock', model: 'anthropic.claude-3-5-sonnet-20241022-v2:0' }).total,
    ).toBe('3');
    expect(
      priced({ ...t, provider: 'aws_bedrock', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }),
    ).toMatchObject({
      total: '3.3',
      matched_region: 'us',
    });
    expect(priced({ ...t, provider: 'vertex_ai', model: 'claude-sonnet-4@20250514' }).total).toBe('3');
    const azure = priced(
      { ...t, provider: 'azure', model: 'prod-chat-eu' },
      { aliases: { 'prod-chat-eu': 'gpt-4o-mini' } },
    );
    expect(azure).toMatchObject({ matched_by: 'alias', total: '0.165' });
    expect(priced({ ...t, provider: 'openai', model: 'ft:gpt-4o-2024-08-06:acme::abc' }).total).toBe('3.75');
  });
});
