import { queryOptions } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import { GENAI_PROVIDERS, type GenAiProvider } from '../../../../shared/contracts/providers.js';
import { MAX_GENAI_RANGE_DAYS, type SummaryDimension } from '../../../../shared/contracts/genai.js';
import { addDays, daysBetween } from '../../../../shared/time/day.js';
import type { costQuery } from '../../lib/url-search.js';
import type { DayRange } from '../../lib/utc-days.js';

// One factory per cost read (the same key and function in a loader and a component). Keys start with
// ['org', org, 'costs'] so a completed run invalidates them all at once.

export type CostQuery = ReturnType<typeof costQuery>;

const init = (org: string, query: CostQuery) => ({ params: { path: { org }, query } });
const key = (org: string, view: string, query: CostQuery) => ['org', org, 'costs', view, query] as const;

export const summaryQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'summary', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/summary', init(org, q))).data!,
  });

export const totalQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'total', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/total', init(org, q))).data!,
  });

export const byProviderQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'by-provider', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/by-provider', init(org, q))).data!,
  });

export const byServiceQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'by-service', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/by-service', init(org, q))).data!,
  });

export const byHierarchyQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'by-hierarchy', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/by-hierarchy', init(org, q))).data!,
  });

export const cloudQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'cloud', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/cloud', init(org, q))).data!,
  });

export const genaiViewQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'genai', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/genai', init(org, q))).data!,
  });

export const subscriptionsQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'subscriptions', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/subscriptions', init(org, q))).data!,
  });

export const cloudAccountsQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'cloud-accounts', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/cloud/accounts', init(org, q))).data!,
  });

export const cloudRegionsQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'cloud-regions', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/cloud/regions', init(org, q))).data!,
  });

export const subscriptionPlansQuery = (api: Api, org: string, q: CostQuery) =>
  queryOptions({
    queryKey: key(org, 'subscription-plans', q),
    queryFn: async () => (await api.GET('/api/v1/costs/{org}/subscriptions/plans', init(org, q))).data!,
  });

export const trendQuery = (api: Api, org: string, query: CostQuery) =>
  queryOptions({
    queryKey: ['org', org, 'costs', 'trend-granular', query] as const,
    queryFn: async () =>
      (
        await api.GET('/api/v1/costs/{org}/trend-granular', {
          params: { path: { org }, query: { ...query, granularity: 'day' } },
        })
      ).data!,
  });

export const freshnessQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'costs', 'freshness'] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/costs/{org}/freshness', { params: { path: { org } } })).data!,
    staleTime: 30_000,
  });

export const recentRunsQuery = (api: Api, org: string, limit = 5) =>
  queryOptions({
    queryKey: ['org', org, 'runs', { limit }] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/pipelines/{org}/runs', { params: { path: { org }, query: { limit } } })).data!,
    staleTime: 15_000,
  });

export const hierarchyTreeQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'hierarchy', 'tree'] as const,
    queryFn: async () => (await api.GET('/api/v1/hierarchy/{org}/tree', { params: { path: { org } } })).data!,
  });

/**
 * The GenAI reads' query: at most MAX_GENAI_RANGE_DAYS (the range's last days when longer) and the provider filter
 * only when it is a GenAI provider (a cloud or SaaS provider filter means nothing there).
 */
export function genaiQuery(range: DayRange, provider: string | undefined) {
  const start =
    daysBetween(range.start, range.end) > MAX_GENAI_RANGE_DAYS
      ? addDays(range.end, -(MAX_GENAI_RANGE_DAYS - 1))
      : range.start;
  const p = GENAI_PROVIDERS.find((g) => g === provider) as GenAiProvider | undefined;
  return { start_date: start, end_date: range.end, ...(p ? { provider: p } : {}) };
}
export type GenAiQuery = ReturnType<typeof genaiQuery>;

export const genaiSummaryQuery = (api: Api, org: string, query: GenAiQuery, group_by: SummaryDimension) =>
  queryOptions({
    queryKey: ['org', org, 'costs', 'genai-summary', group_by, query] as const,
    queryFn: async () =>
      (
        await api.GET('/api/v1/genai/{org}/costs/summary', {
          params: { path: { org }, query: { ...query, group_by } },
        })
      ).data!,
  });

export const unpricedQuery = (api: Api, org: string, query: GenAiQuery) =>
  queryOptions({
    queryKey: ['org', org, 'costs', 'genai-unpriced', query] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/genai/{org}/usage/unpriced', { params: { path: { org }, query } })).data!,
  });

export const reconciliationQuery = (api: Api, org: string, query: GenAiQuery) =>
  queryOptions({
    queryKey: ['org', org, 'costs', 'genai-reconciliation', query] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/genai/{org}/reconciliation', { params: { path: { org }, query } })).data!,
  });

export const saasProvidersQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'subscriptions', 'providers'] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/subscriptions/{org}/providers', { params: { path: { org } } })).data!,
  });

export const saasPlansQuery = (api: Api, org: string, provider: string) =>
  queryOptions({
    queryKey: ['org', org, 'subscriptions', 'plans', provider] as const,
    queryFn: async () =>
      (
        await api.GET('/api/v1/subscriptions/{org}/providers/{provider}/plans', {
          params: { path: { org, provider } },
        })
      ).data!,
  });
