import { json, type FakeRequest, type FakeResponse } from './route.js';

/** An OpenAI usage/costs time bucket as the test installs it; results are sent exactly as given. */
export interface FakeOpenAiBucket {
  start_time: number;
  end_time: number;
  results: Record<string, unknown>[];
}

/** An Anthropic usage/cost report bucket (RFC 3339 bounds); results are sent exactly as given. */
export interface FakeAnthropicBucket {
  starting_at: string;
  ending_at: string;
  results: Record<string, unknown>[];
}

/** OpenAI endpoints with a dataset: `/organization/usage/{kind}` and `/organization/costs`. */
export type FakeOpenAiEndpoint =
  | 'completions'
  | 'embeddings'
  | 'moderations'
  | 'images'
  | 'audio_speeches'
  | 'audio_transcriptions'
  | 'vector_stores'
  | 'code_interpreter_sessions'
  | 'file_search_calls'
  | 'web_search_calls'
  | 'costs';

/** Anthropic reports with a dataset. */
export type FakeAnthropicReport = 'messages' | 'cost_report';

type UsageProvider = 'openai' | 'anthropic';

interface UsageState {
  openai: Partial<Record<FakeOpenAiEndpoint, FakeOpenAiBucket[]>>;
  anthropic: Partial<Record<FakeAnthropicReport, FakeAnthropicBucket[]>>;
  pageSize: number;
  rateLimits: Map<UsageProvider, { times: number; retryAfter: string | null }>;
}

/** Per-test switches of the usage routes of one running fake (see fakeUsage). */
export interface FakeUsage {
  /** Installs the buckets each endpoint answers from (endpoints left out answer no buckets). */
  setUsage(provider: 'openai', data: Partial<Record<FakeOpenAiEndpoint, FakeOpenAiBucket[]>>): void;
  setUsage(provider: 'anthropic', data: Partial<Record<FakeAnthropicReport, FakeAnthropicBucket[]>>): void;
  /** Buckets per page at most (also capped by the request's `limit`); default 31. */
  setPageSize(size: number): void;
  /** The next `times` usage requests (Infinity = all) answer 429, with `Retry-After: retryAfter` unless null. */
  setRateLimit(provider: UsageProvider, times: number, retryAfter?: string | null): void;
  /** Forgets datasets, page size and rate limits. */
  reset(): void;
}

const stores = new Map<string, UsageState>();
const fresh = (): UsageState => ({ openai: {}, anthropic: {}, pageSize: 31, rateLimits: new Map() });

/** The usage state of the fake at `url` (routes look it up by `state.url`). */
export function usageState(url: string): UsageState {
  let store = stores.get(url);
  if (!store) stores.set(url, (store = fresh()));
  return store;
}

/** The usage switches of a running fake: `fakeUsage(fake).setUsage('openai', {completions: [...]})`. */
export function fakeUsage(fake: { url: string }): FakeUsage {
  const store = () => usageState(fake.url);
  return {
    setUsage(provider: UsageProvider, data: object) {
      store()[provider] = structuredClone(data);
    },
    setPageSize(size) {
      store().pageSize = size;
    },
    setRateLimit(provider, times, retryAfter = null) {
      store().rateLimits.set(provider, { times, retryAfter });
    },
    reset: () => void stores.set(fake.url, fresh()),
  };
}

/** A 429 in the provider's format if a rate limit is switched on (counts it down), else undefined. */
export function rateLimited(url: string, provider: UsageProvider, body: unknown): FakeResponse | undefined {
  const limit = usageState(url).rateLimits.get(provider);
  if (!limit || limit.times <= 0) return undefined;
  limit.times -= 1;
  return json(429, body, limit.retryAfter === null ? {} : { 'retry-after': limit.retryAfter });
}

/** `group_by` values of a request, in either `group_by[]=` or `group_by=` form. */
export const groupBy = (req: FakeRequest) => [
  ...req.query.getAll('group_by[]'),
  ...req.query.getAll('group_by'),
];

const MARK = 'fake-json-number:';

/** A JSON number with exactly this source text (more digits than a double holds), for amounts in datasets. */
export const rawJsonNumber = (text: string) => `${MARK}${text}`;

/** A JSON response where rawJsonNumber values are written as bare numbers. */
export function jsonWithNumbers(status: number, body: unknown, headers: Record<string, string> = {}) {
  const res = json(status, body, headers);
  return { ...res, body: res.body.replace(new RegExp(`"${MARK}(-?[0-9.eE+-]+)"`, 'g'), '$1') };
}

/** Cuts `items` into pages: the opaque cursor encodes the offset; a bad cursor is undefined. */
export function pageOf<T>(items: T[], size: number, cursor: string | null) {
  let offset = 0;
  if (cursor !== null) {
    const m = /^page_([A-Za-z0-9_-]+)$/.exec(cursor);
    offset = m ? Number(Buffer.from(m[1] ?? '', 'base64url').toString('utf8')) : NaN;
    if (!Number.isInteger(offset) || offset < 0 || offset > items.length) return undefined;
  }
  const data = items.slice(offset, offset + size);
  const next = offset + size;
  const has_more = next < items.length;
  const next_page = has_more ? `page_${Buffer.from(String(next)).toString('base64url')}` : null;
  return { data, has_more, next_page };
}
