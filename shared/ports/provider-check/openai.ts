import { z } from 'zod';
import {
  OpenAIConfigSchema as ConfigSchema,
  OpenAICredentialSchema,
} from '../../contracts/provider-schemas.js';
import { apiKeyAdapter } from './define.js';
import { joinUrl } from './http.js';

const CostsPageSchema = z.object({
  object: z.literal('page'),
  data: z.array(z.object({ object: z.literal('bucket'), results: z.array(z.unknown()) })),
  has_more: z.boolean(),
});

const DAY = 86_400;

/** OpenAI admin key: one-bucket `GET /organization/costs` (the call the usage pipeline makes, so the key can read costs). */
export const openaiAdapter = apiKeyAdapter('openai', 'OpenAI', {
  credentialSchema: OpenAICredentialSchema,
  configSchema: ConfigSchema,
  request(key, config, endpoints) {
    const startTime = Math.floor(Date.now() / 1000 / DAY) * DAY - DAY;
    const path = `organization/costs?start_time=${startTime}&bucket_width=1d&limit=1`;
    const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
    if (config.organization_id) headers['OpenAI-Organization'] = config.organization_id;
    return { url: joinUrl(endpoints.OPENAI_BASE_URL, path), headers };
  },
  answer: CostsPageSchema,
  outcome: (page, response, config) => ({
    account_id: response.headers.get('openai-organization') ?? config.organization_id ?? null,
    details: { buckets: page.data.length, cost_results: page.data[0]?.results.length ?? 0 },
  }),
});
