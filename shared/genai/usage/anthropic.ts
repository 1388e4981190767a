import { parseBody, type ProviderResponse } from '../../integrations/providers/http.js';
import {
  anthropicCostRow,
  anthropicUsageRow,
  type AnthropicCostRow,
  type AnthropicUsageRow,
} from './anthropic-rows.js';
import { CostReportResultSchema, MessagesUsageResultSchema, reportPageSchema } from './anthropic-schemas.js';
import { dayRange } from './dates.js';
import { quoteNumbersOf } from './decimal.js';
import { collect, pages } from './paging.js';
import { usageClient, usageUrl, type UsageFetchOptions } from './request.js';

export type { AnthropicCostRow, AnthropicUsageRow } from './anthropic-rows.js';

/** The Admin API version header value. */
export const ANTHROPIC_VERSION = '2023-06-01';
/** Buckets per page: the documented maximum for `bucket_width=1d`. */
const LIMIT = 31;
/** `group_by[]` of the messages usage report. */
export const ANTHROPIC_USAGE_GROUP_BY = [
  'model',
  'workspace_id',
  'api_key_id',
  'service_tier',
  'context_window',
];
/** `group_by[]` of the cost report. */
export const ANTHROPIC_COST_GROUP_BY = ['workspace_id', 'description'];

const UsagePageSchema = reportPageSchema(MessagesUsageResultSchema);
const CostPageSchema = reportPageSchema(CostReportResultSchema);

function report(options: UsageFetchOptions, path: string, groupBy: string[]) {
  const client = usageClient('anthropic', 'Anthropic', options);
  const headers = { 'x-api-key': options.apiKey, 'anthropic-version': ANTHROPIC_VERSION };
  const range = dayRange(options.start, options.end);
  const query = {
    starting_at: range.startIso,
    ending_at: range.endIso,
    bucket_width: '1d',
    limit: LIMIT,
    group_by: groupBy,
  };
  const urlFor = (page: string | undefined) =>
    usageUrl(options.baseUrl, path, page === undefined ? query : { ...query, page });
  return { client, headers, urlFor };
}

/**
 * Streams usage rows: `GET {base}/v1/organizations/usage_report/messages?starting_at&ending_at&bucket_width=1d
 * &limit=31&group_by[]=model,workspace_id,api_key_id,service_tier,context_window` (x-api-key, anthropic-version),
 * following `page=<next_page>` while `has_more`. ending_at is the day after `end`, 00:00Z (exclusive).
 */
export async function* streamAnthropicUsage(options: UsageFetchOptions): AsyncGenerator<AnthropicUsageRow> {
  const step = 'usage_report/messages';
  const { client, headers, urlFor } = report(
    options,
    'v1/organizations/usage_report/messages',
    ANTHROPIC_USAGE_GROUP_BY,
  );
  const parse = (res: ProviderResponse) => parseBody(client.ctx, step, res, UsagePageSchema);
  for await (const page of pages(client, step, urlFor, headers, parse)) {
    for (const bucket of page.data) {
      for (const result of bucket.results) yield anthropicUsageRow(bucket.starting_at, result);
    }
  }
}

/** All usage rows of the range (see streamAnthropicUsage). */
export const fetchAnthropicUsage = (options: UsageFetchOptions) => collect(streamAnthropicUsage(options));

/**
 * Streams cost rows: `GET {base}/v1/organizations/cost_report?starting_at&ending_at&bucket_width=1d&limit=31
 * &group_by[]=workspace_id&group_by[]=description`, paged like usage; cents → dollars exactly.
 */
export async function* streamAnthropicCosts(options: UsageFetchOptions): AsyncGenerator<AnthropicCostRow> {
  const step = 'cost_report';
  const { client, headers, urlFor } = report(
    options,
    'v1/organizations/cost_report',
    ANTHROPIC_COST_GROUP_BY,
  );
  const parse = (res: ProviderResponse) =>
    parseBody(client.ctx, step, { ...res, text: quoteNumbersOf(res.text, 'amount') }, CostPageSchema);
  for await (const page of pages(client, step, urlFor, headers, parse)) {
    for (const bucket of page.data) {
      for (const result of bucket.results) yield anthropicCostRow(bucket.starting_at, result);
    }
  }
}

/** All cost rows of the range (see streamAnthropicCosts). */
export const fetchAnthropicCosts = (options: UsageFetchOptions) => collect(streamAnthropicCosts(options));
