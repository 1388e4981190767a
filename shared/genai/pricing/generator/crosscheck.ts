/** Compares the datasets' standard prices of one model and resolves known disagreement patterns. */
import { D } from '../rates.js';
import type { PriceKey, Rates } from '../types.js';
import type { Decision } from './rules.js';
import { ANTHROPIC_CACHE } from './rules.js';

const FIELDS: PriceKey[] = ['input', 'output', 'cached_input', 'cache_write_5m', 'cache_write_1h'];

/** Values of one model per dataset (only the datasets that price it). */
export type DatasetRates = Partial<Record<'litellm' | 'genai-prices' | 'langfuse', Rates>>;

/**
 * Records every field on which the datasets disagree and returns the rates to use: the primary dataset's,
 * except Anthropic cache prices, where the value that is the documented multiple of input wins.
 */
export function crossCheck(
  provider: string,
  model: string,
  primary: 'litellm' | 'genai-prices',
  values: DatasetRates,
  decisions: Decision[],
  explain: string,
): Rates {
  const chosen: Rates = { ...(values[primary] ?? {}) };
  for (const field of FIELDS) {
    const seen = Object.entries(values).filter(([, r]) => r?.[field] !== undefined) as [string, Rates][];
    const distinct = new Set(seen.map(([, r]) => new D(r[field] ?? 0).toFixed()));
    if (distinct.size <= 1) continue;
    let decision = `${primary} is the primary source${explain ? `: ${explain}` : ''}`;
    const multiple = ANTHROPIC_CACHE.find(([k]) => k === field)?.[1];
    if (model.startsWith('claude-') && multiple && chosen.input !== undefined) {
      const expected = new D(chosen.input).times(multiple);
      const match = seen.find(([, r]) => expected.eq(r[field] ?? -1));
      if (match && !expected.eq(chosen[field] ?? -1)) {
        chosen[field] = expected.toFixed();
        decision = `${match[0]}: its value is ${multiple} x input, Anthropic's documented cache multiple`;
      }
    }
    decisions.push({
      provider,
      model,
      field,
      ...(chosen[field] !== undefined ? { chosen: chosen[field] } : {}),
      values: Object.fromEntries(seen.map(([name, r]) => [name, r[field] ?? ''])),
      decision,
    });
  }
  return chosen;
}
