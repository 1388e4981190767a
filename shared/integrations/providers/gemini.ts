import { z } from 'zod';
import { ApiKeySchema, defineAdapter, joinUrl } from './adapter.js';
import { callProvider, parseBody } from './http.js';

const ModelsSchema = z.object({ models: z.array(z.object({ name: z.string() })).default([]) });

/** Gemini API key: `GET /v1beta/models?pageSize=1` (free); the key goes in `x-goog-api-key`, never in the URL. */
export const geminiAdapter = defineAdapter({
  provider: 'gemini',
  label: 'Gemini API',
  kind: 'genai',
  credentialSchema: ApiKeySchema,
  configSchema: z.object({}),
  secrets: (key) => [key],
  fingerprintSource: (key) => key,
  async check(key, _config, ctx) {
    const url = joinUrl(ctx.endpoints.GEMINI_BASE_URL, 'v1beta/models?pageSize=1');
    const res = await callProvider(ctx, undefined, url, { headers: { 'x-goog-api-key': key } });
    if (!res.ok) return res;
    const body = parseBody(ctx, undefined, res.response, ModelsSchema);
    return { ok: true, account_id: null, details: { models_listed: body.models.length } };
  },
});
