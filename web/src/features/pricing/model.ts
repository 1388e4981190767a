import type { z } from 'zod';
import { MAX_RUN_DAYS, type RunBodySchema } from '../../../../shared/contracts/pipelines.js';
import {
  genaiPricingRoutes,
  OverrideBodySchema,
  type PricingItemSchema,
} from '../../../../shared/contracts/genai.js';
import { GENAI_PROVIDERS, type GenAiProvider } from '../../../../shared/contracts/providers.js';
import { addDays, daysBetween, type Day } from '../../../../shared/time/day.js';

export type PricingItem = z.output<typeof PricingItemSchema>;
export type OverrideBody = z.input<typeof OverrideBodySchema>;
export type RunBody = z.output<typeof RunBodySchema>;
export { GENAI_PROVIDERS, type GenAiProvider };

export const PROVIDER_LABELS: Record<GenAiProvider, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
  deepseek: 'DeepSeek',
  azure_openai: 'Azure OpenAI',
  bedrock: 'Bedrock',
  vertex: 'Vertex AI',
};

export const isGenAiProvider = (p: string | undefined): p is GenAiProvider =>
  p !== undefined && (GENAI_PROVIDERS as readonly string[]).includes(p);

/** The usage pipeline that prices a provider's usage (`{provider}/genai/usage`): re-running it re-prices. */
export const usagePipelineOf = (provider: GenAiProvider) => `${provider}/genai/usage`;

/** One model (and region) of the price book: its public prices and the org's overrides, each dated, oldest first. */
export interface PriceBookRow {
  key: string;
  model: string;
  region: string | null;
  defaults: PricingItem[];
  overrides: PricingItem[];
}

/** The provider's list (GET …/pricing) grouped per model and region, by model name. */
export function priceBookRows(items: readonly PricingItem[]): PriceBookRow[] {
  const rows = new Map<string, PriceBookRow>();
  for (const item of items) {
    const key = item.region ? `${item.model}@${item.region}` : item.model;
    let row = rows.get(key);
    if (!row)
      rows.set(key, (row = { key, model: item.model, region: item.region, defaults: [], overrides: [] }));
    (item.source === 'custom' ? row.overrides : row.defaults).push(item);
  }
  const byDate = (a: PricingItem, b: PricingItem) => a.effective_from.localeCompare(b.effective_from);
  return [...rows.values()]
    .map((r) => ({ ...r, defaults: r.defaults.sort(byDate), overrides: r.overrides.sort(byDate) }))
    .sort((a, b) => a.model.localeCompare(b.model) || (a.region ?? '').localeCompare(b.region ?? ''));
}

/** Rows whose model contains `text` (case-insensitive), optionally only those with an override. */
export function filterRows(
  rows: readonly PriceBookRow[],
  text: string,
  onlyOverrides: boolean,
): PriceBookRow[] {
  const t = text.trim().toLowerCase();
  return rows.filter(
    (r) => (!onlyOverrides || r.overrides.length > 0) && (!t || r.model.toLowerCase().includes(t)),
  );
}

/** Whether a dated price applies on `day` (effective_from ≤ day ≤ effective_to). */
export const appliesOn = (item: Pick<PricingItem, 'effective_from' | 'effective_to'>, day: Day) =>
  item.effective_from <= day && (item.effective_to === null || day <= item.effective_to);

/**
 * The price in effect on `day` among dated entries (the latest that started by then and has not ended), or
 * undefined.
 */
export function inEffect<T extends Pick<PricingItem, 'effective_from' | 'effective_to'>>(
  items: readonly T[],
  day: Day,
): T | undefined {
  return [...items]
    .filter((i) => appliesOn(i, day))
    .sort((a, b) => b.effective_from.localeCompare(a.effective_from))[0];
}

