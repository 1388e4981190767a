import { anthropicUsageRoutes } from './anthropic-usage.js';
import { openaiUsageRoutes } from './openai-usage.js';
import { bearer, header, json, type FakeRoute } from './route.js';

/** Anthropic Admin API: `GET /v1/organizations/me`. */
const anthropic: FakeRoute[] = [
  {
    service: 'anthropic',
    method: 'GET',
    path: /^\/anthropic\/v1\/organizations\/me$/,
    handle(req, state) {
      if (!header(req, 'anthropic-version')) {
        const error = { type: 'invalid_request_error', message: 'anthropic-version: header is required' };
        return json(400, { type: 'error', error });
      }
      if (!state.valid.anthropic.includes(header(req, 'x-api-key') ?? '')) {
        return json(401, {
          type: 'error',
          error: { type: 'authentication_error', message: 'invalid x-api-key' },
        });
      }
      return json(200, {
        id: '12345678-1234-5678-1234-567812345678',
        type: 'organization',
        name: 'Fake Org',
      });
    },
  },
];

/** Gemini API: `GET /v1beta/models` (key in `x-goog-api-key` or `?key=`). */
const gemini: FakeRoute[] = [
  {
    service: 'gemini',
    method: 'GET',
    path: /^\/gemini\/v1beta\/models$/,
    handle(req, state) {
      const key = header(req, 'x-goog-api-key') ?? req.query.get('key') ?? '';
      if (!state.valid.gemini.includes(key)) {
        const error = {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
        };
        return json(400, { error });
      }
      const models = [{ name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', version: '001' }];
      return json(200, { models, nextPageToken: 'next' });
    },
  },
];

/** DeepSeek: `GET /models` (OpenAI-compatible). */
const deepseek: FakeRoute[] = [
  {
    service: 'deepseek',
    method: 'GET',
    path: /^\/deepseek\/models$/,
    handle(req, state) {
      const key = bearer(req) ?? '';
      if (!state.valid.deepseek.includes(key)) {
        return json(401, {
          error: {
            message: `Authentication Fails, Your api key: ****${key.slice(-4)} is invalid`,
            type: 'authentication_error',
            param: null,
            code: 'invalid_request_error',
          },
        });
      }
      const data = ['deepseek-chat', 'deepseek-reasoner'].map((id) => ({
        id,
        object: 'model',
        owned_by: 'deepseek',
      }));
      return json(200, { object: 'list', data });
    },
  },
];

/** Azure OpenAI data plane: `GET /openai/models?api-version=…` with `api-key`. */
const azureOpenAI: FakeRoute[] = [
  {
    service: 'azure_openai',
    method: 'GET',
    path: /^\/azure-openai\/openai\/models$/,
    handle(req, state) {
      if (!req.query.get('api-version'))
        return json(404, { error: { code: '404', message: 'Resource not found' } });
      if (!state.valid.azure_openai.includes(header(req, 'api-key') ?? '')) {
        const message =
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
        return json(401, { error: { code: '401', message } });
      }
      return json(200, {
        object: 'list',
        data: [{ id: 'gpt-4o-2024-08-06', object: 'model', status: 'succeeded' }],
      });
    },
  },
];

/** Routes of the API-key GenAI providers (OpenAI's costs route, used by validation, is in openai-usage.ts). */
export const genaiRoutes: FakeRoute[] = [
  ...openaiUsageRoutes,
  ...anthropicUsageRoutes,
  ...anthropic,
  ...gemini,
  ...deepseek,
  ...azureOpenAI,
];

export { fakeUsage, rawJsonNumber } from './usage-data.js';
export type { FakeAnthropicBucket, FakeOpenAiBucket, FakeUsage } from './usage-data.js';
