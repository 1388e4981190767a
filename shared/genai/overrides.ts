/**
 * Org GenAI price overrides (negotiated prices) in the control plane, dated: an override applies from its
 * effective_from on, so a price change re-prices only usage on or after that day. Also the pricing list the
 * genai-pricing router shows: public defaults and the org's overrides side by side.
 */
import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { describePrincipal } from '../auth/principal.js';
import { auditRequest } from '../orgs/audit.js';
import type { Queryable } from '../ports/database/port.js';
import { defaultPriceBook, defaultPriceEntries } from './pricing/default-prices.js';
import { normaliseModel, normaliseProvider } from './pricing/match.js';
import type { Decimal } from 'decimal.js';
import { D } from './pricing/rates.js';
import { PriceEntrySchema, type PriceEntry, type Rates } from './pricing/types.js';
import { BOOK_PROVIDER, type GenAiProvider } from './ingest/raw.js';
import type { OrgPriceBooks } from './ingest/price.js';
import { invalidInput, notFound } from '../errors/index.js';
import { orgRecord } from '../orgs/org-record.js';

/** What a client sends to set an override (per 1M tokens; numbers or decimal strings). */
export interface OverrideInput {
  input_per_1m: string;
  output_per_1m: string;
  cached_input_per_1m?: string | undefined;
  cache_write_per_1m?: string | undefined;
  cache_write_1h_per_1m?: string | undefined;
  batch_discount_pct?: string | undefined;
  effective_from: string;
  effective_to?: string | null | undefined;
  currency?: string | undefined;
  notes?: string | null | undefined;
}

/** One row of the pricing list (API shape). */
export interface PricingItem {
  model: string;
  region: string | null;
  input_per_1m: number | null;
  output_per_1m: number | null;
  cached_input_per_1m: number | null;
  cache_write_per_1m: number | null;
  cache_write_1h_per_1m: number | null;
  batch_discount_pct: number | null;
  effective_from: string;
  effective_to: string | null;
  currency: string;
  source: 'default' | 'custom';
  price_id: string;
  notes: string | null;
}

interface OverrideRow {
  provider: string;
  model: string;
  effective_from: string;
  effective_to: string | null;
  currency: string;
  rates: Rates | string;
  batch_discount_pct: string | null;
  notes: string | null;
  updated_by: string;
}

const num = (v: string | undefined) => (v === undefined ? null : Number(v));

/** The stored override as a price-book entry (source 'custom'). */
function entryOf(org: string, r: OverrideRow): PriceEntry {
  const rates = typeof r.rates === 'string' ? (JSON.parse(r.rates) as Rates) : r.rates;
  return PriceEntrySchema.parse({
    provider: r.provider,
    model: r.model,
    unit_kind: 'token',
    rates,
    ...(r.batch_discount_pct !== null ? { batch_discount_pct: new D(r.batch_discount_pct).toFixed() } : {}),
    effective_from: r.effective_from,
    ...(r.effective_to ? { effective_to: r.effective_to } : {}),
    currency: r.currency,
    source: 'custom',
    source_ref: `org ${org} override by ${r.updated_by}`,
    ...(r.notes ? { notes: r.notes } : {}),
  });
}

/** The org's overrides (every provider, or one) as price-book entries. */
export async function loadOverrides(
  ctx: AppContext,
  org: string,
  provider?: GenAiProvider,
): Promise<PriceEntry[]> {
  const db = await ctx.db();
  const params: unknown[] = [org];
  let sql =
    'SELECT provider, model, effective_from::text AS effective_from, effective_to::text AS effective_to, currency, rates, batch_discount_pct, notes, updated_by FROM genai_price_overrides WHERE org_slug = $1';
  if (provider) {
    params.push(BOOK_PROVIDER[provider]);
    sql += ' AND provider = $2';
  }
  const { rows } = await db.query<OverrideRow>(`${sql} ORDER BY provider, model, effective_from`, params);
  return rows.map((r) => entryOf(org, r));
}

