import {
  bearer,
  header,
  json,
  masked,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
} from './route.js';
import {
  groupBy,
  jsonWithNumbers,
  pageOf,
  rateLimited,
  usageState,
  type FakeOpenAiEndpoint,
} from './usage-data.js';

const DAY = 86_400;
const IDS = ['project_id', 'user_id', 'api_key_id'];
const MODEL = [...IDS, 'model'];

/** `group_by` values each endpoint accepts (OpenAPI spec). */
const GROUP_BY: Record<FakeOpenAiEndpoint, string[]> = {
  completions: [...MODEL, 'batch', 'service_tier'],
  embeddings: MODEL,
  moderations: MODEL,
  images: [...MODEL, 'size', 'source'],
  audio_speeches: MODEL,
  audio_transcriptions: MODEL,
  vector_stores: ['project_id'],
  code_interpreter_sessions: ['project_id'],
  file_search_calls: [...IDS, 'vector_store_id'],
  web_search_calls: [...MODEL, 'context_level'],
  costs: ['project_id', 'line_item', 'api_key_id'],
};

/** The `object` of a result of each endpoint (file/web search differ from the path). */
const RESULT_OBJECT = (endpoint: FakeOpenAiEndpoint) =>
  endpoint === 'costs'
    ? 'organization.costs.result'
    : `organization.usage.${endpoint.replace('file_search_calls', 'file_searches').replace('web_search_calls', 'web_searches')}.result`;

const invalid = (message: string) =>
  json(400, { error: { message, type: 'invalid_request_error', param: null, code: null } });

/** The validation call's answer until a test installs an OpenAI dataset: one bucket, one result. */
function defaultCosts(start: number) {
  const result = {
    object: 'organization.costs.result',
    amount: { value: 0.06, currency: 'usd' },
    line_item: null,
  };
  return [{ start_time: start, end_time: start + DAY, results: [result] }];
}

function handle(endpoint: FakeOpenAiEndpoint, req: FakeRequest, url: string, valid: string[]): FakeResponse {
  const key = bearer(req) ?? '';
  if (!valid.includes(key)) {
    return json(401, {
      error: {
        message: `Incorrect API key provided: ${masked(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  }
  const limited = rateLimited(url, 'openai', {
    error: {
      message: 'Rate limit reached for requests',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    },
  });
  if (limited) return limited;
  const q = req.query;
  const start = Number(q.get('start_time'));
  if (!q.get('start_time') || !Number.isInteger(start)) return invalid('start_time is required');
  const end = q.get('end_time') === null ? undefined : Number(q.get('end_time'));
  if (end !== undefined && !Number.isInteger(end)) return invalid('end_time must be an integer');
  const width = q.get('bucket_width') ?? '1d';
  if (!(endpoint === 'costs' ? ['1d'] : ['1m', '1h', '1d']).includes(width))
    return invalid('invalid bucket_width');
  const limit = Number(q.get('limit') ?? 7);
  if (!Number.isInteger(limit) || limit < 1 || limit > (endpoint === 'costs' ? 180 : 31))
    return invalid('invalid limit');
  const bad = groupBy(req).find((g) => !GROUP_BY[endpoint].includes(g));
  if (bad) return invalid(`Invalid group_by value: ${bad}`);
  const store = usageState(url).openai;
  const untouched = Object.keys(store).length === 0;
  const buckets = store[endpoint] ?? (endpoint === 'costs' && untouched ? defaultCosts(start) : []);
  const inRange = buckets.filter((b) => b.start_time >= start && (end === undefined || b.start_time < end));
  const page = pageOf(inRange, Math.min(limit, usageState(url).pageSize), q.get('page'));
  if (!page) return invalid('Invalid page cursor');
  const data = page.data.map((b) => ({
    object: 'bucket',
    ...b,
    results: b.results.map((r) => ({ object: RESULT_OBJECT(endpoint), ...r })),
  }));
  return jsonWithNumbers(
    200,
    { object: 'page', data, has_more: page.has_more, next_page: page.next_page },
    { 'openai-organization': header(req, 'openai-organization') ?? 'org-fakeorganization' },
  );
}

/** OpenAI Admin API: `GET /v1/organization/usage/{kind}` and `/v1/organization/costs`, from the installed dataset. */
export const openaiUsageRoutes: FakeRoute[] = [
  {
    service: 'openai',
    method: 'GET',
    path: /^\/openai\/v1\/organization\/(?:usage\/([a-z_]+)|(costs))$/,
    handle(req, state) {
      const endpoint = (req.params[0] ?? req.params[1] ?? '') as FakeOpenAiEndpoint;
      if (!(endpoint in GROUP_BY)) {
        return json(404, {
          error: { message: `Invalid URL (GET ${req.path})`, type: 'invalid_request_error' },
        });
      }
      return handle(endpoint, req, state.url, state.valid.openai);
    },
  },
];
