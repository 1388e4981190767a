/** Fixed field and rate order of generated entries, so the committed file reads and diffs well. */
import { PRICE_KEYS, type PriceEntry, type Rates, type TierPricing } from '../types.js';

const sortRates = (r: Rates): Rates =>
  Object.fromEntries(PRICE_KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
const sortTier = (t: TierPricing): TierPricing => ({
  ...(t.multiplier !== undefined ? { multiplier: t.multiplier } : {}),
  ...(t.rates ? { rates: sortRates(t.rates) } : {}),
  ...(t.long_context_rates ? { long_context_rates: sortRates(t.long_context_rates) } : {}),
});

/** An entry with its fields and rates in a fixed order, so the generated file reads and diffs well. */
export function ordered(e: PriceEntry): PriceEntry {
  const { provider, model, region, effective_from, unit_kind, rates, service_tiers, long_context, ...rest } =
    e;
  const tiers =
    service_tiers && Object.fromEntries(Object.entries(service_tiers).map(([n, t]) => [n, sortTier(t)]));
  return {
    provider,
    model,
    ...(region ? { region } : {}),
    effective_from,
    unit_kind,
    rates: sortRates(rates),
    ...(rest.batch_discount_pct !== undefined ? { batch_discount_pct: rest.batch_discount_pct } : {}),
    ...(tiers ? { service_tiers: tiers } : {}),
    ...(long_context ? { long_context: { ...long_context, rates: sortRates(long_context.rates) } } : {}),
    currency: rest.currency,
    source: rest.source,
    source_ref: rest.source_ref,
    ...(rest.notes ? { notes: rest.notes } : {}),
  };
}
