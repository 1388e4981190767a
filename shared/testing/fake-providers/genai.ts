import { bearer, header, json, masked, type FakeRoute } from './route.js';

const DAY = 86_400;

/** OpenAI Admin API: `GET /v1/organization/costs` (one-bucket page). */
const openai: FakeRoute[] = [
  {
    service: 'openai',
    method: 'GET',
    path: /^\/openai\/v1\/organization\/costs$/,
    handle(req, state) {
      const key = bearer(req) ?? '';
      if (!state.valid.openai.includes(key)) {
        return json(401, {
          error: {
            message: `Incorrect API key provided: ${masked(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        });
      }
      const start = Number(req.query.get('start_time'));
      if (!Number.isInteger(start)) {
        return json(400, {
          error: { message: 'start_time is required', type: 'invalid_request_error', code: null },
        });
      }
      const bucket = {
        object: 'bucket',
        start_time: start,
        end_time: start + DAY,
        results: [
          { object: 'organization.costs.result', amount: { value: 0.06, currency: 'usd' }, line_item: null },
        ],
      };
      const page = { object: 'page', data: [bucket], has_more: false, next_page: null };
      return json(200, page, {
        'openai-organization': header(req, 'openai-organization') ?? 'org-fakeorganization',
      });
    },
  },
];

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

/** Routes of the API-key GenAI providers. */
export const genaiRoutes: FakeRoute[] = [...openai, ...anthropic, ...gemini, ...deepseek, ...azureOpenAI];
