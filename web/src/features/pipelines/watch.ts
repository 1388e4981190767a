import type { QueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { isTerminal, POLL_MS } from './model.js';
import { refreshAfterRun, runQuery } from './queries.js';

const watching = new WeakMap<QueryClient, Set<string>>();

/**
 * Reads an unfinished run again every POLL_MS until it ends, outside any component: a run started here keeps being
 * followed when the user goes to another page, and when it ends the run lists, the quota and (COMPLETED) the org's
 * cost reads are refreshed. Each read goes into the run's query, so the run detail shows it without a timer of its
 * own. Watching a run already watched does nothing; a refusal (404 gone, 401 signed out, 403) ends the watch;
 * a server or network error is read again at the next tick.
 */
export function watchRun(queryClient: QueryClient, api: Api, org: string, runId: string): void {
  let runs = watching.get(queryClient);
  if (!runs) watching.set(queryClient, (runs = new Set()));
  const key = `${org}/${runId}`;
  if (runs.has(key)) return;
  runs.add(key);
  const options = runQuery(api, org, runId);
  const tick = async () => {
    if (!runs.has(key)) return; // unwatched (the client was cleared)
    try {
      const run = await queryClient.fetchQuery({ ...options, staleTime: 0 });
      if (isTerminal(run.status)) {
        runs.delete(key);
        await refreshAfterRun(queryClient, org, run.status);
        return;
      }
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) {
        runs.delete(key);
        return;
      }
    }
    setTimeout(() => void tick(), POLL_MS);
  };
  void tick();
}

/** Whether a run is being followed. */
export const isWatched = (queryClient: QueryClient, org: string, runId: string) =>
  watching.get(queryClient)?.has(`${org}/${runId}`) ?? false;

/** Stops following every run of a client (sign out; tests). */
export const unwatchAll = (queryClient: QueryClient) => watching.get(queryClient)?.clear();
