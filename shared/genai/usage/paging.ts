import { unreachable, type ProviderResponse } from '../../integrations/providers/http.js';
import { getWithRetry, type UsageClient } from './request.js';

/** One page of a cursor-paginated report (both providers use `has_more` + `next_page`). */
export interface Paged {
  has_more: boolean;
  next_page?: string | null | undefined;
}

/** Yields every page, passing `page=<next_page>` while `has_more`; a repeated cursor is an error. */
export async function* pages<T extends Paged>(
  client: UsageClient,
  step: string,
  urlFor: (page: string | undefined) => string,
  headers: Record<string, string>,
  parse: (res: ProviderResponse) => T,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let page: string | undefined;
  for (;;) {
    const body = parse(await getWithRetry(client, step, urlFor(page), headers));
    yield body;
    if (!body.has_more || !body.next_page) return;
    if (seen.has(body.next_page)) throw unreachable(client.ctx, step, 'repeated a next_page cursor.');
    seen.add(body.next_page);
    page = body.next_page;
  }
}

/** Collects an async iterable into an array (Array.fromAsync needs Node 22). */
export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
