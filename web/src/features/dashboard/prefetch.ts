import type { QueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import { costQuery, type CostSearch } from '../../lib/url-search.js';
import { previousRange, utcToday } from '../../lib/utc-days.js';
import {
  byHierarchyQuery,
  byProviderQuery,
  byServiceQuery,
  freshnessQuery,
  recentRunsQuery,
  summaryQuery,
  totalQuery,
  trendQuery,
} from '../costs/queries.js';

/**
 * Starts every read of the dashboard at once, while its chunk loads (the route loader calls it without waiting):
 * the components then find their queries in flight or done. Errors are left to the components' own queries.
 */
export function prefetchDashboard(queryClient: QueryClient, api: Api, org: string, search: CostSearch) {
  const query = costQuery(search, utcToday());
  const prev = previousRange({ start: query.start_date, end: query.end_date });
  const reads = [
    summaryQuery(api, org, query),
    summaryQuery(api, org, { ...query, start_date: prev.start, end_date: prev.end }),
    totalQuery(api, org, query),
    trendQuery(api, org, query),
    byProviderQuery(api, org, query),
    byServiceQuery(api, org, query),
    byHierarchyQuery(api, org, query),
    freshnessQuery(api, org),
    recentRunsQuery(api, org, 5),
  ];
  for (const read of reads)
    void queryClient.prefetchQuery(read as Parameters<QueryClient['prefetchQuery']>[0]);
}
