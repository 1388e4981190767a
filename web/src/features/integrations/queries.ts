import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';

// The integrations page's own reads; the credential list, quota and freshness factories are shared
// (app/queries.ts, features/costs/queries.ts).

/** The providers and their setup forms: they change only with a deploy. */
export const providersQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'integration-providers'] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/integrations/{org}/providers', { params: { path: { org } } })).data!,
    staleTime: Infinity,
  });

/** Every pipeline the platform runs (the same key as the pipelines page: one cache entry). */
export const pipelineCatalogueQuery = (api: Api) =>
  queryOptions({
    queryKey: ['pipelines', 'catalogue'] as const,
    queryFn: async () => (await api.GET('/api/v1/validator/pipelines')).data!,
    staleTime: 30 * 60_000,
  });

/**
 * After a credential changes: the org's credential list, the providers used against the plan, and (a delete
 * removes its rows, an import adds some) every cost read and the freshness.
 */
export const refreshAfterWrite = (queryClient: QueryClient, org: string, costs = false) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: ['org', org, 'integrations'] }),
    queryClient.invalidateQueries({ queryKey: ['org', org, 'quota'] }),
    ...(costs ? [queryClient.invalidateQueries({ queryKey: ['org', org, 'costs'] })] : []),
  ]);
