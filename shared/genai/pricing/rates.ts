/** Resolves the unit price of one price key for an entry, a service tier, batch and the long-context tier. */
import { Decimal } from 'decimal.js';
import { TOKEN_TYPES, type PriceEntry, type PriceKey, type Rates } from './types.js';

/** Decimal with enough precision that every product and sum of prices and counts is exact. */
export const D = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });
/** An exact decimal value. */
export type Dec = InstanceType<typeof D>;

/**
 * Price keys that fall back to the input price when an entry has none: cache reads and writes (no caching
 * discount or surcharge known) and image input (chat models bill image tokens as input tokens).
 */
const FALLBACK: Partial<Record<PriceKey, PriceKey>> = {
  cached_input: 'input',
  cache_write_5m: 'input',
  image_input: 'input',
};

/** What a rate depends on besides the entry. */
export interface RateContext {
  tier: 'default' | 'flex' | 'priority' | 'scale';
  batch: boolean;
  longContext: boolean;
}

/** A resolved rate (and the key it fell back to), or what is missing. */
export type RateResult = { rate: Dec; from?: PriceKey } | { missing: string };

/**
 * The rate of `key` without fallback: tier rates, else base rates times the tier multiplier. The long-context
 * tier replaces token prices only; per-unit prices (image, character, second, request) stay.
 */
function direct(entry: PriceEntry, key: PriceKey, ctx: RateContext): Dec | undefined {
  const longContext = ctx.longContext && (TOKEN_TYPES as readonly string[]).includes(key);
  const base: Rates | undefined = longContext ? entry.long_context?.rates : entry.rates;
  const baseRate = base?.[key];
  if (ctx.tier === 'default') return baseRate === undefined ? undefined : new D(baseRate);
  const tier = entry.service_tiers?.[ctx.tier];
  const explicit = longContext ? tier?.long_context_rates?.[key] : tier?.rates?.[key];
  if (explicit !== undefined) return new D(explicit);
  if (tier?.multiplier !== undefined && baseRate !== undefined) return new D(baseRate).times(tier.multiplier);
  return undefined;
}

/** The price of one unit of `key` (per 1M for tokens), or the missing piece that makes the row unpriced. */
export function resolveRate(entry: PriceEntry, key: PriceKey, ctx: RateContext): RateResult {
  if (ctx.tier !== 'default' && !entry.service_tiers?.[ctx.tier])
    return { missing: `service_tier:${ctx.tier}` };
  let rate = direct(entry, key, ctx);
  let from: PriceKey | undefined;
  const fallback = FALLBACK[key];
  if (rate === undefined && fallback) [rate, from] = [direct(entry, fallback, ctx), fallback];
  const lcKey = ctx.longContext && (TOKEN_TYPES as readonly string[]).includes(key);
  if (rate === undefined) return { missing: lcKey ? `long_context:${key}` : key };
  if (ctx.batch && !entry.batch_excluded?.includes(key)) {
    if (entry.batch_discount_pct === undefined) return { missing: 'batch' };
    rate = rate.times(new D(100).minus(entry.batch_discount_pct)).div(100);
  }
  return from ? { rate, from } : { rate };
}
