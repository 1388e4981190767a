import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPriceBook, defaultPriceData } from './default-prices.js';
import { DEFAULT_DATA_DIR, generate } from './generate-price-book.js';

const data = defaultPriceData();
const book = defaultPriceBook();
const at = (provider: string, model: string, date = '2026-08-01') =>
  book.priceFor(provider, model, date)?.entry;

describe('default price book data', () => {
  it('cites each dataset with its commit and date', () => {
    expect(data.sources.map((s) => `${s.name}@${s.date}`)).toEqual([
      'litellm@2026-07-24',
      'genai-prices@2026-08-21',
      'langfuse@2026-08-21',
    ]);
    const cited = new Set(data.sources.map((s) => `${s.name}@${s.date}`));
    for (const e of data.entries) expect(cited.has(e.source_ref.split(':')[0] ?? '')).toBe(true);
  });

  it.each([
    [
      'openai',
      ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o1', 'o3', 'o3-mini', 'o4-mini'],
    ],
    [
      'openai',
      [
        'gpt-5',
        'gpt-5-mini',
        'gpt-5-nano',
        'text-embedding-3-small',
        'text-embedding-3-large',
        'gpt-image-1',
      ],
    ],
    [
      'anthropic',
      ['claude-3-5-haiku', 'claude-3-5-sonnet', 'claude-3-7-sonnet', 'claude-sonnet-4', 'claude-opus-4'],
    ],
    ['anthropic', ['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5']],
    ['google', ['gemini-2.0-flash', 'gemini-2.5-flash', 'gemini-2.5-pro']],
    ['deepseek', ['deepseek-chat', 'deepseek-reasoner']],
    ['bedrock', ['claude-3-5-sonnet', 'claude-sonnet-4-5', 'claude-haiku-4-5']],
    ['vertex', ['claude-sonnet-4-5', 'gemini-2.5-pro']],
    ['azure', ['gpt-4o', 'gpt-4.1', 'o3-mini']],
  ])('%s covers %j with input and output prices', (provider, models) => {
    for (const model of models)
      expect(at(provider, model)?.rates).toMatchObject({ input: expect.any(String) });
  });

  it('prices whisper per second, TTS per character and DALL-E 3 per image', () => {
    expect(at('openai', 'whisper-1')).toMatchObject({ unit_kind: 'second', rates: { second: '0.0001' } });
    expect(at('openai', 'tts-1')).toMatchObject({ unit_kind: 'character', rates: { character: '0.000015' } });
    expect(at('openai', 'dall-e-3')).toMatchObject({ unit_kind: 'image', rates: { image: '0.04' } });
  });

  it('gives every Claude price (any provider) cache read, 5-minute and 1-hour write prices', () => {
    for (const e of data.entries.filter((x) => x.model.startsWith('claude-'))) {
      expect(Object.keys(e.rates)).toEqual(
        expect.arrayContaining(['cached_input', 'cache_write_5m', 'cache_write_1h']),
      );
    }
  });

  it('has the >200k long-context tier for Sonnet 4 / 4.5 and Gemini 2.5 Pro', () => {
    expect(at('anthropic', 'claude-sonnet-4')?.long_context?.rates).toMatchObject({
      input: '6',
      output: '22.5',
    });
    expect(at('anthropic', 'claude-sonnet-4-5')?.long_context).toMatchObject({
      threshold_tokens: 200_000,
      rates: { input: '6', output: '22.5', cached_input: '0.6', cache_write_5m: '7.5', cache_write_1h: '12' },
    });
    expect(at('google', 'gemini-2.5-pro')?.long_context?.rates).toMatchObject({ input: '2.5', output: '15' });
  });

  it('keeps dated price changes from the datasets', () => {
    expect(at('openai', 'o3', '2025-06-09')?.rates.input).toBe('10');
    expect(at('openai', 'o3', '2025-06-10')?.rates.input).toBe('2');
    expect(at('anthropic', 'claude-opus-4-6', '2026-03-12')?.long_context).toBeDefined();
    expect(at('anthropic', 'claude-opus-4-6', '2026-03-13')?.long_context).toBeUndefined();
    expect(at('anthropic', 'claude-sonnet-5', '2026-09-01')?.rates.input).toBe('3');
  });

  it('records the decisions taken where the datasets disagree', () => {
    expect(data.decisions).toContainEqual(
      expect.objectContaining({
        provider: 'deepseek',
        model: 'deepseek-chat',
        field: 'input',
        chosen: '0.28',
      }),
    );
    expect(data.decisions).toContainEqual(
      expect.objectContaining({
        provider: 'anthropic',
        model: 'claude-3-haiku',
        field: 'cache_write_1h',
        chosen: '0.5',
      }),
    );
  });

  it.skipIf(!existsSync(DEFAULT_DATA_DIR))('is what the generator produces from the datasets', () => {
    expect(JSON.parse(JSON.stringify(generate()))).toEqual(data);
  });
});