/** The org's override count per provider, from GET /genai/{org}/pricing?flow=payg items ({provider, source, …}). */
export function overrideCounts(
  items: readonly Record<string, unknown>[],
): Partial<Record<GenAiProvider, number>> {
  const counts: Partial<Record<GenAiProvider, number>> = {};
  for (const i of items) {
    const p = i.provider;
    if (i.source !== 'custom' || typeof p !== 'string' || !isGenAiProvider(p)) continue;
    counts[p] = (counts[p] ?? 0) + 1;
  }
  return counts;
}

/**
 * A rate per 1M tokens as the API sent it (a JSON number: its shortest decimal text, never rounded for display,
 * never summed), or an em dash.
 */
export const formatRate = (v: number | null, currency: string): string =>
  v === null ? '—' : `${currencySymbol(currency)}${decimalText(v)}`;

/** A JSON number's exact decimal text without an exponent (1e-7 → "0.0000001"). */
export function decimalText(v: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  const [mantissa, exp] = s.split(/e/i) as [string, string];
  const e = Number(exp);
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = (mantissa.replace('-', '').indexOf('.') + 1 || mantissa.replace('-', '').length + 1) - 1 + e;
  const text =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? `${digits}${'0'.repeat(point - digits.length)}`
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${neg ? '-' : ''}${text}`;
}

function currencySymbol(currency: string): string {
  try {
    const part = new Intl.NumberFormat('en-US', { style: 'currency', currency })
      .formatToParts(0)
      .find((p) => p.type === 'currency');
    return part?.value ?? `${currency} `;
  } catch {
    return `${currency} `;
  }
}

/** The override form: every field a string as typed (prices stay decimal text end to end). */
export interface OverrideForm {
  model: string;
  effective_from: string;
  effective_to: string;
  input_per_1m: string;
  output_per_1m: string;
  cached_input_per_1m: string;
  cache_write_per_1m: string;
  cache_write_1h_per_1m: string;
  batch_discount_pct: string;
  currency: string;
  notes: string;
}

export const RATE_FIELDS = [
  ['input_per_1m', 'Input', true],
  ['output_per_1m', 'Output', true],
  ['cached_input_per_1m', 'Cached input', false],
  ['cache_write_per_1m', 'Cache write (5 min)', false],
  ['cache_write_1h_per_1m', 'Cache write (1 h)', false],
] as const satisfies readonly (readonly [keyof OverrideForm, string, boolean])[];

const rateText = (v: number | null | undefined) => (v === null || v === undefined ? '' : decimalText(v));

/** An empty form for `model`, from `day`; or an existing price's values (to edit an override or start from the public price). */
export function overrideFormOf(model: string, day: Day, from?: PricingItem): OverrideForm {
  return {
    model,
    effective_from: from?.source === 'custom' ? from.effective_from : day,
    effective_to: from?.source === 'custom' ? (from.effective_to ?? '') : '',
    input_per_1m: rateText(from?.input_per_1m),
    output_per_1m: rateText(from?.output_per_1m),
    cached_input_per_1m: rateText(from?.cached_input_per_1m),
    cache_write_per_1m: rateText(from?.cache_write_per_1m),
    cache_write_1h_per_1m: rateText(from?.cache_write_1h_per_1m),
    batch_discount_pct: rateText(from?.batch_discount_pct),
    currency: from?.source === 'custom' ? from.currency : '',
    notes: from?.source === 'custom' ? (from.notes ?? '') : '',
  };
}

/** The model path parameter of PUT …/pricing/{model}, as the API checks it. */
const modelParam = genaiPricingRoutes.put.params?.shape.model;

/** The server's own limit: at most 12 decimals per 1M tokens (so every per-token cost stays exact). */
const MAX_DECIMALS = 12;

/**
 * The form checked as the API checks it (the model as the route's path parameter, the body with OverrideBodySchema,
 * at most 12 decimals, a discount of at most 100%, the end not before the start): the errors by field, or what to
 * send. Blank optional fields are left out; prices are sent as decimal strings.
 */
export function checkOverrideForm(
  form: OverrideForm,
):
  | { ok: true; model: string; body: OverrideBody }
  | { ok: false; errors: Partial<Record<keyof OverrideForm, string>> } {
  const errors: Partial<Record<keyof OverrideForm, string>> = {};
  const model = form.model.trim();
  const modelIssue = modelParam?.safeParse(model).error?.issues[0]?.message;
  if (!model) errors.model = 'Name the model, like gpt-4o.';
  else if (modelIssue) errors.model = modelIssue;
  const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const body: Record<string, unknown> = {
    input_per_1m: form.input_per_1m.trim(),
    output_per_1m: form.output_per_1m.trim(),
    effective_from: form.effective_from,
  };
  for (const k of [
    'cached_input_per_1m',
    'cache_write_per_1m',
    'cache_write_1h_per_1m',
    'batch_discount_pct',
  ] as const) {
    const v = opt(form[k]);
    if (v !== undefined) body[k] = v;
  }
  const to = opt(form.effective_to);
  if (to !== undefined) body.effective_to = to;
  const currency = opt(form.currency);
  if (currency !== undefined) body.currency = currency.toUpperCase();
  const notes = opt(form.notes);
  if (notes !== undefined) body.notes = notes;

  const parsed = OverrideBodySchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'input_per_1m') as keyof OverrideForm;
      const typed = form[field];
      errors[field] ??= typeof typed === 'string' && typed.trim() === '' ? 'Required.' : issue.message;
    }
  }
  for (const [k] of [...RATE_FIELDS, ['batch_discount_pct'] as const]) {
    const v = opt(form[k]);
    if (v && /^\d+\.\d+$/.test(v) && v.split('.')[1]!.length > MAX_DECIMALS)
      errors[k] ??= `At most ${MAX_DECIMALS} decimals.`;
  }
  const pct = opt(form.batch_discount_pct);
  if (pct && /^\d+(\.\d+)?$/.test(pct) && Number(pct.split('.')[0]) >= 100 && !/^100(\.0*)?$/.test(pct))
    errors.batch_discount_pct ??= 'At most 100%.';
  if (to && form.effective_from && /^\d{4}-\d{2}-\d{2}$/.test(to) && to < form.effective_from)
    errors.effective_to ??= 'Ends before it starts.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, model, body: body as OverrideBody };
}

/** A 400's details (`{field: 'body.x' | path: 'x', message}`) as the form's errors. */
export function overrideFieldErrors(details: unknown): Partial<Record<keyof OverrideForm, string>> {
  const errors: Partial<Record<keyof OverrideForm, string>> = {};
  if (!Array.isArray(details)) return errors;
  const fields = new Set(Object.keys(overrideFormOf('', '2000-01-01')));
  for (const d of details as { field?: unknown; path?: unknown; message?: unknown }[]) {
    if (typeof d?.message !== 'string') continue;
    const raw = typeof d.field === 'string' ? d.field : typeof d.path === 'string' ? d.path : '';
    const name = raw.replace(/^(body|params)\./, '').split('.')[0]!;
    if (fields.has(name)) errors[name as keyof OverrideForm] ??= d.message;
  }
  return errors;
}

/**
 * The days a re-run re-prices after a price change from `from` (through `to`, else open): from that day through
 * yesterday (UTC), the latest MAX_RUN_DAYS when longer (`earlier` counts the days left for another run); null when
 * the change starts today or later (nothing imported is affected yet).
 */
export function rerunRange(
  from: Day,
  to: Day | null,
  today: Day,
): { start: Day; end: Day; earlier: number } | null {
  const yesterday = addDays(today, -1);
  const end = to !== null && to < yesterday ? to : yesterday;
  if (from > end) return null;
  const earliest = addDays(end, -(MAX_RUN_DAYS - 1));
  const start = from < earliest ? earliest : from;
  return { start, end, earlier: start > from ? daysBetween(from, start) - 1 : 0 };
}
