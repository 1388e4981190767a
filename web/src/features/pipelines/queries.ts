import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import type { PipelinesSearch } from './search.js';

// The pipelines page's reads. Run keys start ['org', org, 'runs'] (the dashboard's recent runs share the prefix),
// so a started or finished run refreshes every run list at once.

/** Every pipeline the platform can run (not per org: the page marks which this org can run). */
export const catalogueQuery = (api: Api) =>
  queryOptions({
    queryKey: ['pipelines', 'catalogue'] as const,
    queryFn: async () => (await api.GET('/api/v1/validator/pipelines')).data!,
    staleTime: 30 * 60_000,
  });

/** Run history, newest first, filtered as in the URL, a page of `limit` per "Load more" (cursor paged). */
export const runHistoryQuery = (api: Api, org: string, filters: PipelinesSearch, limit = 20) =>
  infiniteQueryOptions({
    queryKey: ['org', org, 'runs', 'history', filters, limit] as const,
    queryFn: async ({ pageParam }) =>
      (
        await api.GET('/api/v1/pipelines/{org}/runs', {
          params: {
            path: { org },
            query: {
              limit,
              ...(filters.pipeline_id ? { pipeline_id: filters.pipeline_id } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        })
      ).data!,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 10_000,
  });

/** One run with its steps and transitions (polled by the run watcher while it is unfinished). */
export const runQuery = (api: Api, org: string, runId: string) =>
  queryOptions({
    queryKey: ['org', org, 'run', runId] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/pipelines/{org}/runs/{run_id}', { params: { path: { org, run_id: runId } } }))
        .data!,
    staleTime: 0,
  });

/**
 * What a run that ended changes: every run list and the quota; when it COMPLETED, also every cost read of the org
 * (keys ['org', org, 'costs', ...]: dashboard, cost pages, GenAI, freshness), which the server's cache already
 * serves fresh, so the cost pages show the new data without a reload.
 */
export async function refreshAfterRun(queryClient: QueryClient, org: string, status: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['org', org, 'runs'] }),
    queryClient.invalidateQueries({ queryKey: ['org', org, 'quota'] }),
    ...(status === 'COMPLETED' ? [queryClient.invalidateQueries({ queryKey: ['org', org, 'costs'] })] : []),
  ]);
}
