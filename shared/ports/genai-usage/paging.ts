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

/**
 * Yields every page, passing `page=<next_page>` while `has_more`; a repeated cursor is an error (raised in place of
 * the page that repeats it). The next page is requested as soon as this one is parsed, so the provider answers it
 * while the caller works on this one: at most two pages are held, the one yielded and the one arriving. A request
 * the caller no longer wants (it stopped early, or failed on its page) is aborted, retries and waits included.
 */
export async function* pages<P extends Paged>(client: UsageClient, report: Report<P>): AsyncGenerator<P> {
  const { step, path, exactNumbers } = report;
  const seen = new Set<string>();
  const stop = new AbortController();
  const fetchPage = (cursor: string | undefined): Promise<P> => {
    const query = cursor === undefined ? report.query : { ...report.query, page: cursor };
    const page = getWithRetry(client, step, usageUrl(client.options.baseUrl, path, query), stop.signal).then(
      (res) => {
        const text = exactNumbers === undefined ? res.text : quoteNumbersOf(res.text, exactNumbers);
        return parseBody(client.ctx, step, { ...res, text }, report.page);
      },
    );
    // Handled from the start: it may fail while the caller is still busy with the page before (awaiting it
    // below still throws). Unhandled until then, the rejection would end the process.
    page.catch(() => undefined);
    return page;
  };
  let next: Promise<P> | undefined = fetchPage(undefined);
  try {
    while (next) {
      const body: P = await next;
      next = undefined;
      if (body.has_more && body.next_page) {
        if (seen.has(body.next_page)) throw unreachable(client.ctx, step, 'repeated a next_page cursor.');
        seen.add(body.next_page);
        next = fetchPage(body.next_page);
      }
      yield body;
    }
  } finally {
    stop.abort(); // a request still in flight is not wanted: the caller stopped or failed
  }
}

type Bucket<P extends BucketPage> = P['data'][number];

/**
 * The results of each page of `report`, mapped to rows: one array per page (a page is parsed whole anyway; the
 * caller loops over it synchronously instead of awaiting each row).
 */
export async function* bucketPages<P extends BucketPage, Row>(
  client: UsageClient,
  report: Report<P>,
  row: (bucket: Bucket<P>, result: Bucket<P>['results'][number]) => Row,
): AsyncGenerator<Row[]> {
  for await (const page of pages(client, report)) {
    const rows: Row[] = [];
    for (const bucket of page.data) {
      for (const result of bucket.results) rows.push(row(bucket, result));
    }
    yield rows;
  }
}

/** Every row of every page (see bucketPages), one at a time. */
export async function* flatten<Row>(batches: AsyncIterable<readonly Row[]>): AsyncGenerator<Row> {
  for await (const batch of batches) yield* batch;
}

/** Every result of every bucket of every page of `report`, mapped to a row. */
export const bucketRows = <P extends BucketPage, Row>(
  client: UsageClient,
  report: Report<P>,
  row: (bucket: Bucket<P>, result: Bucket<P>['results'][number]) => Row,
): AsyncGenerator<Row> => flatten(bucketPages(client, report, row));

/** Collects an async iterable into an array (Array.fromAsync needs Node 22). */
export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
