import { describe, expect, it } from 'vitest';
import { costUsage, costUsageRows } from './cost.js';
import { UsageDataError } from './errors.js';
import { PriceBook } from './price-book.js';
import { book, costs, entry, orgPrice, priced, row } from './test-entries.js';

describe('costUsage', () => {
  it('never charges cached or cache-write tokens twice: inclusive and disjoint rows of one usage agree', () => {
    const inclusive = priced(
      row({
        semantics: 'openai_inclusive',
        tokens: { input: 1000, cached_input: 400, cache_write_5m: 100, output: 50 },
      }),
    );
    const disjoint = priced(
      row({ tokens: { input: 500, cached_input: 400, cache_write_5m: 100, output: 50 } }),
    );
    expect(inclusive.lines).toEqual(disjoint.lines);
    expect(costs(inclusive)).toEqual({
      input: '0.001',
      cached_input: '0.0002',
      cache_write_5m: '0.00025',
      output: '0.0004',
    });
    expect(inclusive.total).toBe('0.00185');
  });

  it('throws a typed error naming the row when cached tokens exceed inclusive input', () => {
    const bad = row({
      semantics: 'openai_inclusive',
      row_id: 'proj_1',
      tokens: { input: 10, cached_input: 11, output: 0 },
    });
    expect(() => costUsage(bad, book)).toThrow(UsageDataError);
    expect(() => costUsage(bad, book)).toThrow(/acme\/chat@2026-01-01#proj_1/);
    expect(() => costUsage(row({ tokens: { input: 1, output: 5, reasoning: 6 } }), book)).toThrow(
      /reasoning/,
    );
    expect(() => costUsage(row({ tokens: { input: -1, output: 0 } }), book)).toThrow(UsageDataError);
    expect(() => costUsage(row({ date: 'not-a-date', tokens: { input: 1, output: 0 } }), book)).toThrow(
      /not a date/,
    );
  });

  it('keeps reasoning tokens inside output (no extra line)', () => {
    const r = priced(row({ tokens: { input: 0, output: 1000, reasoning: 800 } }));
    expect(r.lines).toEqual([
      { token_type: 'output', unit: 'token', quantity: '1000', unit_price_per_1m: '8', cost: '0.008' },
    ]);
  });

  it('prices 1-hour cache writes at their own rate, not the 5-minute rate', () => {
    const r = priced(
      row({ tokens: { input: 0, output: 0, cache_write_5m: 1_000_000, cache_write_1h: 1_000_000 } }),
    );
    expect(costs(r)).toEqual({ cache_write_5m: '2.5', cache_write_1h: '4' });
  });

  it('re-prices only usage on or after a price change', () => {
    const u = (date: string) => row({ date, tokens: { input: 1_000_000, output: 0 } });
    expect(priced(u('2026-10-14')).total).toBe('2');
    expect(priced(u('2026-10-15')).total).toBe('1');
  });

  it('falls back to the input price for a missing cache price, and reports a missing modality price', () => {
    const voice = row({ model: 'voice', tokens: { input: 100, cached_input: 100, output: 0 } });
    expect(priced(voice).lines[1]).toMatchObject({
      token_type: 'cached_input',
      unit_price_per_1m: '1',
      rate_from: 'input',
    });
    const audio = costUsage(row({ model: 'voice', tokens: { input: 1, audio_input: 5, output: 0 } }), book);
    expect(audio).toMatchObject({ status: 'unpriced', reason: 'missing_rate', missing: ['audio_input'] });
  });

  it('reports an unknown model as unpriced with its usage, never as zero', () => {
    const u = row({ model: 'mystery-1', tokens: { input: 10, output: 1 } });
    const { results, totals, unpriced } = costUsageRows(
      [u, row({ tokens: { input: 1_000_000, output: 0 } })],
      book,
    );
    expect(results[0]).toEqual({
      status: 'unpriced',
      provider: 'acme',
      model: 'mystery-1',
      date: '2026-01-01',
      reason: 'no_price',
      usage: u,
    });
    expect(unpriced).toHaveLength(1);
    expect(totals).toEqual({ USD: '2' });
  });

  it('uses an org override from its date and reports which price was used', () => {
    const org = book.withOverrides([orgPrice('acme/chat', { input: '1.5', output: '6' }, '2026-06-01')]);
    const u = (date: string) => row({ date, tokens: { input: 1_000_000, output: 0 } });
    expect(priced(u('2026-05-31'), org)).toMatchObject({
      total: '2',
      price_id: 'default:acme:chat:2024-01-01',
    });
    expect(priced(u('2026-06-01'), org)).toMatchObject({
      total: '1.5',
      price_id: 'custom:acme:chat:2026-06-01',
    });
  });

  it('prices per-unit usage (images, characters, seconds, requests)', () => {
    const units = new PriceBook([
      entry({
        provider: 'acme',
        model: 'tts',
        unit_kind: 'character',
        rates: { character: '0.000015', request: '0.01' },
      }),
    ]);
    const r = priced(
      row({ model: 'tts', tokens: { input: 0, output: 0 }, units: { characters: 1000, requests: 3 } }),
      units,
    );
    expect(r.lines).toEqual([
      { token_type: 'character', unit: 'character', quantity: '1000', unit_price: '0.000015', cost: '0.015' },
      { token_type: 'request', unit: 'request', quantity: '3', unit_price: '0.01', cost: '0.03' },
    ]);
    expect(r.total).toBe('0.045');
  });
});
