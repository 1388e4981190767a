import { z } from 'zod';

/**
 * The pricing page's URL: the provider shown and, with `set`, the model whose override form opens prefilled (the
 * GenAI page's unpriced list can link to it). Kept free of the GenAI contract module: the router (entry chunk)
 * imports it. A bad value is dropped, never an error.
 */
const PricingSearchSchema = z.object({
  provider: z
    .string()
    .regex(/^[a-z_]{2,20}$/)
    .optional()
    .catch(undefined),
  set: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/)
    .optional()
    .catch(undefined),
});
export type PricingSearch = z.output<typeof PricingSearchSchema>;

export const parsePricingSearch = (raw: unknown): PricingSearch => PricingSearchSchema.parse(raw ?? {});
