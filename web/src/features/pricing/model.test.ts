import { describe, expect, it } from 'vitest';
import { MAX_RUN_DAYS } from '../../../../shared/contracts/pipelines.js';
import {
  checkOverrideForm,
  decimalText,
  filterRows,
  formatRate,
  inEffect,
  overrideCounts,
  overrideFieldErrors,
  overrideFormOf,
  priceBookRows,
  rerunRange,
  type PricingItem,
} from './model.js';

const item = (over: Partial<PricingItem>): PricingItem => ({
  model: 'gpt-4o',
  region: null,
  input_per_1m: 2.5,
  output_per_1m: 10,
  cached_input_per_1m: 1.25,
  cache_write_per_1m: null,
  cache_write_1h_per_1m: null,
  batch_discount_pct: null,
  effective_from: '2024-05-13',
  effective_to: null,
  currency: 'USD',
  source: 'default',
  price_id: 'default:openai:gpt-4o:2024-05-13',
  notes: null,
  ...over,
});

describe('priceBookRows', () => {
  it('puts public prices and overrides of a model (and region) side by side, each oldest first', () => {
    const rows = priceBookRows([
      item({ source: 'custom', effective_from: '2026-11-01', price_id: 'c2' }),
      item({ model: 'gpt-4o-mini', price_id: 'm' }),
      item({ source: 'custom', effective_from: '2026-10-01', price_id: 'c1' }),
      item({ region: 'eu', price_id: 'eu' }),
      item({ price_id: 'd' }),
    ]);
    expect(rows.map((r) => r.key)).toEqual(['gpt-4o', 'gpt-4o@eu', 'gpt-4o-mini']);
    expect(rows[0]!.defaults.map((d) => d.price_id)).toEqual(['d']);
    expect(rows[0]!.overrides.map((d) => d.price_id)).toEqual(['c1', 'c2']);
    expect(rows[1]!.overrides).toEqual([]);
  });

  it('filters by model text and by having an override', () => {
    const rows = priceBookRows([item({}), item({ model: 'o3', source: 'custom' })]);
    expect(filterRows(rows, 'GPT', false).map((r) => r.model)).toEqual(['gpt-4o']);
    expect(filterRows(rows, '', true).map((r) => r.model)).toEqual(['o3']);
    expect(filterRows(rows, 'gpt', true)).toEqual([]);
  });
});

describe('inEffect', () => {
  it('is the latest price started by the day and not ended', () => {
    const a = item({ effective_from: '2026-01-01', effective_to: '2026-06-30' });
    const b = item({ effective_from: '2026-03-01', effective_to: null });
    expect(inEffect([a, b], '2026-02-01')).toBe(a);
    expect(inEffect([a, b], '2026-04-01')).toBe(b);
    expect(inEffect([a], '2026-07-01')).toBeUndefined();
    expect(inEffect([b], '2026-02-28')).toBeUndefined();
  });
});

describe('overrideCounts', () => {
  it('counts the custom rows per GenAI provider only', () => {
    expect(
      overrideCounts([
        { provider: 'openai', source: 'custom' },
        { provider: 'openai', source: 'custom' },
        { provider: 'openai', source: 'default' },
        { provider: 'anthropic', source: 'custom' },
        { provider: 'aws', source: 'custom' },
      ]),
    ).toEqual({ openai: 2, anthropic: 1 });
  });
});

describe('rates as text', () => {
  it('shows the API number as its shortest exact decimal, never in exponent form', () => {
    expect(decimalText(0.075)).toBe('0.075');
    expect(decimalText(1e-7)).toBe('0.0000001');
    expect(decimalText(1.5e-10)).toBe('0.00000000015');
    expect(decimalText(2.5e21)).toBe('2500000000000000000000');
    expect(formatRate(0.15, 'USD')).toBe('$0.15');
    expect(formatRate(null, 'USD')).toBe('—');
    expect(formatRate(3, 'EUR')).toBe('€3');
  });
});

