import { z } from 'zod';
import { AnthropicCredentialSchema } from '../../contracts/provider-schemas.js';
import { apiKeyAdapter } from './define.js';
import { joinUrl } from './http.js';

const OrganizationSchema = z.object({ id: z.string(), type: z.literal('organization'), name: z.string() });

/** Anthropic admin key: `GET /v1/organizations/me` (Admin API; tells the organization id and name). */
export const anthropicAdapter = apiKeyAdapter('anthropic', 'Anthropic', {
  credentialSchema: AnthropicCredentialSchema,
  request: (key, _config, endpoints) => ({
    url: joinUrl(endpoints.ANTHROPIC_BASE_URL, 'v1/organizations/me'),
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
  }),
  answer: OrganizationSchema,
  outcome: (org) => ({ account_id: org.id, details: { organization_name: org.name } }),
});
