/** Prices usage rows with a price book: exact decimal lines per token type, never a silent zero. */
import { UsageDataError } from './errors.js';
import type { PriceBook, PriceOptions } from './price-book.js';
import { utcDay } from './price-book.js';
import { billableQuantities, rowName, type ParsedUsageRow } from './quantities.js';
import { D, resolveRate, type Dec, type RateContext } from './rates.js';
import type { CostLine, CostResult, LongContextStatus, UnpricedCost } from './result.js';
import { PRICE_KEYS, TOKEN_TYPES, UsageRowSchema, type PriceKey, type UsageRow } from './types.js';

export type * from './result.js';

const UNIT_OF: Record<string, CostLine['unit']> = {
  image: 'image',
  character: 'character',
  second: 'second',
};
const isToken = (k: PriceKey) => (TOKEN_TYPES as readonly string[]).includes(k);

/** Validates a usage row; a malformed row throws UsageDataError naming it. */
function parseRow(usage: UsageRow): ParsedUsageRow {
  const parsed = UsageRowSchema.safeParse(usage);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UsageDataError(
    `${usage.provider}/${usage.model}@${usage.date}`,
    `${issue?.path.join('.')} ${issue?.message}`,
  );
}

/** Tier and batch of a row; batch cannot be combined with flex, priority or scale. */
function tierOf(u: ParsedUsageRow): Pick<RateContext, 'tier' | 'batch'> {
  const t = u.service_tier ?? 'default';
  const batch = u.batch === true || t === 'batch';
  const tier = t === 'standard' || t === 'batch' ? 'default' : t;
  if (batch && tier !== 'default') throw new UsageDataError(rowName(u), `a batch row cannot be ${tier} tier`);
  return { tier, batch };
}

/** Decides the long-context cliff: explicit flag, then the largest prompt, then a one-request row's prompt. */
function longContextOf(u: ParsedUsageRow, threshold: number | undefined, prompt: number): LongContextStatus {
  if (threshold === undefined) return 'not_applicable';
  if (u.long_context !== undefined) return u.long_context ? 'applied' : 'not_applied';
  if (u.max_prompt_tokens_per_request !== undefined) {
    return u.max_prompt_tokens_per_request > threshold ? 'applied' : 'not_applied';
  }
  if (prompt <= threshold) return 'not_applied';
  return u.request_count === 1 ? 'applied' : 'undetermined';
}

/** Prices one usage row: the price valid on its day, disjoint token buckets, tier, batch and long context. */
export function costUsage(usage: UsageRow, book: PriceBook, options: PriceOptions = {}): CostResult {
  const u = parseRow(usage);
  let date: string;
  try {
    date = utcDay(u.date);
  } catch {
    throw new UsageDataError(rowName(u), `not a date: ${u.date}`);
  }
  const { quantities, promptTokens } = billableQuantities(u);
  const ctx0 = tierOf(u);
  const head = { provider: u.provider, model: u.model, date };
  const match = book.priceFor(u.provider, u.model, date, options);
  if (!match) return { status: 'unpriced', ...head, reason: 'no_price', usage };
  const entry = match.entry;
  const long_context = longContextOf(u, entry.long_context?.threshold_tokens, promptTokens);
  const ctx: RateContext = { ...ctx0, longContext: long_context === 'applied' };

  const lines: CostLine[] = [];
  const missing: string[] = [];
  let total: Dec = new D(0);
  for (const key of PRICE_KEYS) {
    const q = quantities[key] ?? 0;
    if (q === 0) continue;
    const r = resolveRate(entry, key, ctx);
    if ('missing' in r) {
      missing.push(r.missing);
      continue;
    }
    const quantity = new D(q);
    const token = isToken(key);
    const cost = token ? quantity.times(r.rate).div(1_000_000) : quantity.times(r.rate);
    total = total.plus(cost);
    lines.push({
      token_type: key,
      unit: token ? 'token' : (UNIT_OF[key] ?? 'request'),
      quantity: quantity.toFixed(),
      ...(token ? { unit_price_per_1m: r.rate.toFixed() } : { unit_price: r.rate.toFixed() }),
      cost: cost.toFixed(),
      ...(r.from ? { rate_from: r.from } : {}),
    });
  }
  if (missing.length) {
    const m = [...new Set(missing)];
    return {
      status: 'unpriced',
      ...head,
      reason: 'missing_rate',
      missing: m,
      price_id: match.price_id,
      usage,
    };
  }
  return {
    status: 'priced',
    ...head,
    price_id: match.price_id,
    matched_by: match.matchedBy,
    matched_model: match.model,
    ...(match.region ? { matched_region: match.region } : {}),
    currency: entry.currency,
    service_tier: ctx.tier,
    batch: ctx.batch,
    long_context,
    lines,
    total: total.toFixed(),
  };
}

/** Prices many rows: every result, exact totals per currency, and the unpriced rows with their usage. */
export function costUsageRows(rows: readonly UsageRow[], book: PriceBook, options: PriceOptions = {}) {
  const results = rows.map((r) => costUsage(r, book, options));
  const sums = new Map<string, Dec>();
  for (const r of results) {
    if (r.status === 'priced') sums.set(r.currency, (sums.get(r.currency) ?? new D(0)).plus(r.total));
  }
  const totals = Object.fromEntries([...sums].map(([c, v]) => [c, v.toFixed()]));
  const unpriced = results.filter((r): r is UnpricedCost => r.status === 'unpriced');
  return { results, totals, unpriced };
}
