/** Snapshot, data-zone and geo variants of a model family, and the family's first effective date. */
import { normaliseModel } from '../match.js';
import { D } from '../rates.js';
import type { PriceEntry, Rates } from '../types.js';
import {
  LITELLM_KEYS,
  LITELLM_PROVIDERS,
  SKIP_KEYS,
  type BookProvider,
  type CatalogModel,
} from './catalog.js';
import { fromLiteLlm, sameRates } from './convert.js';
import type { Datasets } from './datasets.js';
import { entryBody, type BodyContext } from './rules.js';

/** LiteLLM keys of `provider` whose normalised family is `family`, sorted. */
export function familyKeys(ds: Datasets, provider: BookProvider, family: string): string[] {
  return Object.keys(ds.litellm)
    .filter((k) => LITELLM_KEYS[provider].test(k))
    .filter((k) => LITELLM_PROVIDERS[provider].includes(String(ds.litellm[k]?.litellm_provider)))
    .filter((k) => normaliseModel(k).family === family)
    .sort();
}

/** The date in a snapshot id (`-2024-08-06`, `-20241022`), if any. */
export function snapshotDate(id: string): string | undefined {
  const m = /-(20\d{2})-?(\d{2})-?(\d{2})$/.exec(id);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : undefined;
}

const sameIO = (a: Rates, b: Rates) =>
  a.input !== undefined && b.input !== undefined && new D(a.input).eq(b.input) && a.output === b.output;

/** The earliest dated snapshot of the family (any provider) whose input and output price match one of its periods. */
export function releaseDate(ds: Datasets, c: CatalogModel, periods: Rates[], floor: string) {
  const dates = (Object.keys(LITELLM_KEYS) as BookProvider[])
    .flatMap((p) => familyKeys(ds, p, c.model))
    .filter((k) => periods.some((r) => sameIO(r, fromLiteLlm(ds.litellm[k] ?? {}).rates)))
    .map((k) => snapshotDate(normaliseModel(k).id))
    .filter((d): d is string => d !== undefined)
    .sort();
  const date = dates[0];
  return date
    ? { date, note: `first dated snapshot at this price (${date})` }
    : { date: floor, note: 'no release date in the datasets' };
}

/**
 * Entries for LiteLLM keys of the family that price differently from the family entry: a regional entry when
 * all keys of a region agree, else one entry per snapshot id. Keys at the family's price add nothing.
 */
export function variantEntries(
  ds: Datasets,
  c: CatalogModel,
  family: PriceEntry,
  keys: string[],
  ctx: BodyContext,
  start: string,
): PriceEntry[] {
  const out: PriceEntry[] = [];
  const bodies = keys
    .filter((k) => k !== c.litellm)
    .map((k) => ({
      key: k,
      n: normaliseModel(k),
      body: entryBody(fromLiteLlm(ds.litellm[k] ?? {}), { ...ctx, decisions: [] }),
    }));
  const differs = (rates: Rates) => !sameRates(rates, family.rates);
  const skip = (b: (typeof bodies)[number], why: string) =>
    ctx.decisions.push({
      provider: c.provider,
      model: c.model,
      decision: `skipped LiteLLM key ${b.key}: ${why}`,
    });
  const cheaper = (r: Rates) =>
    r.input !== undefined && family.rates.input !== undefined && new D(r.input).lt(family.rates.input);
  const emit = (
    key: string,
    model: string,
    region: string | undefined,
    body: (typeof bodies)[number]['body'],
  ) =>
    out.push({
      ...family,
      model,
      ...(region ? { region } : {}),
      ...body,
      effective_from: snapshotDate(model) ?? start,
      source_ref: `litellm@${ds.sources.litellm.date}:${key}`,
      notes: [`variant of ${c.provider}/${c.model}`, body.notes].filter(Boolean).join('; '),
    });
  const regions = [...new Set(bodies.map((b) => b.n.region))];
  for (const region of regions) {
    const group = bodies.filter((b) => b.n.region === region);
    const first = group[0];
    if (region && first && group.every((b) => sameRates(b.body.rates, first.body.rates))) {
      if (cheaper(first.body.rates)) skip(first, 'a regional price below the base price (copy error)');
      else if (differs(first.body.rates)) emit(first.key, c.model, region, first.body);
      continue;
    }
    const byId = new Map<string, (typeof group)[number]>();
    for (const b of group) if (!byId.has(b.n.id)) byId.set(b.n.id, b);
    for (const [id, b] of byId) {
      if (!differs(b.body.rates)) continue;
      const known = SKIP_KEYS[b.key];
      if (known) skip(b, known);
      else if (region && cheaper(b.body.rates)) skip(b, 'a regional price below the base price (copy error)');
      else if (id === c.model && !region) {
        ctx.decisions.push({
          provider: c.provider,
          model: c.model,
          decision: `LiteLLM key ${b.key} differs; ${c.litellm} used`,
        });
      } else emit(b.key, id, region, b.body);
    }
  }
  return out;
}
