/** A price book: default entries plus org overrides, resolved by provider, model name and UTC day. */
import { PriceBookError } from './errors.js';
import { matchModel, normaliseModel, normaliseProvider, type ModelMatch } from './match.js';
import { PriceEntrySchema, type PriceEntry } from './types.js';

/** Options of a lookup: the credential's alias map (e.g. Azure deployment name → model). */
export interface PriceOptions {
  aliases?: Readonly<Record<string, string>>;
}

/** The price valid on the day, how the model name matched it, and its stable id. */
export interface PriceMatch extends ModelMatch<PriceEntry> {
  price_id: string;
}

/** Stable id of one dated price, to store on each costed row so history is never silently re-priced. */
export const priceId = (e: PriceEntry): string =>
  [e.source, e.provider, e.region ? `${e.model}@${e.region}` : e.model, e.effective_from].join(':');

/** The UTC day of a `YYYY-MM-DD` date or an ISO timestamp. */
export function utcDay(date: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) throw new PriceBookError(`Not a date: ${date}`);
  return d.toISOString().slice(0, 10);
}

const keyOf = (provider: string, model: string, region?: string) => `${provider}|${model}|${region ?? ''}`;

/** Parses an entry and canonicalises provider and model, so `openai/GPT-4o` and `gpt-4o` are one key. */
function canonical(input: PriceEntry): PriceEntry {
  const parsed = PriceEntrySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PriceBookError(
      `Invalid price entry ${input.provider}/${input.model}: ${issue?.path} ${issue?.message}`,
    );
  }
  const e = parsed.data;
  const n = normaliseModel(e.model);
  const region = e.region ?? n.region;
  return { ...e, provider: normaliseProvider(e.provider), model: n.id, ...(region ? { region } : {}) };
}

/** Indexes entries by key, sorted by effective_from; one entry per key and date. */
function index(entries: readonly PriceEntry[], source: PriceEntry['source']): Map<string, PriceEntry[]> {
  const byKey = new Map<string, PriceEntry[]>();
  for (const input of entries) {
    const e = canonical(input);
    if (e.source !== source)
      throw new PriceBookError(`${e.provider}/${e.model}: expected source '${source}'`);
    const key = keyOf(e.provider, e.model, e.region);
    const list = byKey.get(key) ?? [];
    if (list.some((x) => x.effective_from === e.effective_from)) {
      throw new PriceBookError(`Two ${source} prices for ${key} from ${e.effective_from}`);
    }
    list.push(e);
    list.sort((a, b) => a.effective_from.localeCompare(b.effective_from));
    byKey.set(key, list);
  }
  return byKey;
}

/** The entry valid on `day`: the latest effective_from <= day whose effective_to (exclusive) is after day. */
function validOn(list: readonly PriceEntry[] | undefined, day: string): PriceEntry | undefined {
  let found: PriceEntry | undefined;
  for (const e of list ?? []) {
    if (e.effective_from > day) break;
    if (!e.effective_to || day < e.effective_to) found = e;
  }
  return found;
}

/**
 * An override over the public price valid that day: the rates the override names replace the public ones; every
 * other rate (cache reads and writes, audio, units), the service tiers, the long-context tier and the batch
 * discount (unless the override sets one) stay the public ones. In another currency, the override stands alone.
 */
function overlay(custom: PriceEntry, base: PriceEntry | undefined): PriceEntry {
  if (!base || base.currency !== custom.currency) return custom;
  return {
    ...base,
    rates: { ...base.rates, ...custom.rates },
    ...(custom.batch_discount_pct !== undefined ? { batch_discount_pct: custom.batch_discount_pct } : {}),
    effective_from: custom.effective_from,
    ...(custom.effective_to ? { effective_to: custom.effective_to } : { effective_to: undefined }),
    currency: custom.currency,
    source: 'custom',
    source_ref: `${custom.source_ref}, over ${base.source_ref}`,
    ...(custom.notes ? { notes: custom.notes } : {}),
  };
}

/** Default prices plus org overrides; an override beats every default from its effective date on. */
export class PriceBook {
  readonly #defaults: Map<string, PriceEntry[]>;
  readonly #custom: Map<string, PriceEntry[]>;
  /** Lookups without an alias map, by provider, model and day (a run asks the same few many times). */
  readonly #found = new Map<string, PriceMatch | undefined>();

  constructor(
    readonly defaults: readonly PriceEntry[],
    readonly overrides: readonly PriceEntry[] = [],
  ) {
    this.#defaults = index(defaults, 'default');
    this.#custom = index(overrides, 'custom');
  }

  /** A new book with more org overrides (negotiated prices, Azure PTU, committed use). */
  withOverrides(overrides: readonly PriceEntry[]): PriceBook {
    return new PriceBook(this.defaults, [...this.overrides, ...overrides]);
  }

  /**
   * The price of `model` at `provider` valid on `date`: org overrides first (exact id, then family), then
   * defaults. Undefined when no price covers that day: the caller reports the usage as unpriced.
   */
  priceFor(
    provider: string,
    model: string,
    date: string,
    options: PriceOptions = {},
  ): PriceMatch | undefined {
    const day = utcDay(date);
    if (options.aliases) return this.#lookup(provider, model, day, options);
    const key = `${provider}\n${model}\n${day}`;
    if (this.#found.has(key)) return this.#found.get(key);
    if (this.#found.size >= 100_000) this.#found.clear();
    const found = this.#lookup(provider, model, day, options);
    this.#found.set(key, found);
    return found;
  }

  #lookup(provider: string, model: string, day: string, options: PriceOptions): PriceMatch | undefined {
    const p = normaliseProvider(provider);
    const find = (table: Map<string, PriceEntry[]>) =>
      matchModel(model, (id, region) => validOn(table.get(keyOf(p, id, region)), day), options.aliases);
    const base = find(this.#defaults);
    const custom = find(this.#custom);
    if (!custom) return base ? { ...base, price_id: priceId(base.entry) } : undefined;
    return { ...custom, entry: overlay(custom.entry, base?.entry), price_id: priceId(custom.entry) };
  }
}
