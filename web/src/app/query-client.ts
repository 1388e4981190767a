import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/errors.js';

/**
 * Cost data changes only when a pipeline run completes, so reads stay fresh for minutes; a 4xx is an answer, not a
 * glitch, and is never retried. `onUnauthorized` runs when the API refuses the session (expired or revoked).
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (err) => {
        if (err instanceof ApiError && err.status === 401) onUnauthorized();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      },
    },
  });
}
