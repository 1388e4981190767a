/** Zod schemas and types of the GenAI price book: price entries, usage rows and costed results. */
import { z } from 'zod';

/** Token buckets priced per 1M tokens; each is disjoint from the others once usage is normalised. */
export const TOKEN_TYPES = [
  'input',
  'cached_input',
  'cache_write_5m',
  'cache_write_1h',
  'audio_input',
  'image_input',
  'output',
  'audio_output',
] as const;
/** Non-token units priced per single unit (image, character, second of audio, request). */
export const UNIT_TYPES = ['image', 'character', 'second', 'request'] as const;
/** Every key a price can be given for. */
export const PRICE_KEYS = [...TOKEN_TYPES, ...UNIT_TYPES] as const;
/** Service tiers a usage row can carry ('standard' = 'default'; 'batch' is priced through the batch discount). */
export const SERVICE_TIERS = ['default', 'standard', 'flex', 'priority', 'scale', 'batch'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type UnitType = (typeof UNIT_TYPES)[number];
export type PriceKey = (typeof PRICE_KEYS)[number];
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** A non-negative decimal written without exponent, e.g. "2.5" or "0.0001". */
export const DecimalString = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string like "2.5"');
/** A calendar date (UTC) `YYYY-MM-DD`. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => {
    const t = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(s);
  }, 'a real calendar date');

/** Rates by price key: tokens in currency per 1M tokens, units in currency per unit. */
export const RatesSchema = z.partialRecord(z.enum(PRICE_KEYS), DecimalString);
export type Rates = z.infer<typeof RatesSchema>;

/** A service tier (flex / priority / scale): explicit rates, else base rates times `multiplier`. */
export const TierPricingSchema = z
  .object({
    multiplier: DecimalString.optional(),
    rates: RatesSchema.optional(),
    /** Rates of this tier when the long-context tier applies too. */
    long_context_rates: RatesSchema.optional(),
  })
  .strict()
  .refine((t) => t.multiplier !== undefined || t.rates !== undefined, 'a tier needs rates or a multiplier');
export type TierPricing = z.infer<typeof TierPricingSchema>;

/** One dated price of one model at one provider (and optionally one region / data zone). */
export const PriceEntrySchema = z
  .object({
    provider: z.string().min(1),
    /** Normalised model id: a family (`gpt-4o`, `claude-sonnet-4-5`) or an exact snapshot (`gpt-4o-2024-05-13`). */
    model: z.string().min(1),
    /** Geo / data-zone variant (Bedrock `us.`, Azure `eu/`); absent = the provider's base price. */
    region: z.string().min(1).optional(),
    /** The main billing unit of the model. */
    unit_kind: z.enum(['token', 'image', 'character', 'second', 'request']),
    rates: RatesSchema,
    /** Batch API discount in percent, applied to every price key except `batch_excluded`. Absent = no batch price. */
    batch_discount_pct: DecimalString.refine((s) => Number(s) <= 100, 'at most 100').optional(),
    batch_excluded: z.array(z.enum(PRICE_KEYS)).optional(),
    service_tiers: z
      .object({ flex: TierPricingSchema, priority: TierPricingSchema, scale: TierPricingSchema })
      .partial()
      .strict()
      .optional(),
    /** Cliff tier: a request whose prompt exceeds `threshold_tokens` is priced entirely at `rates`. */
    long_context: z
      .object({ threshold_tokens: z.number().int().positive(), rates: RatesSchema })
      .strict()
      .optional(),
    effective_from: IsoDate,
    /** Exclusive end date; absent = until superseded. */
    effective_to: IsoDate.optional(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    source: z.enum(['default', 'custom']),
    /** Provenance: dataset@date and key, or who negotiated the price. */
    source_ref: z.string().min(1),
    notes: z.string().optional(),
  })
  .strict()
  .refine(
    (e) => !e.effective_to || e.effective_to > e.effective_from,
    'effective_to must be after effective_from',
  );
export type PriceEntry = z.infer<typeof PriceEntrySchema>;

/** How a provider reports input tokens: OpenAI/Gemini include cached, cache-write, audio and image input. */
export const TokenSemantics = z.enum(['openai_inclusive', 'disjoint']);
export type TokenSemantics = z.infer<typeof TokenSemantics>;

const Count = z.number().int().nonnegative();

/** One usage row (one request, or one provider bucket of many requests) of one model on one day. */
export const UsageRowSchema = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    /** UTC day (YYYY-MM-DD) or an ISO timestamp, converted to its UTC day. */
    date: z.string().min(10),
    service_tier: z.enum(SERVICE_TIERS).optional(),
    batch: z.boolean().optional(),
    tokens: z
      .object({
        input: Count,
        output: Count,
        cached_input: Count.optional(),
        cache_write_5m: Count.optional(),
        cache_write_1h: Count.optional(),
        audio_input: Count.optional(),
        image_input: Count.optional(),
        audio_output: Count.optional(),
        /** Informational: reasoning tokens are already inside `output`. */
        reasoning: Count.optional(),
      })
      .strict(),
    units: z
      .object({
        images: z.number().nonnegative().optional(),
        characters: z.number().nonnegative().optional(),
        seconds: z.number().nonnegative().optional(),
        requests: z.number().nonnegative().optional(),
      })
      .strict()
      .optional(),
    semantics: TokenSemantics,
    /** Number of model requests in the row; 1 means the row is one request. */
    request_count: Count.optional(),
    /** Largest prompt of any request in the row; decides the long-context tier for the whole row. */
    max_prompt_tokens_per_request: Count.optional(),
    /** Explicit long-context flag (e.g. Anthropic's `context_window` = `200k-1M`); wins over token counts. */
    long_context: z.boolean().optional(),
    /** Row identity for error messages (e.g. bucket and project). */
    row_id: z.string().optional(),
  })
  .strict();
export type UsageRow = z.input<typeof UsageRowSchema>;
