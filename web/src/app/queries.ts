import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { Api } from '../api/client.js';

// One factory per API read: the same key and function in a route loader (prefetch) and in the component.

export const meQuery = (api: Api) =>
  queryOptions({ queryKey: ['me'], queryFn: async () => (await api.GET('/api/v1/me')).data! });

export const plansQuery = (api: Api) =>
  queryOptions({
    queryKey: ['billing', 'plans'],
    queryFn: async () => (await api.GET('/api/v1/billing/plans')).data!,
    staleTime: Infinity,
  });

export const orgProfileQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'profile'],
    queryFn: async () => (await api.GET('/api/v1/organizations/{org}', { params: { path: { org } } })).data!,
  });

export const quotaQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'quota'],
    queryFn: async () =>
      (await api.GET('/api/v1/organizations/{org}/quota', { params: { path: { org } } })).data!,
    staleTime: 30_000,
  });

export const integrationsQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'integrations'],
    queryFn: async () =>
      (await api.GET('/api/v1/integrations/{org}', { params: { path: { org }, query: {} } })).data!,
  });

// Alerts and notifications (`/$org/alerts`): every key starts ['org', org, 'notify'] so a write can refresh them all.

export const channelsQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'notify', 'channels'],
    queryFn: async () =>
      (await api.GET('/api/v1/notifications/{org}/channels', { params: { path: { org } } })).data!,
  });

export const alertsQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'notify', 'alerts'],
    queryFn: async () => (await api.GET('/api/v1/alerts/{org}', { params: { path: { org } } })).data!,
  });

export const alertPresetsQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'notify', 'presets'],
    queryFn: async () => (await api.GET('/api/v1/alerts/{org}/presets', { params: { path: { org } } })).data!,
    staleTime: Infinity,
  });

export const summariesQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'notify', 'summaries'],
    queryFn: async () =>
      (await api.GET('/api/v1/notifications/{org}/summaries', { params: { path: { org } } })).data!,
  });

/** Delivery history, newest first, a page of `limit` per "Load more" (cursor paged). */
export const deliveryHistoryQuery = (api: Api, org: string, limit = 20) =>
  infiniteQueryOptions({
    queryKey: ['org', org, 'notify', 'history', limit],
    queryFn: async ({ pageParam }) =>
      (
        await api.GET('/api/v1/notifications/{org}/history', {
          params: { path: { org }, query: { limit, ...(pageParam ? { cursor: pageParam } : {}) } },
        })
      ).data!,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
