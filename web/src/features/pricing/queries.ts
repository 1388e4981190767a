import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import type { GenAiProvider } from './model.js';

// The pricing page's reads. Keys start ['org', org, 'pricing'] so a price change refreshes them all at once.

/** The provider's public prices and the org's overrides (GET /integrations/{org}/{provider}/pricing). */
export const providerPricingQuery = (api: Api, org: string, provider: GenAiProvider) =>
  queryOptions({
    queryKey: ['org', org, 'pricing', 'provider', provider] as const,
    queryFn: async () =>
      (
        await api.GET('/api/v1/integrations/{org}/{provider}/pricing', {
          params: { path: { org, provider }, query: {} },
        })
      ).data!,
    staleTime: 60_000,
  });

/** Every provider's payg prices with the org's overrides (GET /genai/{org}/pricing?flow=payg): the override counts. */
export const paygPricingQuery = (api: Api, org: string) =>
  queryOptions({
    queryKey: ['org', org, 'pricing', 'payg'] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/genai/{org}/pricing', { params: { path: { org }, query: { flow: 'payg' } } }))
        .data!,
    staleTime: 60_000,
  });

/** Usage no price covers over a range (GET /genai/{org}/usage/unpriced; a cost read: a completed run refreshes it). */
export const unpricedUsageQuery = (api: Api, org: string, range: { start_date: string; end_date: string }) =>
  queryOptions({
    queryKey: ['org', org, 'costs', 'pricing-unpriced', range] as const,
    queryFn: async () =>
      (await api.GET('/api/v1/genai/{org}/usage/unpriced', { params: { path: { org }, query: range } }))
        .data!,
  });

/** After an override is set, deleted or reset: every pricing read of the org. */
export const refreshPricing = (queryClient: QueryClient, org: string) =>
  queryClient.invalidateQueries({ queryKey: ['org', org, 'pricing'] });
