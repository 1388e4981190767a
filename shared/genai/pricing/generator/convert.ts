/** Converts LiteLLM cost-map records into price-book rates (decimal strings per 1M tokens or per unit). */
import { D } from '../rates.js';
import type { PriceKey, Rates, TierPricing } from '../types.js';
import type { LiteLlmRecord } from './datasets.js';

/** Prices of one model as read from one dataset. */
export interface Converted {
  rates: Rates;
  long_context?: { threshold_tokens: number; rates: Rates };
  service_tiers?: { flex?: TierPricing; priority?: TierPricing };
  /** Explicit Batch API rates (LiteLLM `*_batches`), turned into a discount percentage later. */
  batch_rates?: Rates;
  /** A separate reasoning-token price, when the dataset has one (not modelled: reasoning is output). */
  reasoning?: string;
  /** Price fields present in the record but not modelled by the price book. */
  ignored: string[];
}

/** A USD-per-unit number as a decimal string per 1M units. */
export const perMillion = (v: unknown) => new D(String(v)).times(1_000_000).toFixed();
const perUnit = (v: unknown) => new D(String(v)).toFixed();
const UNIT_KEYS = new Set<PriceKey>(['image', 'character', 'second', 'request']);

const LITELLM_BASE: Record<string, PriceKey> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cached_input',
  input_cost_per_token_cache_hit: 'cached_input',
  cache_creation_input_token_cost: 'cache_write_5m',
  cache_creation_input_token_cost_above_1hr: 'cache_write_1h',
  input_cost_per_audio_token: 'audio_input',
  output_cost_per_audio_token: 'audio_output',
  input_cost_per_image_token: 'image_input',
  input_cost_per_image: 'image',
  input_cost_per_character: 'character',
  input_cost_per_second: 'second',
  input_cost_per_request: 'request',
};

/** Reads a LiteLLM record: base, `_above_Nk_tokens` (cliff tier), `_priority` / `_flex` and `_batches` keys. */
export function fromLiteLlm(rec: LiteLlmRecord): Converted {
  const out: Converted = { rates: {}, ignored: [] };
  const tiers: Record<'flex' | 'priority', { rates: Rates; long_context_rates: Rates }> = {
    flex: { rates: {}, long_context_rates: {} },
    priority: { rates: {}, long_context_rates: {} },
  };
  for (const [field, value] of Object.entries(rec)) {
    if (typeof value !== 'number' || !/cost/.test(field)) {
      if (/cost/.test(field)) out.ignored.push(field);
      continue;
    }
    const m = /^(.*?)(?:_above_(\d+)k_tokens)?(?:_(priority|flex|batches))?$/.exec(field);
    const [, base = '', k, variant] = m ?? [];
    let key = LITELLM_BASE[base];
    if (base === 'output_cost_per_image_token' && rec.output_cost_per_token === undefined) key = 'output';
    if (base === 'output_cost_per_reasoning_token' && !k && !variant) out.reasoning = perMillion(value);
    if (!key) {
      if (base !== 'output_cost_per_reasoning_token') out.ignored.push(field);
      continue;
    }
    const price = UNIT_KEYS.has(key) ? perUnit(value) : perMillion(value);
    const threshold = k ? Number(k) * 1000 : undefined;
    if (variant === 'batches') {
      if (threshold) out.ignored.push(field);
      else (out.batch_rates ??= {})[key] = price;
    } else if (variant) {
      (threshold ? tiers[variant as 'flex'].long_context_rates : tiers[variant as 'flex'].rates)[key] = price;
    } else if (threshold) {
      if (out.long_context && out.long_context.threshold_tokens !== threshold) out.ignored.push(field);
      else (out.long_context ??= { threshold_tokens: threshold, rates: {} }).rates[key] = price;
    } else out.rates[key] = price;
  }
  for (const name of ['flex', 'priority'] as const) {
    const t = tiers[name];
    if (Object.keys(t.rates).length === 0) continue;
    const hasLc = Object.keys(t.long_context_rates).length > 0;
    (out.service_tiers ??= {})[name] = {
      rates: t.rates,
      ...(hasLc ? { long_context_rates: t.long_context_rates } : {}),
    };
  }
  return out;
}

/** Whether two rate sets are equal on every key either has. */
export const sameRates = (a: Rates, b: Rates) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as PriceKey[]);
  return [...keys].every((k) => a[k] !== undefined && b[k] !== undefined && new D(a[k]).eq(b[k]));
};
