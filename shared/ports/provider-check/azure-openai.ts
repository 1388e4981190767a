import { z } from 'zod';
import {
  AzureOpenAIConfigSchema as ConfigSchema,
  AzureOpenAICredentialSchema,
} from '../../contracts/provider-schemas.js';
import { apiKeyCredential, defineAdapter } from './define.js';
import { callProvider, parseBody } from './http.js';
import { checkAzureOpenAIEndpoint } from './ssrf.js';

const ModelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Azure OpenAI key: `GET {endpoint}/openai/models?api-version=…` with the `api-key` header (data plane, free). */
export const azureOpenAIAdapter = defineAdapter('azure_openai', 'Azure OpenAI', {
  credential: { ...apiKeyCredential, schema: AzureOpenAICredentialSchema },
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
