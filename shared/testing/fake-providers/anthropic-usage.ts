import { header, json, type FakeRequest, type FakeResponse, type FakeRoute } from './route.js';
import {
  groupBy,
  jsonWithNumbers,
  pageOf,
  rateLimited,
  usageState,
  type FakeAnthropicReport,
} from './usage-data.js';

/** `group_by[]` values each report accepts (Admin API reference). */
const GROUP_BY: Record<FakeAnthropicReport, string[]> = {
  messages: [
    'api_key_id',
    'workspace_id',
    'model',
    'service_tier',
    'context_window',
    'inference_geo',
    'speed',
  ],
  cost_report: ['workspace_id', 'description'],
};

const error = (status: number, type: string, message: string) =>
  json(status, { type: 'error', error: { type, message } });

const time = (value: string | null) => (value === null ? undefined : Date.parse(value));

function handle(report: FakeAnthropicReport, req: FakeRequest, url: string, valid: string[]): FakeResponse {
  if (!header(req, 'anthropic-version')) {
    return error(400, 'invalid_request_error', 'anthropic-version: header is required');
  }
  if (!valid.includes(header(req, 'x-api-key') ?? '')) {
    return error(401, 'authentication_error', 'invalid x-api-key');
  }
  const limited = rateLimited(url, 'anthropic', {
    type: 'error',
    error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit.' },
  });
  if (limited) return limited;
  const q = req.query;
  const start = time(q.get('starting_at'));
  if (start === undefined || Number.isNaN(start)) {
    return error(400, 'invalid_request_error', 'starting_at: Field required (RFC 3339)');
  }
  const end = time(q.get('ending_at'));
  if (end !== undefined && Number.isNaN(end))
    return error(400, 'invalid_request_error', 'ending_at: invalid');
  const width = q.get('bucket_width') ?? '1d';
  if (!(report === 'cost_report' ? ['1d'] : ['1m', '1h', '1d']).includes(width)) {
    return error(400, 'invalid_request_error', `bucket_width: invalid value ${width}`);
  }
  const limit = Number(q.get('limit') ?? 7);
  if (!Number.isInteger(limit) || limit < 1 || limit > 31)
    return error(400, 'invalid_request_error', 'limit: invalid');
  const bad = groupBy(req).find((g) => !GROUP_BY[report].includes(g));
  if (bad) return error(400, 'invalid_request_error', `group_by: invalid value ${bad}`);
  const buckets = usageState(url).anthropic[report] ?? [];
  const inRange = buckets.filter(
    (b) => Date.parse(b.starting_at) >= start && (end === undefined || Date.parse(b.ending_at) <= end),
  );
  const page = pageOf(inRange, Math.min(limit, usageState(url).pageSize), q.get('page'));
  if (!page) return error(400, 'invalid_request_error', 'page: invalid cursor');
  return jsonWithNumbers(200, page);
}

/** Anthropic Admin API: `GET /v1/organizations/usage_report/messages` and `/v1/organizations/cost_report`. */
export const anthropicUsageRoutes: FakeRoute[] = [
  {
    service: 'anthropic',
    method: 'GET',
    path: /^\/anthropic\/v1\/organizations\/(?:usage_report\/(messages)|(cost_report))$/,
    handle(req, state) {
      const report = (req.params[0] ?? req.params[1]) as FakeAnthropicReport;
      return handle(report, req, state.url, state.valid.anthropic);
    },
  },
];