/** The org's price books: list = public defaults; contracted = defaults plus the org's overrides. */
export async function orgPriceBooks(ctx: AppContext, org: string): Promise<OrgPriceBooks> {
  return { list: defaultPriceBook(), contracted: defaultPriceBook(await loadOverrides(ctx, org)) };
}

function itemOf(e: PriceEntry): PricingItem {
  const r = e.rates;
  const n = (k: keyof Rates) => num(r[k]);
  return {
    model: e.model,
    region: e.region ?? null,
    input_per_1m: n('input'),
    output_per_1m: n('output'),
    cached_input_per_1m: n('cached_input'),
    cache_write_per_1m: n('cache_write_5m'),
    cache_write_1h_per_1m: n('cache_write_1h'),
    batch_discount_pct: num(e.batch_discount_pct),
    effective_from: e.effective_from,
    effective_to: e.effective_to ?? null,
    currency: e.currency,
    source: e.source,
    price_id: [e.source, e.provider, e.region ? `${e.model}@${e.region}` : e.model, e.effective_from].join(
      ':',
    ),
    notes: e.notes ?? null,
  };
}

/** Public defaults and the org's overrides of one provider, optionally one model (family or exact id). */
export async function listPricing(
  ctx: AppContext,
  org: string,
  provider: GenAiProvider,
  filter: { model?: string | undefined; source?: 'default' | 'custom' | undefined } = {},
): Promise<{ items: PricingItem[]; next_cursor: null }> {
  const book = BOOK_PROVIDER[provider];
  const model = filter.model ? normaliseModel(filter.model).id : undefined;
  const defaults = defaultPriceEntries().filter((e) => normaliseProvider(e.provider) === book);
  const custom = await loadOverrides(ctx, org, provider);
  const items = [
    ...(filter.source === 'custom' ? [] : defaults),
    ...(filter.source === 'default' ? [] : custom),
  ]
    .filter((e) => !model || normaliseModel(e.model).id === model || normaliseModel(e.model).family === model)
    .map(itemOf)
    .sort(
      (a, b) =>
        a.model.localeCompare(b.model) ||
        (a.region ?? '').localeCompare(b.region ?? '') ||
        a.source.localeCompare(b.source) ||
        a.effective_from.localeCompare(b.effective_from),
    );
  return { items, next_cursor: null };
}

/** At most 12 decimals per 1M tokens, so every per-token cost stays within BIGNUMERIC's 18 decimals. */
function rate(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = new D(value);
  if (d.isNegative())
    throw invalidInput(`${name} must not be negative.`, [{ path: name, message: 'negative' }]);
  if (d.decimalPlaces() > 12) {
    throw invalidInput(`${name} has more than 12 decimals.`, [
      { path: name, message: 'at most 12 decimals' },
    ]);
  }
  return d.toFixed();
}

/** Sets (or replaces) the org's override of one model from effective_from on; returns it as a pricing item. */
export async function putOverride(
  ctx: AppContext,
  org: string,
  provider: GenAiProvider,
  rawModel: string,
  input: OverrideInput,
  meta: { principal: Principal | undefined; requestId: string },
): Promise<PricingItem> {
  const book = BOOK_PROVIDER[provider];
  const model = normaliseModel(rawModel).id;
  const pct = checkedDiscount(input);
  const rates = ratesOf(input);
  const updatedBy = describePrincipal(meta.principal);
  const row: OverrideRow = {
    provider: book,
    model,
    effective_from: input.effective_from,
    effective_to: input.effective_to ?? null,
    currency: input.currency ?? (await orgRecord(await ctx.db(), org)).currency,
    rates,
    batch_discount_pct: pct ? pct.toFixed() : null,
    notes: input.notes ?? null,
    updated_by: updatedBy,
  };
  const entry = entryOf(org, row);
  await (
    await ctx.db()
  ).transaction(async (tx) => {
    await upsertOverride(tx, org, row);
    await auditRequest(
      tx,
      org,
      meta,
      'genai_pricing.override_set',
      `${book}/${model}@${row.effective_from}`,
      { rates, batch_discount_pct: row.batch_discount_pct, currency: row.currency },
    );
  });
  return itemOf(entry);
}

