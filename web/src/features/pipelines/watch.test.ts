import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { isWatched, unwatchAll, watchRun } from './watch.js';
import { POLL_MS } from './model.js';

const ORG = 'acme';
const RUN = '6f1c2a0e-3b4d-4c5e-8f90-1a2b3c4d5e6f';

/** An API whose run read answers the given statuses in turn (the last one from then on), counting the reads. */
function fakeApi(statuses: (string | ApiError)[]) {
  let reads = 0;
  const api = {
    GET: (path: string) => {
      if (path !== '/api/v1/pipelines/{org}/runs/{run_id}') throw new Error(`unexpected ${path}`);
      const next = statuses[Math.min(reads++, statuses.length - 1)]!;
      if (next instanceof ApiError) return Promise.reject(next);
      return Promise.resolve({ data: { run_id: RUN, status: next, steps: [], transitions: [] } });
    },
  } as unknown as Api;
  return { api, reads: () => reads };
}

// Fake timers: the poller's waits pass at once (the test asserts what happens after them, not how long they take).
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
beforeEach(() => {
  vi.useFakeTimers();
});

/** A client holding one cost read, one run list and the quota, all fresh. */
function seeded() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
  qc.setQueryData(['org', ORG, 'costs', 'summary', { start_date: '2026-10-01' }], { total: 1 });
  qc.setQueryData(['org', 'other', 'costs', 'summary', {}], { total: 2 });
  qc.setQueryData(['org', ORG, 'runs', { limit: 5 }], { items: [] });
  qc.setQueryData(['org', ORG, 'quota'], { daily: {} });
  return qc;
}
const invalidated = (qc: QueryClient, key: unknown[]) => qc.getQueryState(key)?.isInvalidated ?? null;

let clients: QueryClient[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of clients) {
    unwatchAll(c);
    c.clear();
  }
  clients = [];
});

describe('watchRun', () => {
  it('polls until COMPLETED, then refreshes the org cost reads, run lists and quota, and stops', async () => {
    const qc = seeded();
    clients.push(qc);
    const { api, reads } = fakeApi(['PENDING', 'RUNNING', 'COMPLETED']);
    watchRun(qc, api, ORG, RUN);
    watchRun(qc, api, ORG, RUN); // a second watch of the same run adds no poller
    expect(isWatched(qc, ORG, RUN)).toBe(true);
    await sleep(POLL_MS * 2 + 500);
    expect(reads()).toBe(3);
    expect(qc.getQueryData(['org', ORG, 'run', RUN])).toMatchObject({ status: 'COMPLETED' });
    expect(isWatched(qc, ORG, RUN)).toBe(false);
    expect(invalidated(qc, ['org', ORG, 'costs', 'summary', { start_date: '2026-10-01' }])).toBe(true);
    expect(invalidated(qc, ['org', ORG, 'runs', { limit: 5 }])).toBe(true);
    expect(invalidated(qc, ['org', ORG, 'quota'])).toBe(true);
    expect(invalidated(qc, ['org', 'other', 'costs', 'summary', {}])).toBe(false);
    await sleep(POLL_MS + 200);
    expect(reads()).toBe(3);
  }, 10_000);

  it('a FAILED run refreshes the run lists and quota but not the cost reads', async () => {
    const qc = seeded();
    clients.push(qc);
    const { api } = fakeApi(['RUNNING', 'FAILED']);
    watchRun(qc, api, ORG, RUN);
    await sleep(POLL_MS + 500);
    expect(isWatched(qc, ORG, RUN)).toBe(false);
    expect(invalidated(qc, ['org', ORG, 'runs', { limit: 5 }])).toBe(true);
    expect(invalidated(qc, ['org', ORG, 'costs', 'summary', { start_date: '2026-10-01' }])).toBe(false);
  }, 10_000);

  it('reads again after a transient error, and stops at a run the API does not know (404)', async () => {
    const qc = seeded();
    clients.push(qc);
    const { api, reads } = fakeApi([
      new ApiError(503, 'UNAVAILABLE', 'Try again.', undefined),
      new ApiError(404, 'NOT_FOUND', 'Run not found.', undefined),
    ]);
    watchRun(qc, api, ORG, RUN);
    await sleep(300);
    expect(isWatched(qc, ORG, RUN)).toBe(true);
    await sleep(POLL_MS);
    expect(isWatched(qc, ORG, RUN)).toBe(false);
    await sleep(POLL_MS + 200);
    expect(reads()).toBe(2);
  }, 10_000);
});
