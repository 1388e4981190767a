import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bucketPages, bucketRows, pages, type BucketPage, type Report } from './paging.js';
import type { UsageFetchOptions } from './port.js';
import { usageClient } from './request.js';

const PageSchema = z.object({
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
  data: z.array(z.object({ start_time: z.number(), results: z.array(z.object({ n: z.number() })) })),
});
type Page = z.infer<typeof PageSchema>;

const report: Report<Page> = {
  step: 'usage/test',
  path: 'usage/test',
  query: { limit: 2 },
  page: PageSchema,
};

/** A usage client calling `fetchFn`, no retries unless `more` says so. */
const clientOf = (fetchFn: UsageFetchOptions['fetchFn'], more: Partial<UsageFetchOptions> = {}) =>
  usageClient(
    'openai',
    'OpenAI',
    {
      apiKey: 'sk-admin-test',
      baseUrl: 'http://provider.test/v1',
      timeoutMs: 5_000,
      start: '2026-08-01',
      end: '2026-08-01',
      fetchFn,
      maxRetries: 0,
      ...more,
    },
    {},
  );

/** A provider of `count` pages (page i holds the results 2i and 2i+1), answering `status` for the pages listed. */
function provider(
  count: number,
  failing: Record<number, number> = {},
  more: Partial<UsageFetchOptions> = {},
) {
  const requested: number[] = [];
  const fetchFn = async (input: string | URL | Request): Promise<Response> => {
    const page = Number(new URL(String(input)).searchParams.get('page') ?? 0);
    requested.push(page);
    const status = failing[page];
    if (status)
      return new Response(JSON.stringify({ error: { message: `page ${page} refused` } }), { status });
    const body: Page = {
      has_more: page + 1 < count,
      next_page: page + 1 < count ? String(page + 1) : null,
      data: [{ start_time: 0, results: [{ n: 2 * page }, { n: 2 * page + 1 }] }],
    };
    return new Response(JSON.stringify(body), { status: 200 });
  };
  return { client: clientOf(fetchFn, more), requested };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('usage report paging', () => {
  it('asks for the next page while the caller works on this one, and reads every page once, in order', async () => {
    const { client, requested } = provider(3);
    const seenWhileWorking: number[][] = [];
    const rows: number[] = [];
    for await (const page of pages(client, report)) {
      await settle(); // the caller's work on the page
      seenWhileWorking.push([...requested]);
      rows.push(...page.data.flatMap((b) => b.results.map((r) => r.n)));
    }
    expect(seenWhileWorking).toEqual([
      [0, 1],
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(rows).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('gives a page as one array of rows (bucketPages) and the same rows one by one (bucketRows)', async () => {
    const row = (_b: BucketPage['data'][number], r: unknown) => (r as { n: number }).n;
    const batches: number[][] = [];
    for await (const batch of bucketPages(provider(3).client, report, row)) batches.push(batch);
    expect(batches).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    const one: number[] = [];
    for await (const n of bucketRows(provider(3).client, report, row)) one.push(n);
    expect(one).toEqual(batches.flat());
  });

  it('raises a failed page where the caller reaches it, after the pages before it', async () => {
    const { client } = provider(3, { 1: 400 });
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const page of pages(client, report)) {
          await settle(); // the next page fails while the caller is busy: no unhandled rejection either
          got.push(page.data[0]!.results[0]!.n);
        }
      })(),
    ).rejects.toThrow(/HTTP 400/);
    expect(got).toEqual([0]);
  });

  it('aborts a page asked for ahead, and its wait to retry, when the caller stops', async () => {
    let waiting: AbortSignal | undefined;
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_, reject) => {
        waiting = signal;
        signal?.addEventListener('abort', () => reject(signal.reason as Error));
      });
    const { client, requested } = provider(
      3,
      { 1: 503 },
      { maxRetries: 5, sleep, logger: { warn: () => {} } },
    );
    for await (const page of pages(client, report)) {
      await settle(); // page 1 failed once and waits to be retried
      expect(waiting?.aborted).toBe(false);
      expect(page.data[0]!.results[0]!.n).toBe(0);
      break;
    }
    expect(waiting?.aborted).toBe(true);
    await settle();
    expect(requested).toEqual([0, 1]);
  });

  it('drops the answer of a page asked for ahead when the caller stops early (no unhandled rejection)', async () => {
    const { client, requested } = provider(3, { 1: 400 });
    for await (const page of pages(client, report)) {
      expect(page.data[0]!.results[0]!.n).toBe(0);
      break;
    }
    await settle();
    expect(requested).toEqual([0, 1]);
  });

  it('refuses a cursor the provider already gave', async () => {
    const client = clientOf(
      async () =>
        new Response(JSON.stringify({ has_more: true, next_page: 'same', data: [] }), { status: 200 }),
    );
    let yielded = 0;
    await expect(
      (async () => {
        for await (const _ of pages(client, report)) yielded += 1;
      })(),
    ).rejects.toThrow(/repeated a next_page cursor/);
    // Raised in place of the page repeating the cursor.
    expect(yielded).toBe(1);
  });
});
