/** Generator rules that turn dataset prices into complete, consistent price-book entry bodies. */
import { D } from '../rates.js';
import type { PriceEntry, PriceKey, Rates } from '../types.js';
import type { BookProvider } from './catalog.js';
import type { Converted } from './convert.js';
import { tiersAndBatch } from './tiers.js';

/** A recorded generator decision (dataset disagreement, dropped or derived price). */
export interface Decision {
  provider: string;
  model: string;
  field?: string;
  chosen?: string;
  values?: Record<string, string>;
  decision: string;
}

/** The price part of an entry (everything except identity, dates and provenance). */
export type EntryBody = Pick<
  PriceEntry,
  'unit_kind' | 'rates' | 'batch_discount_pct' | 'service_tiers' | 'long_context' | 'notes'
>;

/** Anthropic's cache prices as multiples of the input price (read 0.1, 5-minute write 1.25, 1-hour write 2). */
export const ANTHROPIC_CACHE: [PriceKey, string][] = [
  ['cached_input', '0.1'],
  ['cache_write_5m', '1.25'],
  ['cache_write_1h', '2'],
];
const TOKEN_KEYS: PriceKey[] = ['input', 'output', 'cached_input', 'cache_write_5m', 'cache_write_1h'];

/**
 * Fills Anthropic cache prices missing from a rate set: the vendor entry's multiples of input for this model
 * when known (Claude 3 Haiku is not 1.25 / 0.1), else Anthropic's documented multiples. Returns the keys filled.
 */
function fillAnthropicCache(rates: Rates, vendor: Rates | undefined): PriceKey[] {
  if (rates.input === undefined) return [];
  const filled = ANTHROPIC_CACHE.filter(([k]) => rates[k] === undefined);
  for (const [k, documented] of filled) {
    const v =
      vendor?.[k] !== undefined && vendor.input ? new D(vendor[k] ?? 0).div(vendor.input) : documented;
    rates[k] = new D(rates.input).times(v).toFixed();
  }
  return filled.map(([k]) => k);
}

/** Context of one entry body: who it is, whether the vendor has a long-context tier, batch support. */
export interface BodyContext {
  provider: BookProvider;
  model: string;
  /** False when the vendor's own entry of this family has no long-context tier. */
  vendorHasLongContext: boolean;
  /** Current standard rates of the vendor's entry of this family (Anthropic for Claude on Bedrock / Vertex). */
  vendorRates?: Rates;
  supportsBatchEndpoint: boolean;
  decisions: Decision[];
}

/** Applies the rules: Gemini has no per-token cache writes, Anthropic cache multiples, tiers, batch, units. */
export function entryBody(conv: Converted, ctx: BodyContext): EntryBody {
  const { provider, model, decisions } = ctx;
  const note = (decision: string, field?: string) =>
    decisions.push({ provider, model, ...(field ? { field } : {}), decision });
  const notes: string[] = [];
  const rates: Rates = { ...conv.rates };
  let lc = conv.long_context ? { ...conv.long_context, rates: { ...conv.long_context.rates } } : undefined;
  if (model.startsWith('gemini-')) {
    for (const r of [rates, lc?.rates]) {
      for (const k of ['cache_write_5m', 'cache_write_1h'] as const) {
        if (r?.[k] !== undefined) {
          delete r[k];
          note('dropped: Gemini bills context-cache storage per hour, not cache writes per token', k);
        }
      }
    }
  }
  if (
    !model.startsWith('claude-') &&
    rates.cache_write_5m !== undefined &&
    rates.cached_input === undefined
  ) {
    rates.cached_input = rates.cache_write_5m;
    delete rates.cache_write_5m;
    note(
      'moved cache creation price to cached input: LiteLLM mislabels the cache read price of this key',
      'cached_input',
    );
  }
  if (lc && !ctx.vendorHasLongContext) {
    note('dropped long-context tier: the vendor entry of this family has none');
    lc = undefined;
  }
  if (model.startsWith('claude-')) {
    const filled = fillAnthropicCache(rates, ctx.vendorRates);
    const lcFilled = lc ? fillAnthropicCache(lc.rates, ctx.vendorRates) : [];
    if (filled.length || lcFilled.length) {
      notes.push(
        `derived from input by the vendor's cache multiples: ${[...filled, ...lcFilled.map((k) => `long_context.${k}`)].join(', ')}`,
      );
    }
  }
  const { service_tiers, pct } = tiersAndBatch(conv, rates, ctx, note, notes);
  if (conv.reasoning !== undefined && rates.output !== undefined && !new D(conv.reasoning).eq(rates.output)) {
    note(`ignored reasoning price ${conv.reasoning}: reasoning tokens are priced as output`);
  }
  const tokenPriced = Object.keys(rates).some(
    (k) => TOKEN_KEYS.includes(k as PriceKey) || k.endsWith('_input'),
  );
  const unit = (['image', 'character', 'second', 'request'] as const).find((k) => rates[k] !== undefined);
  return {
    unit_kind: tokenPriced || !unit ? 'token' : unit,
    rates,
    ...(pct !== undefined ? { batch_discount_pct: pct } : {}),
    ...(service_tiers ? { service_tiers } : {}),
    ...(lc ? { long_context: lc } : {}),
    ...(notes.length ? { notes: notes.join('; ') } : {}),
  };
}
