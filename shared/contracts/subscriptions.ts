import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { route } from './route.js';
import { DateSchema, DecimalInputSchema, listOf, OrgSlugSchema, TimestampSchema } from './common.js';

/** The categories a SaaS provider is filed under. */
export const SAAS_CATEGORIES = [
  'ai',
  'collaboration',
  'communication',
  'design',
  'devops',
  'productivity',
  'other',
] as const;
export type SaasCategory = (typeof SAAS_CATEGORIES)[number];

const ProviderSlug = z.string().regex(/^[a-z0-9_]{2,40}$/, 'a provider slug like slack or chatgpt');
const OrgProvider = z.strictObject({ org: OrgSlugSchema, provider: ProviderSlug });
const OrgProviderPlan = z.strictObject({ org: OrgSlugSchema, provider: ProviderSlug, plan_id: z.uuid() });
const read = { auth: ['root', 'apiKey', 'user'] as const, minRole: 'viewer' as const };
const write = { auth: ['root', 'apiKey', 'user'] as const, minRole: 'admin' as const };

export const BILLING_CYCLES = ['monthly', 'quarterly', 'semi_annual', 'annual', 'custom'] as const;

export const ProviderItemSchema = z.object({
  provider: z.string(),
  display_name: z.string(),
  category: z.string(),
  in_catalog: z.boolean(),
  enabled: z.boolean(),
  plan_count: z.number().int(),
  template_plans: z.array(
    z.object({
      plan_name: z.string(),
      pricing_model: z.string(),
      unit_price: z.number(),
      billing_cycle: z.string(),
    }),
  ),
});

const PlanChangeSchema = z.object({
  effective_date: DateSchema,
  unit_price: z.number().nullable(),
  seats: z.number().int().nullable(),
});

