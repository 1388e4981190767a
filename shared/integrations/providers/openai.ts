import { z } from 'zod';
import { ApiKeySchema, defineAdapter, joinUrl } from './adapter.js';
import { callProvider, parseBody } from './http.js';

const ConfigSchema = z.object({
  /** Sent as `OpenAI-Organization` when the admin key belongs to several organizations. */
  organization_id: z
    .string()
    .regex(/^org-[A-Za-z0-9]{1,64}$/, 'organization_id looks like org-…')
    .optional(),
});

const CostsPageSchema = z.object({
  object: z.literal('page'),
  data: z.array(z.object({ object: z.literal('bucket'), results: z.array(z.unknown()) })),
  has_more: z.boolean(),
});

const DAY = 86_400;

/** OpenAI admin key: one-bucket `GET /organization/costs` (the call the usage pipeline makes, so the key can read costs). */
export const openaiAdapter = defineAdapter({
  provider: 'openai',
  label: 'OpenAI',
  kind: 'genai',
  credentialSchema: ApiKeySchema,
  configSchema: ConfigSchema,
  secrets: (key) => [key],
  fingerprintSource: (key) => key,
  async check(key, config, ctx) {
    const startTime = Math.floor(Date.now() / 1000 / DAY) * DAY - DAY;
    const url = joinUrl(
      ctx.endpoints.OPENAI_BASE_URL,
      `organization/costs?start_time=${startTime}&bucket_width=1d&limit=1`,
    );
    const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
    if (config.organization_id) headers['OpenAI-Organization'] = config.organization_id;
    const res = await callProvider(ctx, undefined, url, { headers });
    if (!res.ok) return res;
    const page = parseBody(ctx, undefined, res.response, CostsPageSchema);
    return {
      ok: true,
      account_id: res.response.headers.get('openai-organization') ?? config.organization_id ?? null,
      details: { buckets: page.data.length, cost_results: page.data[0]?.results.length ?? 0 },
    };
  },
});
