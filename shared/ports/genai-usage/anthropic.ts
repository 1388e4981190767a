import { anthropicCostRow, anthropicUsageRow } from './anthropic-rows.js';
import { CostReportResultSchema, MessagesUsageResultSchema, reportPageSchema } from './anthropic-schemas.js';
import { dayRange } from './dates.js';
import { bucketPages, bucketRows, collect, flatten, type BucketPage, type Report } from './paging.js';
import type { AnthropicCostRow, AnthropicUsageRow, UsageFetchOptions } from './port.js';
import { usageClient } from './request.js';

/** The Admin API version header value. */
export const ANTHROPIC_VERSION = '2023-06-01';
/**
 * Buckets per page for `bucket_width=1d` (the API allows up to 31): usage a week, its default (a page is parsed
 * whole; a week bounds what one holds in memory, as for OpenAI), the small cost report the maximum.
 */
const USAGE_LIMIT = 7;
const COST_LIMIT = 31;
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

const anthropicClient = (options: UsageFetchOptions) =>
  usageClient('anthropic', 'Anthropic', options, {
    'x-api-key': options.apiKey,
    'anthropic-version': ANTHROPIC_VERSION,
  });

type DailyReport<P extends BucketPage> = Omit<Report<P>, 'query'> & { groupBy: string[]; limit: number };

/** The report over the options' dates, in day buckets, grouped by `groupBy`. */
function daily<P extends BucketPage>(options: UsageFetchOptions, report: DailyReport<P>): Report<P> {
  const range = dayRange(options.start, options.end);
  const { groupBy, limit, ...rest } = report;
  return {
    ...rest,
    query: {
      starting_at: range.startIso,
      ending_at: range.endIso,
      bucket_width: '1d',
      limit,
      group_by: groupBy,
    },
  };
}

const USAGE_REPORT = {
  step: 'usage_report/messages',
  path: 'v1/organizations/usage_report/messages',
  groupBy: ANTHROPIC_USAGE_GROUP_BY,
  limit: USAGE_LIMIT,
  page: reportPageSchema(MessagesUsageResultSchema),
};

/** Cost amounts are decimal strings of cents; a JSON number is read from its exact text. */
const COST_REPORT = {
  step: 'cost_report',
  path: 'v1/organizations/cost_report',
  groupBy: ANTHROPIC_COST_GROUP_BY,
  limit: COST_LIMIT,
  page: reportPageSchema(CostReportResultSchema),
  exactNumbers: 'amount',
};

/**
 * Usage rows, one array per page: `GET {base}/v1/organizations/usage_report/messages?starting_at&ending_at
 * &bucket_width=1d&limit=7&group_by[]=model,workspace_id,api_key_id,service_tier,context_window` (x-api-key,
 * anthropic-version), following `page=<next_page>` while `has_more`. ending_at is the day after `end`, 00:00Z
 * (exclusive).
 */
export async function* anthropicUsagePages(options: UsageFetchOptions): AsyncGenerator<AnthropicUsageRow[]> {
  const report = daily(options, USAGE_REPORT);
  yield* bucketPages(anthropicClient(options), report, (b, r) => anthropicUsageRow(b.starting_at, r));
}

/** Usage rows one at a time (see anthropicUsagePages). */
export const streamAnthropicUsage = (options: UsageFetchOptions) => flatten(anthropicUsagePages(options));

/** All usage rows of the range (see streamAnthropicUsage). */
export const fetchAnthropicUsage = (options: UsageFetchOptions) => collect(streamAnthropicUsage(options));

/**
 * Streams cost rows: `GET {base}/v1/organizations/cost_report?starting_at&ending_at&bucket_width=1d&limit=31
 * &group_by[]=workspace_id&group_by[]=description`, paged like usage; cents → dollars exactly.
 */
export async function* streamAnthropicCosts(options: UsageFetchOptions): AsyncGenerator<AnthropicCostRow> {
  const report = daily(options, COST_REPORT);
  yield* bucketRows(anthropicClient(options), report, (b, r) => anthropicCostRow(b.starting_at, r));
}

/** All cost rows of the range (see streamAnthropicCosts). */
export const fetchAnthropicCosts = (options: UsageFetchOptions) => collect(streamAnthropicCosts(options));
