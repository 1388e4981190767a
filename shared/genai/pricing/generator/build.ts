/** Builds the default price book from the datasets: one dated entry per price period, plus variants. */
import { normaliseModel } from '../match.js';
import type { PriceEntry } from '../types.js';
import { CATALOG, GENAI_PRICES_PROVIDER, type CatalogModel } from './catalog.js';
import { fromLiteLlm, type Converted } from './convert.js';
import { fromGenaiPrices, gpMatches, gpPeriods, type GpPeriod } from './genai-prices.js';
import { fromLangfuse } from './langfuse.js';
import { crossCheck } from './crosscheck.js';
import { ordered } from './order.js';
import type { Datasets, LiteLlmRecord } from './datasets.js';
import { entryBody, type BodyContext, type Decision } from './rules.js';
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

/** Where a catalog model's prices come from: its LiteLLM record and its dated genai-prices periods. */
interface ModelSources {
  rec: LiteLlmRecord | undefined;
  /** The LiteLLM converted price, when the model has a LiteLLM key. */
  lit: Converted | undefined;
  /** Names to look the model up by: the normalised LiteLLM id (or the catalog name), then the catalog name. */
  names: string[];
  /** genai-prices periods by start date (time-of-day prices dropped). */
  dated: GpPeriod[];
  /** Index of the period current at the LiteLLM snapshot date. */
  current: number;
  gpRef: string;
  litRef: string;
}

/** One price period of a model before the rules: when it starts, its converted price and its source. */
interface PricePart {
  from?: string;
  conv: Converted;
  ref: string;
}

/** Entries of one catalog model: genai-prices periods, the LiteLLM price for the period it describes, variants. */
function buildModel(ds: Datasets, c: CatalogModel, built: PriceEntry[], decisions: Decision[]): PriceEntry[] {
  const found = findModelSources(ds, c, decisions);
  const checked = crossCheckCurrent(ds, c, found, decisions);
  if (!found.lit && !found.dated.length) throw new Error(`No dataset prices ${c.provider}/${c.model}`);
  const parts = priceParts(found, checked);
  const ctx = bodyContext(ds, c, found.rec, built, decisions);
  const { entries, start } = datedEntries(ds, c, parts, ctx);
  const now = entries[found.current] ?? entries[0];
  if (!found.rec || !now) return entries;
  return [...entries, ...variantEntries(ds, c, now, familyKeys(ds, c.provider, c.model), ctx, start)];
}

/** Looks the model up in LiteLLM and genai-prices; records ignored time-of-day prices as a decision. */
function findModelSources(ds: Datasets, c: CatalogModel, decisions: Decision[]): ModelSources {
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
  return { rec, lit, names, dated, current, gpRef, litRef };
}

/** The current rates, cross-checked between LiteLLM, genai-prices and (for the vendors) Langfuse. */
function crossCheckCurrent(ds: Datasets, c: CatalogModel, found: ModelSources, decisions: Decision[]) {
  const { lit, dated, current, names } = found;
  const langfuse = ['openai', 'anthropic', 'google'].includes(c.provider)
    ? fromLangfuse(ds.langfuse, names[0] ?? c.model)
    : undefined;
  const gpNow = dated[current] ? fromGenaiPrices(dated[current].prices) : undefined;
  return crossCheck(
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
}

/** One part per dated period (or one undated LiteLLM part); the current period gets the cross-checked rates. */
function priceParts(found: ModelSources, checked: ReturnType<typeof crossCheck>): PricePart[] {
  const { lit, dated, current, gpRef, litRef } = found;
  return (lit && dated.length <= 1 ? [{}] : dated).map((p, i) => {
    const useLit = lit && i === current;
    const conv = useLit ? lit : fromGenaiPrices((p as { prices: Record<string, unknown> }).prices);
    const from = (p as { start_date?: string }).start_date;
    return {
      ...(from ? { from } : {}),
      conv: i === current ? { ...conv, rates: checked } : conv,
      ref: useLit ? litRef : gpRef,
    };
  });
}

/** The rules' context: the vendor's current entry of this model (built earlier), batch endpoint support. */
function bodyContext(
  ds: Datasets,
  c: CatalogModel,
  rec: LiteLlmRecord | undefined,
  built: PriceEntry[],
  decisions: Decision[],
): BodyContext {
  const vendorEntries = built.filter(
    (e) => e.provider === VENDOR(c.model) && e.model === c.model && !e.region,
  );
  const vendorNow = vendorEntries.filter((e) => e.effective_from <= ds.sources.litellm.date).at(-1);
  return {
    provider: c.provider,
    model: c.model,
    vendorHasLongContext:
      c.provider === VENDOR(c.model) || !vendorNow || vendorNow.long_context !== undefined,
    ...(vendorNow && c.provider !== VENDOR(c.model) ? { vendorRates: vendorNow.rates } : {}),
    supportsBatchEndpoint:
      Array.isArray(rec?.supported_endpoints) && rec.supported_endpoints.includes('/v1/batch'),
    decisions,
  };
}

/** One entry per part; the first starts at the model's release (or the floor) and says why. */
function datedEntries(
  ds: Datasets,
  c: CatalogModel,
  parts: PricePart[],
  ctx: BodyContext,
): { entries: PriceEntry[]; start: string } {
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
  return { entries, start };
}
