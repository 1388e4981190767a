import { z } from 'zod';
import { ApiKeySchema, defineAdapter, joinUrl } from './adapter.js';
import { callProvider, parseBody } from './http.js';

const ModelsSchema = z.object({ object: z.literal('list'), data: z.array(z.object({ id: z.string() })) });

/** DeepSeek API key: `GET /models` (OpenAI-compatible list, free). */
export const deepseekAdapter = defineAdapter({
  provider: 'deepseek',
  label: 'DeepSeek',
  kind: 'genai',
  credentialSchema: ApiKeySchema,
  configSchema: z.object({}),
  secrets: (key) => [key],
  fingerprintSource: (key) => key,
  async check(key, _config, ctx) {
    const res = await callProvider(ctx, undefined, joinUrl(ctx.endpoints.DEEPSEEK_BASE_URL, 'models'), {
      headers: { Authorization: `Bearer ${key}` },
    });
    if (!res.ok) return res;
    const body = parseBody(ctx, undefined, res.response, ModelsSchema);
    return { ok: true, account_id: null, details: { models: body.data.length } };
  },
});
