import { z } from 'zod';
import { ApiKeySchema, defineAdapter, joinUrl } from './adapter.js';
import { callProvider, parseBody } from './http.js';

const OrganizationSchema = z.object({ id: z.string(), type: z.literal('organization'), name: z.string() });

/** Anthropic admin key: `GET /v1/organizations/me` (Admin API; tells the organization id and name). */
export const anthropicAdapter = defineAdapter({
  provider: 'anthropic',
  label: 'Anthropic',
  kind: 'genai',
  credentialSchema: ApiKeySchema,
  configSchema: z.object({}),
  secrets: (key) => [key],
  fingerprintSource: (key) => key,
  async check(key, _config, ctx) {
    const res = await callProvider(
      ctx,
      undefined,
      joinUrl(ctx.endpoints.ANTHROPIC_BASE_URL, 'v1/organizations/me'),
      {
        headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
      },
    );
    if (!res.ok) return res;
    const org = parseBody(ctx, undefined, res.response, OrganizationSchema);
    return { ok: true, account_id: org.id, details: { organization_name: org.name } };
  },
});
