import { queryOptions } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';

// The settings reads. Keys start with ['org', org] so a write here can refresh what it changes (a currency
// change refreshes the cost pages, a plan change the quota).

export const localeQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'locale'],
    queryFn: async () =>
      (await api.GET('/api/v1/organizations/{org}/locale', { params: { path: { org } } })).data!,
  });

export const membersQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'members'],
    queryFn: async () =>
      (await api.GET('/api/v1/organizations/{org}/members', { params: { path: { org } } })).data!,
  });

export const billingQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'billing'],
    queryFn: async () => (await api.GET('/api/v1/billing/{org}', { params: { path: { org } } })).data!,
  });

export const cacheStatsQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'cache-stats'],
    queryFn: async () =>
      (await api.GET('/api/v1/costs/{org}/cache/stats', { params: { path: { org } } })).data!,
  });
