import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costUsage, type CostResult } from './cost.js';
import { PriceBook } from './price-book.js';
import { D } from './rates.js';
import { entry } from './test-entries.js';
import type { UsageRow } from './types.js';

const book = new PriceBook([
  entry({
    provider: 'p',
    model: 'm',
    rates: {
      input: '1.1',
      output: '4.4',
      cached_input: '0.275',
      cache_write_5m: '1.375',
      cache_write_1h: '2.2',
      audio_input: '0.0375',
      image_input: '3.333333',
      audio_output: '80',
      image: '0.042',
      character: '0.000015',
      second: '0.0001',
      request: '0.01',
    },
    batch_discount_pct: '37.5',
    service_tiers: {
      flex: { multiplier: '0.55' },
      priority: { rates: { input: '2.07', output: '8.3', cached_input: '0.5' } },
    },
    long_context: {
      threshold_tokens: 200_000,
      rates: {
        ...{
          input: '2.2',
          output: '6.6',
          cached_input: '0.55',
          cache_write_5m: '2.75',
          cache_write_1h: '4.4',
        },
        ...{ audio_input: '0.075', image_input: '6.666666', audio_output: '120' },
      },
    },
  }),
]);

const count = fc.integer({ min: 0, max: 5_000_000_000 });
const buckets = fc.record({
  input: count,
  output: count,
  cached_input: count,
  cache_write_5m: count,
  cache_write_1h: count,
  audio_input: count,
  image_input: count,
  audio_output: count,
});
const units = fc.record({
  images: fc.integer({ min: 0, max: 10_000 }),
  characters: fc.integer({ min: 0, max: 10_000_000 }),
  seconds: fc.integer({ min: 0, max: 1_000_000 }),
  requests: fc.integer({ min: 0, max: 1_000_000 }),
});
const tier = fc.constantFrom<Pick<UsageRow, 'service_tier' | 'batch'>>(
  {},
  { batch: true },
  { service_tier: 'flex' },
  { service_tier: 'default' },
);
type Buckets = typeof buckets extends fc.Arbitrary<infer T> ? T : never;

/** One usage as a row with the given semantics: inclusive rows fold every input-side bucket into input. */
function asRow(b: Buckets, semantics: UsageRow['semantics'], extra: Partial<UsageRow>): UsageRow {
  const inclusive = semantics === 'openai_inclusive';
  const side = b.cached_input + b.cache_write_5m + b.cache_write_1h + b.audio_input + b.image_input;
  const tokens = {
    ...b,
    input: inclusive ? b.input + side : b.input,
    output: inclusive ? b.output + b.audio_output : b.output,
  };
  return { provider: 'p', model: 'm', date: '2026-01-01', semantics, tokens, long_context: false, ...extra };
}
const totalOf = (r: CostResult) => {
  if (r.status !== 'priced') throw new Error(JSON.stringify(r));
  return new D(r.total);
};

describe('costUsage properties', () => {
  it('total is exactly the sum of the lines', () => {
    fc.assert(
      fc.property(
        buckets,
        units,
        tier,
        fc.boolean(),
        fc.constantFrom('openai_inclusive', 'disjoint'),
        (b, u, t, lc, s) => {
          const r = costUsage(
            asRow(b, s as UsageRow['semantics'], { ...t, units: u, long_context: lc }),
            book,
          );
          if (r.status !== 'priced') throw new Error(JSON.stringify(r));
          const sum = r.lines.reduce((acc, l) => acc.plus(l.cost), new D(0));
          expect(sum.eq(r.total)).toBe(true);
          for (const l of r.lines) {
            const unit =
              l.unit === 'token' ? new D(l.unit_price_per_1m ?? 0).div(1_000_000) : new D(l.unit_price ?? 0);
            expect(unit.times(l.quantity).eq(l.cost)).toBe(true);
          }
        },
      ),
    );
  });

  it('inclusive and disjoint rows of the same usage price the same (no double counting)', () => {
    fc.assert(
      fc.property(buckets, tier, (b, t) => {
        const inclusive = totalOf(costUsage(asRow(b, 'openai_inclusive', t), book));
        expect(inclusive.eq(totalOf(costUsage(asRow(b, 'disjoint', t), book)))).toBe(true);
      }),
    );
  });

  it('splitting a usage row into two rows prices to the same total', () => {
    const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(
        buckets,
        units,
        tier,
        fractions,
        fc.constantFrom('openai_inclusive', 'disjoint'),
        (b, u, t, f, s) => {
          const keys = Object.keys(b) as (keyof Buckets)[];
          const unitKeys = Object.keys(u) as (keyof typeof u)[];
          const first = Object.fromEntries(
            keys.map((k, i) => [k, Math.floor(b[k] * (f[i] ?? 0))]),
          ) as Buckets;
          const second = Object.fromEntries(keys.map((k) => [k, b[k] - first[k]])) as Buckets;
          const u1 = Object.fromEntries(
            unitKeys.map((k, i) => [k, Math.floor(u[k] * (f[8 + i] ?? 0))]),
          ) as typeof u;
          const u2 = Object.fromEntries(unitKeys.map((k) => [k, u[k] - u1[k]])) as typeof u;
          const sem = s as UsageRow['semantics'];
          const whole = totalOf(costUsage(asRow(b, sem, { ...t, units: u }), book));
          const parts = totalOf(costUsage(asRow(first, sem, { ...t, units: u1 }), book)).plus(
            totalOf(costUsage(asRow(second, sem, { ...t, units: u2 }), book)),
          );
          expect(parts.eq(whole)).toBe(true);
        },
      ),
    );
  });
});
