/** Reads genai-prices (pydantic) price objects, price periods and match clauses. */
import { D } from '../rates.js';
import type { PriceKey } from '../types.js';
import type { Converted } from './convert.js';
import type { GpMatch, GpModel } from './datasets.js';

const dec = (v: unknown) => new D(String(v)).toFixed();

const GP_KEYS: Record<string, PriceKey> = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cached_input',
  cache_write_mtok: 'cache_write_5m',
  cache_write_5m_mtok: 'cache_write_5m',
  cache_write_1h_mtok: 'cache_write_1h',
  input_audio_mtok: 'audio_input',
  output_audio_mtok: 'audio_output',
  input_image_mtok: 'image_input',
};

/** Reads a genai-prices price object (USD per 1M; `{base, tiers:[{start, price}]}` is a cliff tier). */
export function fromGenaiPrices(prices: Record<string, unknown>): Converted {
  const out: Converted = { rates: {}, ignored: [] };
  for (const [field, value] of Object.entries(prices)) {
    const key = GP_KEYS[field];
    if (!key) {
      if (field === 'output_reasoning_mtok') out.reasoning = String(value);
      else out.ignored.push(field);
      continue;
    }
    if (typeof value === 'number') {
      out.rates[key] = dec(value);
      continue;
    }
    const tiered = value as { base: number; tiers: { start: number; price: number }[] };
    out.rates[key] = dec(tiered.base);
    const [tier, ...more] = tiered.tiers;
    if (!tier || more.length) out.ignored.push(`${field}.tiers`);
    if (tier) (out.long_context ??= { threshold_tokens: tier.start, rates: {} }).rates[key] = dec(tier.price);
  }
  return out;
}

/** One period of a genai-prices model: from `start_date` (absent = the first price) or a time-of-day window. */
export interface GpPeriod {
  start_date?: string;
  time_of_day?: string;
  prices: Record<string, unknown>;
}

/** The price periods of a genai-prices model, in file order. */
export function gpPeriods(model: GpModel): GpPeriod[] {
  if (!Array.isArray(model.prices)) return [{ prices: model.prices }];
  return model.prices.map((p) => ({
    ...(p.constraint?.start_date ? { start_date: p.constraint.start_date } : {}),
    ...(p.constraint?.start_time
      ? { time_of_day: `${p.constraint.start_time}-${p.constraint.end_time}` }
      : {}),
    prices: p.prices,
  }));
}

/** Evaluates a genai-prices match clause (case-insensitive except regex). */
export function gpMatches(m: GpMatch, name: string): boolean {
  const s = name.toLowerCase();
  const v = (k: string) => String(m[k]).toLowerCase();
  if ('equals' in m) return s === v('equals');
  if ('starts_with' in m) return s.startsWith(v('starts_with'));
  if ('ends_with' in m) return s.endsWith(v('ends_with'));
  if ('contains' in m) return s.includes(v('contains'));
  if ('regex' in m) return new RegExp(String(m.regex)).test(name);
  if ('or' in m) return (m.or as GpMatch[]).some((x) => gpMatches(x, name));
  if ('and' in m) return (m.and as GpMatch[]).every((x) => gpMatches(x, name));
  return false;
}
