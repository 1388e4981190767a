import { parseBody, type ProviderResponse } from '../../integrations/providers/http.js';
import { dayRange } from './dates.js';
import { quoteNumbersOf } from './decimal.js';
import { openAiCostRow, openAiUsageRow, type OpenAiCostRow, type OpenAiUsageRow } from './openai-rows.js';
import {
  CostResultSchema,
  OPENAI_USAGE_GROUP_BY,
  OPENAI_USAGE_KINDS,
  pageSchema,
  UsageResultSchema,
  type OpenAiUsageKind,
} from './openai-schemas.js';
import { collect, pages } from './paging.js';
import { usageClient, usageUrl, type UsageClient, type UsageFetchOptions } from './request.js';

export type { OpenAiCostRow, OpenAiUsageRow } from './openai-rows.js';
export { OPENAI_USAGE_KINDS, type OpenAiUsageKind } from './openai-schemas.js';

/** Options of the OpenAI fetches: an admin key (`sk-admin-…`), OPENAI_BASE_URL, the date range. */
export interface OpenAiUsageOptions extends UsageFetchOptions {
  /** Sent as `OpenAI-Organization` when the admin key belongs to several organizations. */
  organizationId?: string;
  /** Usage kinds to read (default: all of OPENAI_USAGE_KINDS). */
  kinds?: readonly OpenAiUsageKind[];
}

/** Buckets per page: the documented maxima for `bucket_width=1d` (usage 31, costs 180). */
const USAGE_LIMIT = 31;
const COSTS_LIMIT = 180;
const UsagePageSchema = pageSchema(UsageResultSchema);
const CostsPageSchema = pageSchema(CostResultSchema);

function openAiCall(options: OpenAiUsageOptions) {
  const client = usageClient('openai', 'OpenAI', options);
  const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}` };
  if (options.organizationId) headers['OpenAI-Organization'] = options.organizationId;
  const range = dayRange(options.start, options.end);
  return { client, headers, range };
}

function pageUrl(client: UsageClient, path: string, query: Record<string, string | number | string[]>) {
  return (page: string | undefined) =>
    usageUrl(client.options.baseUrl, path, page === undefined ? query : { ...query, page });
}

/**
 * Streams usage rows: per kind `GET {base}/organization/usage/{kind}?start_time&end_time&bucket_width=1d&limit=31
 * &group_by[]=…`, following `page=<next_page>` while `has_more`. end_time is the day after `end` (exclusive).
 */
export async function* streamOpenAiUsage(options: OpenAiUsageOptions): AsyncGenerator<OpenAiUsageRow> {
  const { client, headers, range } = openAiCall(options);
  for (const kind of options.kinds ?? OPENAI_USAGE_KINDS) {
    const step = `usage/${kind}`;
    const urlFor = pageUrl(client, `organization/usage/${kind}`, {
      start_time: range.startSeconds,
      end_time: range.endSeconds,
      bucket_width: '1d',
      limit: USAGE_LIMIT,
      group_by: [...OPENAI_USAGE_GROUP_BY[kind]],
    });
    const parse = (res: ProviderResponse) => parseBody(client.ctx, step, res, UsagePageSchema);
    for await (const page of pages(client, step, urlFor, headers, parse)) {
      for (const bucket of page.data) {
        for (const result of bucket.results) yield openAiUsageRow(kind, bucket.start_time, result);
      }
    }
  }
}

/** All usage rows of the range (see streamOpenAiUsage). */
export const fetchOpenAiUsage = (options: OpenAiUsageOptions) => collect(streamOpenAiUsage(options));

/**
 * Streams billed costs: `GET {base}/organization/costs?start_time&end_time&bucket_width=1d&limit=180
 * &group_by[]=project_id&group_by[]=line_item`, paged like usage. `amount.value` is a JSON number in dollars;
 * its source text is kept exactly (never a double).
 */
export async function* streamOpenAiCosts(options: OpenAiUsageOptions): AsyncGenerator<OpenAiCostRow> {
  const { client, headers, range } = openAiCall(options);
  const step = 'costs';
  const urlFor = pageUrl(client, 'organization/costs', {
    start_time: range.startSeconds,
    end_time: range.endSeconds,
    bucket_width: '1d',
    limit: COSTS_LIMIT,
    group_by: ['project_id', 'line_item'],
  });
  const parse = (res: ProviderResponse) =>
    parseBody(client.ctx, step, { ...res, text: quoteNumbersOf(res.text, 'value') }, CostsPageSchema);
  for await (const page of pages(client, step, urlFor, headers, parse)) {
    for (const bucket of page.data) {
      for (const result of bucket.results) yield openAiCostRow(bucket.start_time, result);
    }
  }
}

/** All cost rows of the range (see streamOpenAiCosts). */
export const fetchOpenAiCosts = (options: OpenAiUsageOptions) => collect(streamOpenAiCosts(options));
