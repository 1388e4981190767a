import { z } from 'zod';
import { GeminiCredentialSchema } from '../../contracts/provider-schemas.js';
import { apiKeyAdapter } from './define.js';
import { joinUrl } from './http.js';

const ModelsSchema = z.object({ models: z.array(z.object({ name: z.string() })).default([]) });

/** Gemini API key: `GET /v1beta/models?pageSize=1` (free); the key goes in `x-goog-api-key`, never in the URL. */
export const geminiAdapter = apiKeyAdapter('gemini', 'Gemini API', {
  credentialSchema: GeminiCredentialSchema,
  request: (key, _config, endpoints) => ({
    url: joinUrl(endpoints.GEMINI_BASE_URL, 'v1beta/models?pageSize=1'),
    headers: { 'x-goog-api-key': key },
  }),
  answer: ModelsSchema,
  outcome: (body) => ({ account_id: null, details: { models_listed: body.models.length } }),
});
