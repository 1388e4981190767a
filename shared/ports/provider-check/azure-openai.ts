import { z } from 'zod';
import { apiKeyCredential, defineAdapter } from './define.js';
import { callProvider, parseBody } from './http.js';
import { checkAzureOpenAIEndpoint } from './ssrf.js';

const ConfigSchema = z.object({
  /** The resource endpoint, e.g. `https://my-resource.openai.azure.com` (checked against Azure's domains). */
  endpoint: z.string().trim().min(1).max(300),
  api_version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'api_version looks like 2024-10-21')
    .default('2024-10-21'),
  /**
   * Deployment name -> model (`{"prod-chat": "gpt-4o-2024-08-06"}`): Azure reports usage per deployment, and
   * pricing maps each deployment to its model's price. Unmapped names are matched as model names.
   */
  model_aliases: z
    .record(
      z.string().trim().min(1).max(100),
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/, 'a model id like gpt-4o-2024-08-06'),
    )
    .refine((m) => Object.keys(m).length <= 500, 'at most 500 aliases')
    .optional(),
});

const ModelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Azure OpenAI key: `GET {endpoint}/openai/models?api-version=…` with the `api-key` header (data plane, free). */
export const azureOpenAIAdapter = defineAdapter('azure_openai', 'Azure OpenAI', {
  credential: apiKeyCredential,
  configSchema: ConfigSchema,
  async check(key, config, ctx) {
    const endpoint = checkAzureOpenAIEndpoint(config.endpoint, ctx.endpoints.ENVIRONMENT);
    if (!endpoint.ok) return endpoint;
    const url = `${endpoint.url}/openai/models?api-version=${encodeURIComponent(config.api_version)}`;
    const res = await callProvider(ctx, undefined, url, { headers: { 'api-key': key } });
    if (!res.ok) return res;
    const body = parseBody(ctx, undefined, res.response, ModelsSchema);
    const host = new URL(endpoint.url).hostname;
    const resource = host.includes('.azure.com') ? (host.split('.')[0] ?? null) : null;
    return { ok: true, account_id: resource, details: { models: body.data.length, endpoint: endpoint.url } };
  },
});
