import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback } from 'react';
import {
  costQuery,
  parseCostSearch,
  searchBasis,
  searchRange,
  type CostSearch,
} from '../../lib/url-search.js';
import { utcToday } from '../../lib/utc-days.js';

/**
 * The cost filters of the page's URL (start_date, end_date, provider, cost_type, hierarchy_entity_id, basis) and a
 * setter that writes them back: every change is a new history entry, so Back undoes it and the URL is the view.
 */
export function useCostFilters() {
  const raw = useSearch({ strict: false });
  const navigate = useNavigate();
  const today = utcToday();
  const search = parseCostSearch(raw);
  const range = searchRange(search, today);
  const basis = searchBasis(search);
  // Query keys hash by value: a new object per render is the same key.
  const query = costQuery(search, today);
  const set = useCallback(
    (patch: Partial<CostSearch>) =>
      void navigate({
        to: '.',
        search: (prev: Record<string, unknown>) => {
          const next: Record<string, unknown> = { ...prev, ...patch };
          for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === '') delete next[k];
          return next as never;
        },
      }),
    [navigate],
  );
  return { search, range, basis, query, today, set };
}

export type CostFilters = ReturnType<typeof useCostFilters>;