/** The batch discount (0-100, at most 6 decimals) and the date order of an override; 400 naming the field. */
function checkedDiscount(input: OverrideInput): Decimal | undefined {
  const pct = input.batch_discount_pct === undefined ? undefined : new D(input.batch_discount_pct);
  if (pct && pct.decimalPlaces() > 6) {
    throw invalidInput('batch_discount_pct has more than 6 decimals.', [
      { path: 'batch_discount_pct', message: 'at most 6 decimals' },
    ]);
  }
  if (pct && (pct.isNegative() || pct.greaterThan(100))) {
    throw invalidInput('batch_discount_pct must be between 0 and 100.', [
      { path: 'batch_discount_pct', message: 'between 0 and 100' },
    ]);
  }
  if (input.effective_to && input.effective_to <= input.effective_from) {
    throw invalidInput('effective_to must be after effective_from.', [
      { path: 'effective_to', message: 'after effective_from' },
    ]);
  }
  return pct;
}

/** The override's rates per token type (input and output always; cached and cache writes when given). */
function ratesOf(input: OverrideInput): Rates {
  const rates: Rates = {
    input: rate('input_per_1m', input.input_per_1m)!,
    output: rate('output_per_1m', input.output_per_1m)!,
  };
  const optional: [keyof Rates, keyof OverrideInput][] = [
    ['cached_input', 'cached_input_per_1m'],
    ['cache_write_5m', 'cache_write_per_1m'],
    ['cache_write_1h', 'cache_write_1h_per_1m'],
  ];
  for (const [key, field] of optional) {
    const v = rate(field, input[field] as string | undefined);
    if (v !== undefined) rates[key] = v;
  }
  return rates;
}

/** One dated override per (org, provider, model, effective_from): a second put replaces it. */
async function upsertOverride(tx: Queryable, org: string, row: OverrideRow): Promise<void> {
  await tx.query(
    `INSERT INTO genai_price_overrides
       (org_slug, provider, model, effective_from, effective_to, currency, rates, batch_discount_pct, notes, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (org_slug, provider, model, effective_from) DO UPDATE SET
       effective_to = EXCLUDED.effective_to, currency = EXCLUDED.currency, rates = EXCLUDED.rates,
       batch_discount_pct = EXCLUDED.batch_discount_pct, notes = EXCLUDED.notes,
       updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [
      org,
      row.provider,
      row.model,
      row.effective_from,
      row.effective_to,
      row.currency,
      JSON.stringify(row.rates),
      row.batch_discount_pct,
      row.notes,
      row.updated_by,
    ],
  );
}

/** Deletes one dated override of a model, or all of its overrides; 404 when none matched. */
export async function deleteOverride(
  ctx: AppContext,
  org: string,
  provider: GenAiProvider,
  rawModel: string | undefined,
  effectiveFrom: string | undefined,
  meta: { principal: Principal | undefined; requestId: string },
): Promise<{ deleted: number }> {
  const book = BOOK_PROVIDER[provider];
  const model = rawModel === undefined ? undefined : normaliseModel(rawModel).id;
  const db = await ctx.db();
  return db.transaction(async (tx) => {
    const params: unknown[] = [org, book];
    let where = 'org_slug = $1 AND provider = $2';
    if (model !== undefined) {
      params.push(model);
      where += ` AND model = $${params.length}`;
    }
    if (effectiveFrom !== undefined) {
      params.push(effectiveFrom);
      where += ` AND effective_from = $${params.length}`;
    }
    const { rows } = await tx.query<{ model: string }>(
      `DELETE FROM genai_price_overrides WHERE ${where} RETURNING model`,
      params,
    );
    if (model !== undefined && rows.length === 0) throw notFound(`No override of ${book}/${model} matched.`);
    await auditRequest(
      tx,
      org,
      meta,
      'genai_pricing.override_deleted',
      `${book}/${model ?? '*'}${effectiveFrom ? `@${effectiveFrom}` : ''}`,
      { deleted: rows.length },
    );
    return { deleted: rows.length };
  });
}
