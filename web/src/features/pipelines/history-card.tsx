import { useEffect, useRef } from 'react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { RefreshCw } from 'lucide-react';
import type { z } from 'zod';
import type { RunSummarySchema } from '../../../../shared/contracts/pipelines.js';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Select } from '../../components/ui/input.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import { formatRange } from '../../lib/utc-days.js';
import { formatDuration, formatInstant, isTerminal, newlyCompleted, statusBadge } from './model.js';
import { catalogueQuery, refreshAfterRun, runHistoryQuery } from './queries.js';
import { RUN_STATUSES, type PipelinesSearch } from './search.js';
import { StatusBadge } from './status-badge.js';

type Run = z.output<typeof RunSummarySchema>;

/** While a listed run is unfinished the list reads itself again this often. */
const HISTORY_POLL_MS = 3000;

/**
 * The org's runs under `filters`, cursor paged, read again while one is unfinished; a run seen going from
 * unfinished to COMPLETED between two reads has new cost data, so the cost reads are refreshed.
 */
function useRunHistory(org: string, filters: PipelinesSearch) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const history = useInfiniteQuery({
    ...runHistoryQuery(api, org, filters),
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((r) => !isTerminal(r.status))) ? HISTORY_POLL_MS : false,
  });
  const rows = history.data?.pages.flatMap((p) => p.items);

  // Statuses as last seen: a run that went from unfinished to COMPLETED between two reads has new cost data.
  const seen = useRef(new Map<string, string>());
  useEffect(() => {
    if (!rows) return;
    if (newlyCompleted(seen.current, rows).length > 0) void refreshAfterRun(queryClient, org, 'COMPLETED');
    for (const r of rows) seen.current.set(r.run_id, r.status);
  }, [rows, queryClient, org]);
  return { history, rows };
}

type RunHistory = ReturnType<typeof useRunHistory>['history'];

/**
 * The org's runs, newest first, filtered by pipeline and status (in the URL), cursor paged ("Load more"). It
 * refreshes itself while a listed run is unfinished; a run seen finishing COMPLETED refreshes the cost reads.
 */
export function HistoryCard({ org, filters }: { org: string; filters: PipelinesSearch }) {
  const { history, rows } = useRunHistory(org, filters);
  return (
    <Card aria-labelledby="history-title" data-testid="run-history">
      <CardTitle
        action={
          <Button
            size="sm"
            variant="ghost"
            disabled={history.isFetching}
            onClick={() => void history.refetch()}
          >
            <RefreshCw aria-hidden="true" className="size-4" />
            Refresh
          </Button>
        }
      >
        <span id="history-title">Run history</span>
      </CardTitle>
      <HistoryFilters org={org} filters={filters} />
      {history.isPending ? (
        <div className="space-y-2" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </div>
      ) : !rows ? (
        <ErrorAlert error={history.error} title="Could not load the runs" />
      ) : rows.length === 0 ? (
        <p className="text-sm text-muted">
          {filters.pipeline_id || filters.status ? 'No run matches these filters.' : 'No runs yet.'}
        </p>
      ) : (
        <HistoryTable org={org} rows={rows} history={history} />
      )}
    </Card>
  );
}

/** The pipeline and status filters; a change replaces the URL's search. */
function HistoryFilters({ org, filters }: { org: string; filters: PipelinesSearch }) {
  const { api } = useServices();
  const navigate = useNavigate();
  const catalogue = useQuery(catalogueQuery(api));
  const setFilter = (patch: Partial<PipelinesSearch>) =>
    void navigate({
      to: '/$org/pipelines',
      params: { org },
      search: (prev) => ({ ...prev, ...patch }),
      replace: true,
    });
  const pipelineIds = [
    ...new Set([...(catalogue.data?.items.map((p) => p.pipeline_id) ?? []), filters.pipeline_id ?? '']),
  ]
    .filter(Boolean)
    .sort();
  return (
    <div className="mb-3 flex flex-wrap gap-3">
      <div className="space-y-1">
        <label htmlFor="history-pipeline" className="block text-xs font-medium">
          Pipeline
        </label>
        <Select
          id="history-pipeline"
          className="h-9 w-72"
          value={filters.pipeline_id ?? ''}
          onChange={(e) => setFilter({ pipeline_id: e.target.value || undefined })}
        >
          <option value="">All pipelines</option>
          {pipelineIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor="history-status" className="block text-xs font-medium">
          Status
        </label>
        <Select
          id="history-status"
          className="h-9 w-44"
          value={filters.status ?? ''}
          onChange={(e) => setFilter({ status: (e.target.value || undefined) as PipelinesSearch['status'] })}
        >
          <option value="">Any status</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusBadge(s).label}
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}

/** The loaded runs as a table, with "Load more" while there is a next page. */
function HistoryTable({ org, rows, history }: { org: string; rows: Run[]; history: RunHistory }) {
  return (
    <div className="space-y-3">
      <DataTable
        caption="Run history"
        columns={columns(org)}
        rows={rows}
        rowId={(r) => r.run_id}
        testId="runs-table"
        className="max-h-[36rem]"
      />
      {history.isFetchNextPageError ? <ErrorAlert error={history.error} title="Could not load more" /> : null}
      {history.hasNextPage ? (
        <div className="flex justify-center">
          <Button
            variant="secondary"
            size="sm"
            disabled={history.isFetchingNextPage}
            onClick={() => void history.fetchNextPage()}
          >
            {history.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function columns(org: string): DataColumn<Run>[] {
  return [
    {
      id: 'created_at',
      header: 'Started',
      sortValue: (r) => r.created_at,
      cell: (r) => (
        <Link
          to="/$org/pipelines/runs/$run_id"
          params={{ org, run_id: r.run_id }}
          className="whitespace-nowrap text-accent underline underline-offset-2"
          aria-label={`Run of ${r.pipeline_id} created ${formatInstant(r.created_at)}`}
        >
          <span data-volatile>{formatInstant(r.created_at)}</span>
        </Link>
      ),
    },
    {
      id: 'pipeline_id',
      header: 'Pipeline',
      sortValue: (r) => r.pipeline_id,
      cell: (r) => <span className="font-mono text-xs">{r.pipeline_id}</span>,
    },
    {
      id: 'status',
      header: 'Status',
      sortValue: (r) => r.status,
      cell: (r) => <StatusBadge status={r.status} />,
    },
    {
      id: 'range',
      header: 'Days',
      sortValue: (r) => r.start_date,
      cell: (r) => (
        <span className="whitespace-nowrap">{formatRange({ start: r.start_date, end: r.end_date })}</span>
      ),
    },
    { id: 'trigger', header: 'Trigger', sortValue: (r) => r.trigger, cell: (r) => r.trigger },
    {
      id: 'duration',
      header: 'Duration',
      numeric: true,
      sortValue: (r) =>
        r.started_at && r.finished_at ? Date.parse(r.finished_at) - Date.parse(r.started_at) : null,
      cell: (r) => <span data-volatile>{formatDuration(r.started_at, r.finished_at) ?? '—'}</span>,
    },
    {
      id: 'error',
      header: 'Error',
      sortable: false,
      sortValue: (r) => r.error,
      cell: (r) =>
        r.error ? (
          <span className="line-clamp-2 text-xs text-danger" title={r.error}>
            {r.error}
          </span>
        ) : (
          '—'
        ),
    },
  ];
}
