/** The committed default price book (generated from LiteLLM, genai-prices and Langfuse; see README). */
import { z } from 'zod';
import data from './data/default-prices.json' with { type: 'json' };
import { PriceBook } from './price-book.js';
import { PriceEntrySchema, type PriceEntry } from './types.js';

const DatasetSourceSchema = z.object({
  name: z.string(),
  repo: z.string(),
  path: z.string(),
  commit: z.string(),
  date: z.string(),
  license: z.string(),
  sha256: z.string(),
});

/** Shape of data/default-prices.json. */
export const PriceBookDataSchema = z.object({
  $comment: z.string(),
  currency: z.string(),
  units: z.string(),
  sources: z.array(DatasetSourceSchema),
  entries: z.array(PriceEntrySchema),
  decisions: z.array(
    z.object({
      provider: z.string(),
      model: z.string(),
      field: z.string().optional(),
      chosen: z.string().optional(),
      values: z.record(z.string(), z.string()).optional(),
      decision: z.string(),
    }),
  ),
});
export type PriceBookData = z.infer<typeof PriceBookDataSchema>;

let parsed: PriceBookData | undefined;

/** The generated price-book document, validated once. */
export function defaultPriceData(): PriceBookData {
  parsed ??= PriceBookDataSchema.parse(data);
  return parsed;
}

/** The default entries (source 'default'). */
export const defaultPriceEntries = (): readonly PriceEntry[] => defaultPriceData().entries;

/** A price book of the defaults plus an org's overrides (source 'custom'). */
export const defaultPriceBook = (overrides: readonly PriceEntry[] = []): PriceBook =>
  new PriceBook(defaultPriceEntries(), overrides);
