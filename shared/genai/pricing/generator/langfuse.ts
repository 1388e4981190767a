/** Reads Langfuse's default model prices (USD per token) for cross-checks. */
import type { PriceKey, Rates } from '../types.js';
import type { LangfuseModel } from './datasets.js';
import { perMillion } from './convert.js';

/** Langfuse's default (standard) tier of the first model whose matchPattern matches `name`. */
export function fromLangfuse(models: readonly LangfuseModel[], name: string): Rates | undefined {
  const model = models.find((m) => {
    const ci = m.matchPattern.startsWith('(?i)');
    return new RegExp(ci ? m.matchPattern.slice(4) : m.matchPattern, ci ? 'i' : '').test(name);
  });
  const p = model?.pricingTiers.find((t) => t.isDefault)?.prices;
  if (!p) return undefined;
  const pick = (...keys: string[]) => keys.map((k) => p[k]).find((x) => x !== undefined);
  const rates: Rates = {};
  const set = (key: PriceKey, v: number | undefined) => v !== undefined && (rates[key] = perMillion(v));
  set('input', pick('input'));
  set('output', pick('output'));
  set('cached_input', pick('input_cached_tokens', 'cache_read_input_tokens', 'input_cache_read'));
  set('cache_write_5m', pick('input_cache_creation_5m', 'input_cache_creation'));
  set('cache_write_1h', pick('input_cache_creation_1h'));
  return rates;
}
