import { z } from 'zod';

/** Org slug: lowercase letters, digits and underscores, 3 to 50 characters. */
export const OrgSlugSchema = z.string().regex(/^[a-z0-9_]{3,50}$/, 'must match ^[a-z0-9_]{3,50}$');
export const OrgParamsSchema = z.strictObject({ org: OrgSlugSchema });

export const PlanSchema = z.enum(['STARTER', 'PROFESSIONAL', 'SCALE']);
export type Plan = z.infer<typeof PlanSchema>;
export const SubscriptionStatusSchema = z.enum(['TRIAL', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'EXPIRED']);

/** A real calendar day `YYYY-MM-DD` (2026-02-30 and 2026-13-01 are refused, never thrown on). */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }, 'must be a real calendar date');
export const TimestampSchema = z.string().datetime({ offset: true });

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    request_id: z.string(),
  }),
});

/** `{items, next_cursor}` list envelope. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });

export const EmptyQuerySchema = z.strictObject({});

/** A non-negative decimal from a client: a JSON number or a decimal string, kept as an exact string. */
export const DecimalInputSchema = z
  .union([z.number().nonnegative().finite(), z.string().regex(/^\d+(\.\d+)?$/, 'a decimal like "2.5"')])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .refine((v) => !/e/i.test(v), 'write the number without an exponent');
