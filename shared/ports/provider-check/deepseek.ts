import { z } from 'zod';
import { DeepSeekCredentialSchema } from '../../contracts/provider-schemas.js';
import { apiKeyAdapter } from './define.js';
import { joinUrl } from './http.js';

const ModelsSchema = z.object({ object: z.literal('list'), data: z.array(z.object({ id: z.string() })) });

/** DeepSeek API key: `GET /models` (OpenAI-compatible list, free). */
export const deepseekAdapter = apiKeyAdapter('deepseek', 'DeepSeek', {
  credentialSchema: DeepSeekCredentialSchema,
  request: (key, _config, endpoints) => ({
    url: joinUrl(endpoints.DEEPSEEK_BASE_URL, 'models'),
    headers: { Authorization: `Bearer ${key}` },
  }),
  answer: ModelsSchema,
  outcome: (body) => ({ account_id: null, details: { models: body.data.length } }),
});
