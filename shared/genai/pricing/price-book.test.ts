import { describe, expect, it } from 'vitest';
import { PriceBookError } from './errors.js';
import { PriceBook, utcDay } from './price-book.js';
import { custom, entry, listPrice, orgPrice } from './test-entries.js';

const book = new PriceBook([
  listPrice('openai/gpt-4o', { input: '5', output: '15' }, '2024-05-13'),
  listPrice('openai/gpt-4o', { input: '2.5', output: '10' }, '2026-10-15'),
  listPrice('openai/gpt-4o-2024-05-13', { input: '5', output: '15' }),
]);

describe('PriceBook.priceFor', () => {
  it('uses the latest price effective on or before the day: a change re-prices only from its date', () => {
    expect(book.priceFor('openai', 'gpt-4o', '2026-10-14')?.entry.rates.input).toBe('5');
    expect(book.priceFor('openai', 'gpt-4o', '2026-10-15')?.entry.rates.input).toBe('2.5');
    expect(book.priceFor('openai', 'gpt-4o', '2027-01-01')?.entry.rates.input).toBe('2.5');
    expect(book.priceFor('openai', 'gpt-4o', '2024-05-12')).toBeUndefined();
  });

  it('converts timestamps to their UTC day', () => {
    expect(book.priceFor('openai', 'gpt-4o', '2026-10-15T01:00:00+05:00')?.entry.rates.input).toBe('5');
    expect(book.priceFor('openai', 'gpt-4o', '2026-10-14T23:30:00-01:00')?.entry.rates.input).toBe('2.5');
    expect(utcDay('2026-10-15')).toBe('2026-10-15');
    expect(() => utcDay('yesterday')).toThrow(PriceBookError);
  });

  it('returns the price id to store with each costed row', () => {
    expect(book.priceFor('openai', 'gpt-4o-2024-11-20', '2026-10-15')?.price_id).toBe(
      'default:openai:gpt-4o:2026-10-15',
    );
  });

  it('lets an org override beat the defaults only from its effective date', () => {
    const org = book.withOverrides([orgPrice('openai/gpt-4o', { input: '2', output: '8' }, '2026-03-01')]);
    expect(org.priceFor('openai', 'gpt-4o', '2026-02-28')?.entry).toMatchObject({ source: 'default' });
    expect(org.priceFor('openai', 'gpt-4o', '2026-03-01')?.entry).toMatchObject({ source: 'custom' });
    // Still the negotiated price after the default list price changes.
    expect(org.priceFor('openai', 'gpt-4o', '2026-12-01')?.entry.rates.input).toBe('2');
    // A family override covers the snapshots too, ahead of a default exact-snapshot price.
    expect(org.priceFor('openai', 'gpt-4o-2024-05-13', '2026-03-01')?.entry.source).toBe('custom');
    expect(book.priceFor('openai', 'gpt-4o-2024-05-13', '2026-03-01')?.entry.rates.input).toBe('5');
  });

  it('ends an override at its effective_to (exclusive), where the defaults resume', () => {
    const org = book.withOverrides([
      orgPrice('openai/gpt-4o', { input: '1', output: '1' }, '2026-01-01', { effective_to: '2026-02-01' }),
    ]);
    expect(org.priceFor('openai', 'gpt-4o', '2026-01-31')?.entry.source).toBe('custom');
    expect(org.priceFor('openai', 'gpt-4o', '2026-02-01')?.entry.source).toBe('default');
  });

  it('canonicalises override providers and model names', () => {
    const org = new PriceBook([], [custom({ provider: 'Azure_OpenAI', model: 'azure/GPT-4o' })]);
    expect(org.priceFor('azure', 'gpt-4o-2024-08-06', '2026-01-01')?.entry).toMatchObject({
      provider: 'azure',
      model: 'gpt-4o',
    });
  });

  it('rejects invalid entries, wrong sources and two prices for one key and date', () => {
    expect(() => new PriceBook([entry({ provider: 'openai', model: 'x', rates: { input: '-1' } })])).toThrow(
      PriceBookError,
    );
    expect(() => new PriceBook([], [entry({ provider: 'openai', model: 'x' })])).toThrow(
      /expected source 'custom'/,
    );
    const twice = [entry({ provider: 'openai', model: 'x' }), entry({ provider: 'openai', model: 'x' })];
    expect(() => new PriceBook(twice)).toThrow(/Two default prices/);
    const backwards = entry({
      provider: 'openai',
      model: 'x',
      effective_from: '2026-02-01',
      effective_to: '2026-01-01',
    });
    expect(() => new PriceBook([backwards])).toThrow(PriceBookError);
  });
});
