import { dayRange, type DayRange } from './dates.js';
import { openAiCostRow, openAiUsageRow } from './openai-rows.js';
import {
  CostResultSchema,
  OPENAI_USAGE_GROUP_BY,
  OPENAI_USAGE_KINDS,
  pageSchema,
  UsageResultSchema,
} from './openai-schemas.js';
import { bucketPages, bucketRows, collect, flatten, type Report } from './paging.js';
import type { OpenAiCostRow, OpenAiUsageOptions, OpenAiUsageRow } from './port.js';
import { usageClient } from './request.js';

export { OPENAI_USAGE_KINDS, type OpenAiUsageKind } from './openai-schemas.js';

/**
 * Buckets per page for `bucket_width=1d`. Usage: 7, the API's default (its maximum is 31): a page of a large org
 * holds every result of its days and is read and parsed whole, so a week bounds what one page holds in memory (and
 * a smaller page is dropped before the next is fetched: less for the GC to carry; 100k results over 30 days:
 * extract 2.7-3.3 s -> 2.1-3.1 s, V8 heap peak 273 -> ~210 MB). A daily run's window is one page either way; a
 * 30-day backfill takes 5 pages per usage kind instead of 1 (429s are retried after Retry-After). Costs: 180, the
 * maximum (a few rows a day).
 */
const USAGE_LIMIT = 7;
const COSTS_LIMIT = 180;
const UsagePageSchema = pageSchema(UsageResultSchema);
const CostsPageSchema = pageSchema(CostResultSchema);

function openAiClient(options: OpenAiUsageOptions) {
  const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}` };
  if (options.organizationId) headers['OpenAI-Organization'] = options.organizationId;
  return usageClient('openai', 'OpenAI', options, headers);
}

/** The query of a report over `range`, in day buckets, at most `limit` of them per page. */
function dailyQuery(range: DayRange, limit: number, groupBy: readonly string[]): Report<never>['query'] {
  return {
    start_time: range.startSeconds,
    end_time: range.endSeconds,
    bucket_width: '1d',
    limit,
    group_by: [...groupBy],
  };
}

/**
 * Usage rows, one array per page: per kind `GET {base}/organization/usage/{kind}?start_time&end_time&bucket_width=1d
 * &limit=7&group_by[]=…`, following `page=<next_page>` while `has_more`. end_time is the day after `end` (exclusive).
 */
export async function* openAiUsagePages(options: OpenAiUsageOptions): AsyncGenerator<OpenAiUsageRow[]> {
  const client = openAiClient(options);
  const range = dayRange(options.start, options.end);
  for (const kind of options.kinds ?? OPENAI_USAGE_KINDS) {
    const report = {
      step: `usage/${kind}`,
      path: `organization/usage/${kind}`,
      query: dailyQuery(range, USAGE_LIMIT, OPENAI_USAGE_GROUP_BY[kind]),
      page: UsagePageSchema,
    };
    yield* bucketPages(client, report, (b, r) => openAiUsageRow(kind, b.start_time, r));
  }
}

/** Usage rows one at a time (see openAiUsagePages). */
export const streamOpenAiUsage = (options: OpenAiUsageOptions) => flatten(openAiUsagePages(options));

/** All usage rows of the range (see streamOpenAiUsage). */
export const fetchOpenAiUsage = (options: OpenAiUsageOptions) => collect(streamOpenAiUsage(options));

/**
 * Streams billed costs: `GET {base}/organization/costs?start_time&end_time&bucket_width=1d&limit=180
 * &group_by[]=project_id&group_by[]=line_item`, paged like usage. `amount.value` is a JSON number in dollars;
 * its source text is kept exactly (never a double).
 */
export async function* streamOpenAiCosts(options: OpenAiUsageOptions): AsyncGenerator<OpenAiCostRow> {
  const report = {
    step: 'costs',
    path: 'organization/costs',
    query: dailyQuery(dayRange(options.start, options.end), COSTS_LIMIT, ['project_id', 'line_item']),
    page: CostsPageSchema,
    exactNumbers: 'value',
  };
  yield* bucketRows(openAiClient(options), report, (b, r) => openAiCostRow(b.start_time, r));
}

/** All cost rows of the range (see streamOpenAiCosts). */
export const fetchOpenAiCosts = (options: OpenAiUsageOptions) => collect(streamOpenAiCosts(options));
