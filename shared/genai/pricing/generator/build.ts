/** Builds the default price book from the datasets: one dated entry per price period, plus variants. */
import { normaliseModel } from '../match.js';
import type { PriceEntry } from '../types.js';
import { CATALOG, GENAI_PRICES_PROVIDER, type CatalogModel } from './catalog.js';
import { fromLiteLlm, type Converted } from './convert.js';
import { fromGenaiPrices, gpMatches, gpPeriods } from './genai-prices.js';
import { fromLangfuse } from './langfuse.js';
import { crossCheck } from './crosscheck.js';
import { ordered } from './order.js';
import type { Datasets } from './datasets.js';
import { entryBody, type Decision } from './rules.js';
import { familyKeys, releaseDate, variantEntries } from './variants.js';

/** First effective date when the datasets give none for a model (no dated snapshot id). */
export const FLOOR_DATE = '2023-01-01';
/** Why a dataset's value was not used, per `provider/model`. */
const EXPLAIN: Record<string, string> = {
  'deepseek/deepseek-chat':
    'LiteLLM has the current DeepSeek list price; genai-prices still carries the older V3 peak/off-peak prices',
  'deepseek/deepseek-reasoner':
    'LiteLLM has the current DeepSeek list price; genai-prices still carries the older R1 peak/off-peak prices',
};
const VENDOR = (model: string) =>
  model.startsWith('claude-') ? 'anthropic' : model.startsWith('gemini-') ? 'google' : 'openai';

/** The generated book: entries sorted by provider, model, region, date, and the decisions taken. */
export interface BuiltBook {
  entries: PriceEntry[];
  decisions: Decision[];
}

/** Builds every catalog model (vendors first, so hosted copies can check the vendor's long-context tier). */
export function buildPriceBook(ds: Datasets): BuiltBook {
  const entries: PriceEntry[] = [];
  const decisions: Decision[] = [];
  const hosted = (c: CatalogModel) => ['azure', 'bedrock', 'vertex'].includes(c.provider);
  for (const c of [...CATALOG.filter((c) => !hosted(c)), ...CATALOG.filter(hosted)]) {
    entries.push(...buildModel(ds, c, entries, decisions));
  }
  const key = (e: PriceEntry) => [e.provider, e.model, e.region ?? '', e.effective_from].join('|');
  entries.sort((a, b) => key(a).localeCompare(key(b)));
  return { entries: entries.map(ordered), decisions };
}

/** Entries of one catalog model: genai-prices periods, the LiteLLM price for the period it describes, variants. */
function buildModel(ds: Datasets, c: CatalogModel, built: PriceEntry[], decisions: Decision[]): PriceEntry[] {
  const { sources } = ds;
  const rec = c.litellm ? ds.litellm[c.litellm] : undefined;
  if (c.litellm && !rec) throw new Error(`LiteLLM has no key ${c.litellm}`);
  const names = [c.litellm ? normaliseModel(c.litellm).id : c.model, c.model];
  const gpProvider = ds.genaiPrices.find((p) => p.id === GENAI_PRICES_PROVIDER[c.provider]);
  const gm = gpProvider?.models.find((m) => names.some((n) => gpMatches(m.match, n)));
  const periods = gm ? gpPeriods(gm) : [];
  if (periods.some((p) => p.time_of_day)) {
    decisions.push({
      provider: c.provider,
      model: c.model,
      decision: 'ignored genai-prices time-of-day prices',
    });
  }
  const dated = periods.filter((p) => !p.time_of_day);
  const gpRef = `genai-prices@${sources['genai-prices'].date}:${gpProvider?.id}/${gm?.id}`;
  const litRef = `litellm@${sources.litellm.date}:${c.litellm}`;
  const current = dated.reduce((k, p, i) => ((p.start_date ?? '') <= sources.litellm.date ? i : k), 0);

  const lit = rec ? fromLiteLlm(rec) : undefined;
  const langfuse = ['openai', 'anthropic', 'google'].includes(c.provider)
    ? fromLangfuse(ds.langfuse, names[0] ?? c.model)
    : undefined;
  const gpNow = dated[current] ? fromGenaiPrices(dated[current].prices) : undefined;
  const checked = crossCheck(
    c.provider,
    c.model,
    lit ? 'litellm' : 'genai-prices',
    {
      ...(lit ? { litellm: lit.rates } : {}),
      ...(gpNow ? { 'genai-prices': gpNow.rates } : {}),
      ...(langfuse ? { langfuse } : {}),
    },
    decisions,
    EXPLAIN[`${c.provider}/${c.model}`] ?? '',
  );
  if (!lit && !dated.length) throw new Error(`No dataset prices ${c.provider}/${c.model}`);
  const parts: { from?: string; conv: Converted; ref: string }[] = (
    lit && dated.length <= 1 ? [{}] : dated
  ).map((p, i) => {
    const useLit = lit && i === current;
    const conv = useLit ? lit : fromGenaiPrices((p as { prices: Record<string, unknown> }).prices);
    const from = (p as { start_date?: string }).start_date;
    return {
      ...(from ? { from } : {}),
      conv: i === current ? { ...conv, rates: checked } : conv,
      ref: useLit ? litRef : gpRef,
    };
  });

  const vendorEntries = built.filter(
    (e) => e.provider === VENDOR(c.model) && e.model === c.model && !e.region,
  );
  const vendorNow = vendorEntries.filter((e) => e.effective_from <= sources.litellm.date).at(-1);
  const ctx = {
    provider: c.provider,
    model: c.model,
    vendorHasLongContext:
      c.provider === VENDOR(c.model) || !vendorNow || vendorNow.long_context !== undefined,
    ...(vendorNow && c.provider !== VENDOR(c.model) ? { vendorRates: vendorNow.rates } : {}),
    supportsBatchEndpoint:
      Array.isArray(rec?.supported_endpoints) && rec.supported_endpoints.includes('/v1/batch'),
    decisions,
  };
  const release = releaseDate(
    ds,
    c,
    parts.map((p) => p.conv.rates),
    FLOOR_DATE,
  );
  const firstChange = parts[1]?.from;
  const start =
    c.effectiveFrom?.date ?? (firstChange && release.date >= firstChange ? FLOOR_DATE : release.date);
  const basis = c.effectiveFrom?.note ?? release.note;
  const entries = parts.map((p, i): PriceEntry => {
    const body = entryBody(p.conv, ctx);
    const notes = [i === 0 ? `effective_from: ${basis}` : '', body.notes ?? ''].filter(Boolean).join('; ');
    return {
      provider: c.provider,
      model: c.model,
      ...body,
      effective_from: p.from ?? start,
      currency: 'USD',
      source: 'default',
      source_ref: p.ref,
      ...(notes ? { notes } : {}),
    };
  });
  const now = entries[current] ?? entries[0];
  if (!rec || !now) return entries;
  return [...entries, ...variantEntries(ds, c, now, familyKeys(ds, c.provider, c.model), ctx, start)];
}
