import type { z } from 'zod';
import { parseBody, unreachable } from '../provider-check/http.js';
import { quoteNumbersOf } from './decimal.js';
import { getWithRetry, usageUrl, type UsageClient } from './request.js';

/** One page of a cursor-paginated report (both providers use `has_more` + `next_page`). */
export interface Paged {
  has_more: boolean;
  next_page?: string | null | undefined;
}

/** A page of day buckets, each with its results (both providers' usage and cost reports). */
export type BucketPage = Paged & { data: { results: unknown[] }[] };

/** One report: the path and query of its first page, and the page's shape. */
export interface Report<P extends Paged> {
  /** Names the request in messages and logs (`usage/completions`, `cost_report`). */
  step: string;
  path: string;
  query: Record<string, string | number | string[]>;
  page: z.ZodType<P>;
  /** A property whose JSON numbers are read as their exact source text (see quoteNumbersOf). */
  exactNumbers?: string;
}

/** Yields every page, passing `page=<next_page>` while `has_more`; a repeated cursor is an error. */
export async function* pages<P extends Paged>(client: UsageClient, report: Report<P>): AsyncGenerator<P> {
  const { step, path, exactNumbers } = report;
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const query = cursor === undefined ? report.query : { ...report.query, page: cursor };
    const res = await getWithRetry(client, step, usageUrl(client.options.baseUrl, path, query));
    const text = exactNumbers === undefined ? res.text : quoteNumbersOf(res.text, exactNumbers);
    const body = parseBody(client.ctx, step, { ...res, text }, report.page);
    yield body;
    if (!body.has_more || !body.next_page) return;
    if (seen.has(body.next_page)) throw unreachable(client.ctx, step, 'repeated a next_page cursor.');
    seen.add(body.next_page);
    cursor = body.next_page;
  }
}

type Bucket<P extends BucketPage> = P['data'][number];

/** Every result of every bucket of every page of `report`, mapped to a row. */
export async function* bucketRows<P extends BucketPage, Row>(
  client: UsageClient,
  report: Report<P>,
  row: (bucket: Bucket<P>, result: Bucket<P>['results'][number]) => Row,
): AsyncGenerator<Row> {
  for await (const page of pages(client, report)) {
    for (const bucket of page.data) {
      for (const result of bucket.results) yield row(bucket, result);
    }
  }
}

/** Collects an async iterable into an array (Array.fromAsync needs Node 22). */
export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
