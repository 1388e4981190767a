import { z } from 'zod';
import { route } from './route.js';
import {
  EmptyQuerySchema,
  orgAdmin,
  orgOwner,
  OrgParamsSchema,
  OrgSlugSchema,
  orgViewer,
  PlanSchema,
  SubscriptionStatusSchema,
  TimestampSchema,
} from './common.js';

const currencies = new Set(Intl.supportedValuesOf('currency'));
const timezones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export const CurrencySchema = z
  .string()
  .refine((c) => currencies.has(c), 'must be an ISO 4217 currency code');
export const TimezoneSchema = z.string().refine((t) => timezones.has(t), 'must be an IANA time zone');
const Email = z.email().max(254);

export const OnboardBodySchema = z.strictObject({
  org_name: z.string().trim().min(1).max(200),
  admin_email: Email,
  plan: PlanSchema,
  org_slug: OrgSlugSchema.optional(),
});

export const OnboardResponseSchema = z.object({
  org_slug: OrgSlugSchema,
  api_key: z.string(),
  api_key_fingerprint: z.string(),
  plan: PlanSchema,
  status: SubscriptionStatusSchema,
  dataset: z.string(),
});

/** Self-serve: the signed-in user creates an org and becomes its owner (admin email = their email). */
export const CreateOrgBodySchema = z.strictObject({
  org_name: z.string().trim().min(1).max(200),
  plan: PlanSchema,
  org_slug: OrgSlugSchema.optional(),
  currency: CurrencySchema.optional(),
  timezone: TimezoneSchema.optional(),
});

export const CreateOrgResponseSchema = OnboardResponseSchema.extend({ trial_ends_at: TimestampSchema });

export const OrgProfileSchema = z.object({
  org_slug: OrgSlugSchema,
  org_name: z.string(),
  admin_email: z.string(),
  contact_name: z.string().nullable(),
  contact_phone: z.string().nullable(),
  billing_email: z.string().nullable(),
  plan: PlanSchema,
  status: SubscriptionStatusSchema,
  currency: z.string(),
  timezone: z.string(),
  api_key_fingerprint: z.string().nullable(),
  created_at: TimestampSchema,
});

export const UpdateProfileBodySchema = z
  .strictObject({
    org_name: z.string().trim().min(1).max(200),
    admin_email: Email,
    contact_name: z.string().trim().max(200).nullable(),
    contact_phone: z.string().trim().max(50).nullable(),
    billing_email: Email.nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'at least one field is required');

export const LocaleSchema = z.object({
  currency: z.string(),
  timezone: z.string(),
  fiscal_year_start_month: z.number().int(),
});

export const UpdateLocaleBodySchema = z
  .strictObject({
    currency: CurrencySchema,
    timezone: TimezoneSchema,
    fiscal_year_start_month: z.number().int().min(1).max(12),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'at least one field is required');

export const ApiKeyResponseSchema = z.object({ api_key: z.string(), api_key_fingerprint: z.string() });

export const organizationRoutes = {
  onboard: route({
    id: 'organizations.onboard',
    method: 'POST',
    path: '/api/v1/organizations/onboard',
    summary: 'Create an organization, its warehouse dataset, plan and API key (returned once).',
    auth: ['root'],
    body: OnboardBodySchema,
    response: OnboardResponseSchema,
    status: 201,
    example: { body: { org_name: 'Acme Corp', admin_email: 'ops@acme.test', plan: 'STARTER' } },
  }),
  create: route({
    id: 'organizations.create',
    method: 'POST',
    path: '/api/v1/organizations',
    summary:
      'Create an organization as the signed-in user, who becomes its owner; on a trial. A retry with the same Idempotency-Key returns the same org and key.',
    auth: ['user'],
    body: CreateOrgBodySchema,
    response: CreateOrgResponseSchema,
    status: 201,
    example: { body: { org_name: 'Acme Corp', plan: 'STARTER', currency: 'USD', timezone: 'UTC' } },
  }),
  get: route({
    id: 'organizations.get',
    method: 'GET',
    path: '/api/v1/organizations/{org}',
    summary: 'Organization profile.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: EmptyQuerySchema,
    response: OrgProfileSchema,
  }),
  update: route({
    id: 'organizations.update',
    method: 'PUT',
    path: '/api/v1/organizations/{org}',
    summary: 'Update the organization name and contact fields.',
    ...orgAdmin,
    params: OrgParamsSchema,
    body: UpdateProfileBodySchema,
    response: OrgProfileSchema,
    example: { body: { org_name: 'Acme Corporation', contact_name: 'Ops Team' } },
  }),
  getLocale: route({
    id: 'organizations.getLocale',
    method: 'GET',
    path: '/api/v1/organizations/{org}/locale',
    summary: 'Currency, time zone and fiscal year start.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: EmptyQuerySchema,
    response: LocaleSchema,
  }),
  updateLocale: route({
    id: 'organizations.updateLocale',
    method: 'PUT',
    path: '/api/v1/organizations/{org}/locale',
    summary: 'Set currency (ISO 4217), time zone (IANA) and fiscal year start month.',
    ...orgAdmin,
    params: OrgParamsSchema,
    body: UpdateLocaleBodySchema,
    response: LocaleSchema,
    example: { body: { currency: 'EUR', timezone: 'Europe/Berlin', fiscal_year_start_month: 4 } },
  }),
  rotateKey: route({
    id: 'organizations.rotateKey',
    method: 'POST',
    path: '/api/v1/organizations/{org}/api-key/rotate',
    summary: 'Issue a new org API key; every previous key stops working. The key is returned once.',
    ...orgOwner,
    params: OrgParamsSchema,
    response: ApiKeyResponseSchema,
  }),
};
