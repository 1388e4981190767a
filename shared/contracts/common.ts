import { z } from 'zod';

/** Org slug: lowercase letters, digits and underscores, 3 to 50 characters. */
export const OrgSlugSchema = z.string().regex(/^[a-z0-9_]{3,50}$/, 'must match ^[a-z0-9_]{3,50}$');
/** The `{org}` path parameter of every org-scoped route. */
export const OrgParamsSchema = z.strictObject({ org: OrgSlugSchema });

/** Who may call an org-scoped route: the root key, the org's API key (it acts as admin) and signed-in members. */
const ORG_CALLERS = ['root', 'apiKey', 'user'] as const;
/**
 * Access presets of org-scoped routes, named by the least member role they admit (shared/contracts/roles.ts):
 * spread one into a route (`...orgViewer`) rather than writing `auth` and `minRole` again.
 */
export const orgViewer = { auth: ORG_CALLERS, minRole: 'viewer' } as const;
export const orgMember = { auth: ORG_CALLERS, minRole: 'member' } as const;
export const orgAdmin = { auth: ORG_CALLERS, minRole: 'admin' } as const;
/** Owner only: the org's API key is refused (it acts as admin), so a leaked key cannot replace itself. */
export const orgOwner = { auth: ['root', 'user'], minRole: 'owner' } as const;

export const PlanSchema = z.enum(['STARTER', 'PROFESSIONAL', 'SCALE']);
export type Plan = z.infer<typeof PlanSchema>;
export const SubscriptionStatusSchema = z.enum(['TRIAL', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'EXPIRED']);

/** A real calendar day `YYYY-MM-DD` (shared/contracts/day.ts). */
export { DaySchema as DateSchema } from './day.js';
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
