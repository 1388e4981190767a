import { z } from 'zod';
import { route } from './route.js';
import { PROVIDERS } from './providers.js';
import { ProviderInfoSchema } from './provider-schemas.js';
import {
  EmptyQuerySchema,
  listOf,
  orgAdmin,
  OrgParamsSchema,
  OrgSlugSchema,
  orgViewer,
  TimestampSchema,
} from './common.js';

export const ProviderSchema = z.enum(PROVIDERS);
const OrgProvider = z.strictObject({ org: OrgSlugSchema, provider: ProviderSchema });
const OrgProviderCredential = z.strictObject({
  org: OrgSlugSchema,
  provider: ProviderSchema,
  credential_id: z.uuid(),
});
const Name = z.string().trim().min(1).max(100);

export const SetupBodySchema = z.strictObject({
  /** The secret: an API key string or a JSON credential (service account, access keys...). Never returned. */
  credential: z.union([z.string().min(1).max(20_000), z.record(z.string(), z.unknown())]),
  name: Name.optional(),
  config: z.record(z.string(), z.unknown()).default({}),
});

export const IntegrationSchema = z.object({
  credential_id: z.string(),
  provider: ProviderSchema,
  name: z.string(),
  status: z.enum(['VALID', 'INVALID']),
  fingerprint: z.string(),
  account_id: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  last_error: z.string().nullable(),
  created_at: TimestampSchema,
  validated_at: TimestampSchema.nullable(),
});

export const SetupResponseSchema = IntegrationSchema.pick({
  credential_id: true,
  provider: true,
  name: true,
  status: true,
  fingerprint: true,
  account_id: true,
  validated_at: true,
});

export const ValidateBodySchema = z.union([
  z.strictObject({ credential_id: z.uuid() }),
  SetupBodySchema.omit({ name: true }),
]);

export const ValidateResponseSchema = z.object({
  provider: ProviderSchema,
  credential_id: z.string().nullable(),
  status: z.enum(['VALID', 'INVALID']),
  reason: z.string().nullable(),
  account_id: z.string().nullable(),
  validated_at: TimestampSchema,
});

export const integrationRoutes = {
  setup: route({
    id: 'integrations.setup',
    method: 'POST',
    path: '/api/v1/integrations/{org}/{provider}/setup',
    summary:
      'Validate a credential against its provider, then store it encrypted. Invalid: 422, nothing stored.',
    ...orgAdmin,
    params: OrgProvider,
    body: SetupBodySchema,
    response: SetupResponseSchema,
    status: 201,
  }),
  list: route({
    id: 'integrations.list',
    method: 'GET',
    path: '/api/v1/integrations/{org}',
    summary: "The org's credentials (never a secret).",
    ...orgViewer,
    params: OrgParamsSchema,
    query: z.strictObject({ provider: ProviderSchema.optional() }),
    response: listOf(IntegrationSchema),
  }),
  providers: route({
    id: 'integrations.providers',
    method: 'GET',
    // Under {org} (as every integrations route): `/api/v1/integrations/providers` would be the list route of an org
    // whose slug is `providers`, a valid slug. No route has two segments after /integrations/, so this one is unique.
    path: '/api/v1/integrations/{org}/providers',
    summary:
      'The 11 providers a credential can be set up for: name, category, and the credential and config fields of each setup form (title, description, secret, required, format). Secrets are never returned by any route.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: EmptyQuerySchema,
    response: listOf(ProviderInfoSchema),
  }),
  validate: route({
    id: 'integrations.validate',
    method: 'POST',
    path: '/api/v1/integrations/{org}/{provider}/validate',
    summary: 'Re-validate a stored credential (updates its status) or check a new one without storing it.',
    ...orgAdmin,
    params: OrgProvider,
    body: ValidateBodySchema,
    response: ValidateResponseSchema,
  }),
  rename: route({
    id: 'integrations.rename',
    method: 'PUT',
    path: '/api/v1/integrations/{org}/{provider}/{credential_id}',
    summary: 'Rename a credential.',
    ...orgAdmin,
    params: OrgProviderCredential,
    body: z.strictObject({ name: Name }),
    response: IntegrationSchema,
    example: { body: { name: 'Production account' } },
  }),
  remove: route({
    id: 'integrations.delete',
    method: 'DELETE',
    path: '/api/v1/integrations/{org}/{provider}/{credential_id}',
    summary:
      'Delete a credential and its rows in every pipeline-written table of the org (409 while a run uses it).',
    ...orgAdmin,
    params: OrgProviderCredential,
    response: z.null(),
    status: 204,
  }),
};