describe('overrideFormOf', () => {
  it('starts from a public price on the given day, or edits an override on its own dates', () => {
    const fromPublic = overrideFormOf('gpt-4o', '2026-12-01', item({}));
    expect(fromPublic).toMatchObject({
      model: 'gpt-4o',
      effective_from: '2026-12-01',
      input_per_1m: '2.5',
      output_per_1m: '10',
      cached_input_per_1m: '1.25',
      cache_write_per_1m: '',
      currency: '',
    });
    const own = overrideFormOf(
      'gpt-4o',
      '2026-12-01',
      item({
        source: 'custom',
        effective_from: '2026-10-01',
        effective_to: '2026-10-31',
        notes: 'deal',
        currency: 'EUR',
      }),
    );
    expect(own).toMatchObject({
      effective_from: '2026-10-01',
      effective_to: '2026-10-31',
      notes: 'deal',
      currency: 'EUR',
    });
  });
});

describe('checkOverrideForm', () => {
  const form = { ...overrideFormOf('gpt-4o-mini', '2026-11-01'), input_per_1m: '0.3', output_per_1m: '1.2' };

  it('sends prices as the decimal text typed, blank optional fields left out', () => {
    const r = checkOverrideForm({ ...form, cached_input_per_1m: ' 0.150000000001 ', currency: 'eur' });
    expect(r).toEqual({
      ok: true,
      model: 'gpt-4o-mini',
      body: {
        input_per_1m: '0.3',
        output_per_1m: '1.2',
        cached_input_per_1m: '0.150000000001',
        effective_from: '2026-11-01',
        currency: 'EUR',
      },
    });
  });

  it('refuses what the API refuses, on the field', () => {
    const r = checkOverrideForm({
      ...form,
      model: 'bad model',
      input_per_1m: '',
      output_per_1m: '-1',
      cached_input_per_1m: '1e-3',
      cache_write_per_1m: '0.1234567890123',
      batch_discount_pct: '150',
      effective_from: '2026-02-30',
      effective_to: '2026-01-01',
      currency: 'DOLLARS',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(
      [
        'model',
        'input_per_1m',
        'output_per_1m',
        'cached_input_per_1m',
        'cache_write_per_1m',
        'batch_discount_pct',
        'effective_from',
        'effective_to',
        'currency',
      ].sort(),
    );
    expect(r.errors.input_per_1m).toBe('Required.');
    expect(r.errors.cache_write_per_1m).toBe('At most 12 decimals.');
    expect(r.errors.batch_discount_pct).toBe('At most 100%.');
  });

  it('refuses an end before the start; 100% is the largest discount', () => {
    const r = checkOverrideForm({ ...form, effective_to: '2026-10-31', batch_discount_pct: '100' });
    expect(r).toEqual({ ok: false, errors: { effective_to: 'Ends before it starts.' } });
    expect(checkOverrideForm({ ...form, batch_discount_pct: '100.0' }).ok).toBe(true);
  });
});

describe('overrideFieldErrors', () => {
  it("maps a 400's details onto the form's fields", () => {
    expect(
      overrideFieldErrors([
        { field: 'body.input_per_1m', message: 'a decimal like "2.5"' },
        { path: 'cache_write_per_1m', message: 'at most 12 decimals' },
        { field: 'body.unknown', message: 'x' },
        'junk',
      ]),
    ).toEqual({ input_per_1m: 'a decimal like "2.5"', cache_write_per_1m: 'at most 12 decimals' });
    expect(overrideFieldErrors(undefined)).toEqual({});
  });
});

describe('rerunRange', () => {
  it('re-prices from the change through yesterday (UTC), or its end', () => {
    expect(rerunRange('2026-12-01', null, '2026-12-07')).toEqual({
      start: '2026-12-01',
      end: '2026-12-06',
      earlier: 0,
    });
    expect(rerunRange('2026-11-01', '2026-11-10', '2026-12-07')).toEqual({
      start: '2026-11-01',
      end: '2026-11-10',
      earlier: 0,
    });
  });

  it('is nothing when the change starts today or later', () => {
    expect(rerunRange('2026-12-07', null, '2026-12-07')).toBeNull();
    expect(rerunRange('2027-01-01', null, '2026-12-07')).toBeNull();
  });

  it('keeps the latest MAX_RUN_DAYS days of a longer change and counts the rest', () => {
    const r = rerunRange('2026-01-01', null, '2026-12-07')!;
    expect(r.end).toBe('2026-12-06');
    const days = (Date.parse(r.end) - Date.parse(r.start)) / 86_400_000 + 1;
    expect(days).toBe(MAX_RUN_DAYS);
    const before = (Date.parse(r.start) - Date.parse('2026-01-01')) / 86_400_000;
    expect(r.earlier).toBe(before);
  });
});