export const PlanSchema = z.object({
  plan_id: z.string(),
  provider: z.string(),
  plan_name: z.string(),
  display_name: z.string().nullable(),
  category: z.string().nullable(),
  enabled: z.boolean(),
  /** Set while switched off: the plan stops accruing from this day; earlier cost stays. */
  disabled_from: DateSchema.nullable(),
  start_date: DateSchema,
  end_date: DateSchema.nullable(),
  billing_cycle: z.enum(BILLING_CYCLES),
  custom_cycle_months: z.number().int().nullable(),
  custom_cycle_days: z.number().int().nullable(),
  pricing_model: z.enum(['PER_SEAT', 'FLAT_FEE']),
  unit_price: z.number(),
  seats: z.number().int(),
  currency: z.string(),
  discount_type: z.enum(['percent', 'fixed']).nullable(),
  discount_value: z.number().nullable(),
  auto_renew: z.boolean(),
  hierarchy_entity_id: z.string().nullable(),
  owner_email: z.string().nullable(),
  notes: z.string().nullable(),
  changes: z.array(PlanChangeSchema),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

/** Money a plan holds: at most 9 decimals and below 10^12, so daily costs fit NUMERIC exactly. */
const PlanAmountSchema = DecimalInputSchema.refine((v) => {
  const d = new Decimal(v);
  return d.decimalPlaces() <= 9 && d.lessThan('1e12');
}, 'at most 9 decimals, below 10^12');

/** A cross-field rule a plan's terms broke: the field named, a short message, and a sentence for the caller. */
export interface PlanIssue {
  field: string;
  message: string;
  summary: string;
}

/**
 * The rules between a plan's fields (each field alone is checked by its schema): a custom cycle has exactly one
 * length and other cycles none; end_date is not before start_date; a discount has a type and a value, and a percent
 * discount is at most 100. Applied to a new plan by CreatePlanSchema, and to an edited plan (its stored terms with
 * the edit applied) by the update use case.
 */
export function planIssues(t: {
  billing_cycle?: string | undefined;
  custom_cycle_months?: number | null | undefined;
  custom_cycle_days?: number | null | undefined;
  start_date: string;
  end_date?: string | null | undefined;
  discount_type?: string | null | undefined;
  discount_value?: string | null | undefined;
}): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (t.billing_cycle !== undefined) {
    const months = t.custom_cycle_months ?? undefined;
    const days = t.custom_cycle_days ?? undefined;
    if (
      (t.billing_cycle === 'custom') !== (months !== undefined || days !== undefined) ||
      (months !== undefined && days !== undefined)
    ) {
      issues.push({
        field: 'billing_cycle',
        message: 'custom cycle length mismatch',
        summary:
          'A custom billing cycle needs exactly one of custom_cycle_months and custom_cycle_days; other cycles take neither.',
      });
    }
  }
  if (t.end_date && t.end_date < t.start_date) {
    issues.push({
      field: 'end_date',
      message: 'before start_date',
      summary: 'end_date is before start_date.',
    });
  }
  const type = t.discount_type ?? null;
  const value = t.discount_value ?? null;
  if ((type === null) !== (value === null)) {
    issues.push({
      field: 'discount_value',
      message: 'needs discount_type',
      summary: 'discount_type and discount_value go together.',
    });
  } else if (type === 'percent' && new Decimal(value ?? '0').greaterThan(100)) {
    issues.push({
      field: 'discount_value',
      message: 'at most 100',
      summary: 'A percent discount is at most 100.',
    });
  }
  return issues;
}

const PlanFields = {
  display_name: z.string().trim().min(1).max(200).nullable().optional(),
  category: z.enum(SAAS_CATEGORIES).nullable().optional(),
  end_date: DateSchema.nullable().optional(),
  discount_type: z.enum(['percent', 'fixed']).nullable().optional(),
  discount_value: PlanAmountSchema.nullable().optional(),
  auto_renew: z.boolean().optional(),
  hierarchy_entity_id: z.string().max(100).nullable().optional(),
  owner_email: z.email().nullable().optional(),
  notes: z.string().max(2000).nullable().optional(),
};

export const CreatePlanSchema = z
  .strictObject({
    plan_name: z.string().regex(/^[a-z0-9_]{1,60}$/, 'a plan name like pro or business_plus'),
    start_date: DateSchema,
    billing_cycle: z.enum(BILLING_CYCLES),
    custom_cycle_months: z.number().int().min(1).max(36).optional(),
    custom_cycle_days: z.number().int().min(1).max(3660).optional(),
    pricing_model: z.enum(['PER_SEAT', 'FLAT_FEE']),
    unit_price: PlanAmountSchema,
    seats: z.number().int().min(0).max(1_000_000).default(1),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code like USD')
      .optional(),
    enabled: z.boolean().default(true),
    ...PlanFields,
  })
  .superRefine((plan, ctx) => {
    for (const i of planIssues(plan)) ctx.addIssue({ code: 'custom', path: [i.field], message: i.message });
  });

/** Terms that change from a date on (prorated) go through /changes; these are the plan's other fields. */
export const UpdatePlanSchema = z.strictObject({
  ...PlanFields,
  start_date: DateSchema.optional(),
});

export const PlanChangeBodySchema = z
  .strictObject({
    effective_date: DateSchema,
    unit_price: PlanAmountSchema.optional(),
    seats: z.number().int().min(0).max(1_000_000).optional(),
  })
  .refine((c) => c.unit_price !== undefined || c.seats !== undefined, 'nothing to change');

export const subscriptionRoutes = {
  providers: route({
    id: 'subscriptions.providers',
    method: 'GET',
    path: '/api/v1/subscriptions/{org}/providers',
    summary: 'SaaS providers: the catalogue and any the org added, enabled or not, with template plans.',
    ...read,
    params: z.strictObject({ org: OrgSlugSchema }),
    response: listOf(ProviderItemSchema),
  }),
  setProvider: route({
    id: 'subscriptions.set-provider',
    method: 'PUT',
    path: '/api/v1/subscriptions/{org}/providers/{provider}',
    summary:
      'Enable or disable a provider for the org: disabled, its plans stop accruing from today (earlier cost stays).',
    ...write,
    params: OrgProvider,
    body: z.strictObject({ enabled: z.boolean() }),
    response: ProviderItemSchema,
    example: { body: { enabled: true } },
  }),
  listPlans: route({
    id: 'subscriptions.list-plans',
    method: 'GET',
    path: '/api/v1/subscriptions/{org}/providers/{provider}/plans',
    summary: "The provider's plans of the org with their dated seat and price changes.",
    ...read,
    params: OrgProvider,
    response: listOf(PlanSchema),
  }),
  createPlan: route({
    id: 'subscriptions.create-plan',
    method: 'POST',
    path: '/api/v1/subscriptions/{org}/providers/{provider}/plans',
    summary: 'Add a plan: billing cycle, price per cycle (per seat for PER_SEAT), seats, dates, discount.',
    ...write,
    params: OrgProvider,
    body: CreatePlanSchema,
    response: PlanSchema,
    status: 201,
    example: {
      body: {
        plan_name: 'pro',
        start_date: '2026-01-01',
        billing_cycle: 'monthly',
        pricing_model: 'PER_SEAT',
        unit_price: '8.75',
        seats: 12,
      },
    },
  }),
  updatePlan: route({
    id: 'subscriptions.update-plan',
    method: 'PUT',
    path: '/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}',
    summary:
      'Change a plan (name, dates, discount, allocation); seat and price changes from a date go to /changes.',
    ...write,
    params: OrgProviderPlan,
    body: UpdatePlanSchema,
    response: PlanSchema,
    example: { body: { end_date: '2026-12-31' } },
  }),
  addChange: route({
    id: 'subscriptions.add-change',
    method: 'POST',
    path: '/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}/changes',
    summary: 'A seat and/or price change from effective_date on, prorated inside its billing cycle.',
    ...write,
    params: OrgProviderPlan,
    body: PlanChangeBodySchema,
    response: PlanSchema,
    status: 201,
    example: { body: { effective_date: '2026-03-15', seats: 15 } },
  }),
  toggle: route({
    id: 'subscriptions.toggle-plan',
    method: 'POST',
    path: '/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}/toggle',
    summary:
      'Switch a plan on or off: off, it stops accruing from today (earlier cost stays); on again, it accrues as if never off.',
    ...write,
    params: OrgProviderPlan,
    response: PlanSchema,
  }),
  deletePlan: route({
    id: 'subscriptions.delete-plan',
    method: 'DELETE',
    path: '/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}',
    summary: 'Delete a plan and its changes.',
    ...write,
    params: OrgProviderPlan,
    response: z.null(),
    status: 204,
  }),
  reset: route({
    id: 'subscriptions.reset',
    method: 'POST',
    path: '/api/v1/subscriptions/{org}/providers/{provider}/reset',
    summary:
      "Replace the provider's plans with its catalogue templates (switched off, one seat, from today) to edit and switch on.",
    ...write,
    params: OrgProvider,
    response: listOf(PlanSchema),
  }),
};
