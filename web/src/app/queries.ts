import { queryOptions } from '@tanstack/react-query';
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
