/** Small price entries for tests (not used at run time). */
import { costUsage } from './cost.js';
import { PriceBook } from './price-book.js';
import type { PricedCost } from './result.js';
import type { PriceEntry, UsageRow } from './types.js';

/** A default-source USD token entry with the given overrides. */
export const entry = (over: Partial<PriceEntry> & Pick<PriceEntry, 'provider' | 'model'>): PriceEntry => ({
  unit_kind: 'token',
  rates: { input: '1', output: '2' },
  effective_from: '2024-01-01',
  currency: 'USD',
  source: 'default',
  source_ref: 'test',
  ...over,
});

/** A custom (org override) entry. */
export const custom = (over: Partial<PriceEntry> & Pick<PriceEntry, 'provider' | 'model'>): PriceEntry =>
  entry({ source: 'custom', source_ref: 'negotiated', ...over });

/** `provider/model` (the model may contain slashes) as the two fields. */
const refOf = (ref: string) => {
  const [provider = '', ...model] = ref.split('/');
  return { provider, model: model.join('/') };
};

/** A default (list) price of `provider/model` at `rates` per 1M tokens from `from` on. */
export const listPrice = (ref: string, rates: PriceEntry['rates'], from = '2024-01-01'): PriceEntry =>
  entry({ ...refOf(ref), rates, effective_from: from });

/** An org override of `provider/model` at `rates` from `from` on (`over`: effective_to and the like). */
export const orgPrice = (
  ref: string,
  rates: PriceEntry['rates'],
  from: string,
  over: Partial<PriceEntry> = {},
): PriceEntry => custom({ ...refOf(ref), rates, effective_from: from, ...over });

/** A book with one model of every pricing feature ('acme/chat') and one plain model ('acme/voice'). */
export const book = new PriceBook([
  entry({
    provider: 'acme',
    model: 'chat',
    rates: { input: '2', output: '8', cached_input: '0.5', cache_write_5m: '2.5', cache_write_1h: '4' },
    batch_discount_pct: '50',
    service_tiers: { flex: { multiplier: '0.5' }, priority: { rates: { input: '3.5', output: '14' } } },
    long_context: { threshold_tokens: 1000, rates: { input: '4', output: '12', cached_input: '1' } },
  }),
  listPrice('acme/chat', { input: '1', output: '4' }, '2026-10-15'),
  listPrice('acme/voice', { input: '1', output: '2' }),
]);
/** An acme/chat disjoint usage row on 2026-01-01. */
export const row = (over: Partial<UsageRow> & Pick<UsageRow, 'tokens'>): UsageRow => ({
  provider: 'acme',
  model: 'chat',
  date: '2026-01-01',
  semantics: 'disjoint',
  ...over,
});
/** Costs a row that must be priced. */
export const priced = (u: UsageRow, b = book) => {
  const r = costUsage(u, b);
  if (r.status !== 'priced') throw new Error(`unpriced: ${JSON.stringify(r)}`);
  return r;
};
/** Cost by token type. */
export const costs = (r: PricedCost) => Object.fromEntries(r.lines.map((l) => [l.token_type, l.cost]));
