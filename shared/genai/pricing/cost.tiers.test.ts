import { describe, expect, it } from 'vitest';
import { costUsage } from './cost.js';
import { PriceBook } from './price-book.js';
import { book, costs, entry, priced, row } from './test-entries.js';

describe('costUsage tiers', () => {
  it('applies the batch discount to every token type', () => {
    const tokens = {
      input: 1_000_000,
      cached_input: 1_000_000,
      cache_write_1h: 1_000_000,
      output: 1_000_000,
    };
    const batch = priced(row({ date: '2026-01-01', batch: true, tokens }));
    expect(costs(batch)).toEqual({ input: '1', cached_input: '0.25', cache_write_1h: '2', output: '4' });
    expect(priced(row({ service_tier: 'batch', tokens })).total).toBe(batch.total);
    expect(() => costUsage(row({ batch: true, service_tier: 'flex', tokens }), book)).toThrow(/batch row/);
  });

  it('prices flex by multiplier and priority by explicit rates; a tier the entry lacks is unpriced', () => {
    const tokens = { input: 1_000_000, output: 1_000_000 };
    expect(priced(row({ service_tier: 'flex', tokens })).total).toBe('5');
    expect(priced(row({ service_tier: 'priority', tokens })).total).toBe('17.5');
    expect(priced(row({ service_tier: 'standard', tokens })).total).toBe('10');
    const scale = costUsage(row({ service_tier: 'scale', tokens }), book);
    expect(scale).toMatchObject({
      status: 'unpriced',
      reason: 'missing_rate',
      missing: ['service_tier:scale'],
    });
  });

  it('prices the whole request at long-context rates once its prompt exceeds the threshold', () => {
    const one = (input: number, cached: number) =>
      row({ request_count: 1, tokens: { input, cached_input: cached, output: 100 } });
    expect(priced(one(600, 400))).toMatchObject({ long_context: 'not_applied', total: '0.0022' });
    const above = priced(one(600, 401));
    expect(above.long_context).toBe('applied');
    expect(costs(above)).toEqual({ input: '0.0024', cached_input: '0.000401', output: '0.0012' });
    const agg = row({ request_count: 5, tokens: { input: 5000, output: 0 } });
    expect(priced(agg).long_context).toBe('undetermined');
    expect(priced({ ...agg, max_prompt_tokens_per_request: 1001 }).total).toBe('0.02');
    expect(priced({ ...agg, max_prompt_tokens_per_request: 1000 }).total).toBe('0.01');
    expect(priced({ ...agg, long_context: true, batch: true }).total).toBe('0.01');
  });

  it('keeps per-unit prices under the long-context tier', () => {
    const b = new PriceBook([
      entry({
        provider: 'acme',
        model: 'img',
        rates: { input: '1', output: '2', image: '0.04' },
        long_context: { threshold_tokens: 10, rates: { input: '2', output: '4' } },
      }),
    ]);
    const r = priced(
      row({
        model: 'img',
        long_context: true,
        tokens: { input: 1_000_000, output: 0 },
        units: { images: 2 },
      }),
      b,
    );
    expect(costs(r)).toEqual({ input: '2', image: '0.08' });
  });
});
