import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageRowSchema, type UsageRow } from './types.js';
import { isValidUsageRow } from './usage-row-check.js';

const valid: UsageRow = {
  provider: 'openai',
  model: 'gpt-4o',
  date: '2026-10-01',
  semantics: 'openai_inclusive',
  tokens: { input: 1000, output: 20, cached_input: 300, audio_input: 0, audio_output: 0 },
  request_count: 4,
};

/** Values of every kind the fields could hold: valid ones, and each way the schema rejects one. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, 1, 7, -1, 1.5, Number.NaN, Infinity, 2 ** 60),
  fc.nat(),
  fc.constantFrom('', 'x', '2026-10-01', 'default', 'flex', 'weird', 'disjoint'),
);

const row = fc.record(
  {
    provider: anyValue,
    model: anyValue,
    date: anyValue,
    service_tier: anyValue,
    batch: anyValue,
    semantics: fc.oneof(anyValue, fc.constantFrom('openai_inclusive', 'disjoint')),
    request_count: anyValue,
    max_prompt_tokens_per_request: anyValue,
    long_context: anyValue,
    row_id: anyValue,
    extra: anyValue,
    tokens: fc.oneof(
      anyValue,
      fc.record(
        {
          input: anyValue,
          output: anyValue,
          cached_input: anyValue,
          reasoning: anyValue,
          audio_output: anyValue,
          bogus: anyValue,
        },
        { requiredKeys: [] },
      ),
    ),
    units: fc.oneof(
      anyValue,
      fc.record({ images: anyValue, seconds: anyValue, bogus: anyValue }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: [] },
);

describe('isValidUsageRow', () => {
  it('accepts a provider bucket the schema accepts', () => {
    expect(isValidUsageRow(valid)).toBe(true);
    expect(UsageRowSchema.safeParse(valid).success).toBe(true);
  });

  it('rejects what the schema rejects: negative, fractional or unsafe counts, unknown keys, bad enums', () => {
    const bad: unknown[] = [
      { ...valid, tokens: { ...valid.tokens, input: -1 } },
      { ...valid, tokens: { ...valid.tokens, output: 1.5 } },
      { ...valid, tokens: { ...valid.tokens, input: 2 ** 60 } },
      { ...valid, tokens: { ...valid.tokens, extra: 1 } },
      { ...valid, units: { images: -1 } },
      { ...valid, service_tier: 'turbo' },
      { ...valid, model: '' },
      { ...valid, date: '2026-10' },
      { ...valid, unknown: true },
    ];
    for (const u of bad) {
      expect(UsageRowSchema.safeParse(u).success).toBe(false);
      expect(isValidUsageRow(u as UsageRow)).toBe(false);
    }
  });

  it('never accepts a row the schema rejects (property)', () => {
    fc.assert(
      fc.property(row, (u) => {
        if (isValidUsageRow(u as UsageRow)) expect(UsageRowSchema.safeParse(u).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the schema on provider buckets with any counts (accepts the valid ones too)', () => {
    const rows = fc.sample(
      fc.record({
        input: fc.integer({ min: -3, max: 10 ** 9 }),
        output: fc.nat(),
        cached: fc.option(fc.integer({ min: -3, max: 10 ** 9 }), { nil: undefined }),
      }),
      500,
    );
    for (const t of rows) {
      const u = { ...valid, tokens: { input: t.input, output: t.output, cached_input: t.cached } };
      expect(isValidUsageRow(u)).toBe(UsageRowSchema.safeParse(u).success);
    }
  });
});
