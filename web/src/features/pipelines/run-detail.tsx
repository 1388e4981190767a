import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ArrowLeft, Download, RotateCcw } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { Button } from '../../components/ui/button.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { formatRange } from '../../lib/utc-days.js';
import { RequireRole } from '../org/use-role.js';
import { isTerminal } from './model.js';
import { runQuery } from './queries.js';
import { watchRun } from './watch.js';
import { LogsCard } from './run-logs.js';
import { RunStatusCard, RunStepsCard, RunTransitionsCard, type RunDetail } from './run-sections.js';

/**
 * The run's actions: "Retry failed steps" (shown as pending at once and followed until it ends) and the logs,
 * read as text for the viewer or saved as a download.
 */
function useRunActions(org: string, runId: string) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: async () =>
      (
        await api.POST('/api/v1/pipelines/{org}/runs/{run_id}/retry', {
          params: { path: { org, run_id: runId } },
        })
      ).data!,
    onSuccess: () => {
      // Shown as pending at once; the watcher reads it again until it ends.
      queryClient.setQueryData(runQuery(api, org, runId).queryKey, (old) =>
        old ? { ...old, status: 'PENDING' as const, error: null, finished_at: null } : old,
      );
      watchRun(queryClient, api, org, runId);
      void queryClient.invalidateQueries({ queryKey: ['org', org, 'runs'] });
      void queryClient.invalidateQueries({ queryKey: ['org', org, 'quota'] });
    },
  });

  const logs = useMutation({
    mutationFn: async () => saveFile(`run-${runId}.jsonl`, await fetchLogs(), 'application/x-ndjson'),
  });
  const fetchLogs = async () =>
    (
      await api.GET('/api/v1/pipelines/{org}/runs/{run_id}/logs', {
        params: { path: { org, run_id: runId } },
        parseAs: 'text',
      })
    ).data ?? '';
  return { retry, logs, fetchLogs };
}

type RunActions = ReturnType<typeof useRunActions>;

/**
 * One run: status, range and timing; its steps in dependency layers (status, attempts, rows, duration, error),
 * followed live until the run ends; "Retry failed steps" for a failed run; the logs as a download; every state
 * transition.
 */
export function RunDetailView({ org, runId }: { org: string; runId: string }) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const run = useQuery(runQuery(api, org, runId));
  const status = run.data?.status;

  // An unfinished run is polled (by the watcher, which outlives this page) until it ends.
  useEffect(() => {
    if (status && !isTerminal(status)) watchRun(queryClient, api, org, runId);
  }, [status, queryClient, api, org, runId]);

  const actions = useRunActions(org, runId);
  const { retry, logs } = actions;

  if (!run.data) return <RunUnavailable org={org} pending={run.isPending} error={run.error} />;

  const r = run.data;
  return (
    <div className="space-y-6">
      <BackLink org={org} />
      <RunHeader run={r} actions={actions} />
      {retry.isError ? <ErrorAlert error={retry.error} title="The retry did not start" /> : null}
      {logs.isError ? <ErrorAlert error={logs.error} title="Could not download the logs" /> : null}

      <RunStatusCard org={org} run={r} />
      <RunStepsCard steps={r.steps} />
      <LogsCard
        org={org}
        runId={runId}
        steps={r.steps.map((s) => s.step_id)}
        live={!isTerminal(r.status)}
        fetchLogs={actions.fetchLogs}
      />
      <RunTransitionsCard transitions={r.transitions} />
    </div>
  );
}

function BackLink({ org }: { org: string }) {
  return (
    <Link
      to="/$org/pipelines"
      params={{ org }}
      className="inline-flex items-center gap-1 text-sm text-accent underline-offset-2 hover:underline"
    >
      <ArrowLeft aria-hidden="true" className="size-4" />
      All pipelines and runs
    </Link>
  );
}

/** The page while the run loads (placeholders), or when it could not be read (404: no such run). */
function RunUnavailable(props: { org: string; pending: boolean; error: unknown }) {
  if (props.pending)
    return (
      <div className="space-y-6" aria-busy="true">
        <BackLink org={props.org} />
        <h1 className="text-2xl font-semibold tracking-tight">Pipeline run</h1>
        <Skeleton className="h-24" />
        <Skeleton className="h-64" />
      </div>
    );
  return (
    <div className="space-y-6">
      <BackLink org={props.org} />
      <h1 className="text-2xl font-semibold tracking-tight">Pipeline run</h1>
      <ErrorAlert
        error={props.error}
        title={
          props.error instanceof ApiError && props.error.status === 404
            ? 'No such run'
            : 'Could not load the run'
        }
      />
    </div>
  );
}

/** The run's pipeline, range and trigger, with "Retry failed steps" (a failed run) and "Download logs". */
function RunHeader({ run: r, actions: { retry, logs } }: { run: RunDetail; actions: RunActions }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">
          Run of <span className="font-mono">{r.pipeline_id}</span>
        </h1>
        <p className="mt-1 text-sm text-muted">
          {formatRange({ start: r.start_date, end: r.end_date })} · {r.trigger}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        {r.status === 'FAILED' ? (
          <RequireRole min="member">
            {(disabled) => (
              <Button disabled={disabled || retry.isPending} onClick={() => retry.mutate()}>
                <RotateCcw aria-hidden="true" className="size-4" />
                {retry.isPending ? 'Retrying…' : 'Retry failed steps'}
              </Button>
            )}
          </RequireRole>
        ) : null}
        <Button variant="secondary" disabled={logs.isPending} onClick={() => logs.mutate()}>
          <Download aria-hidden="true" className="size-4" />
          {logs.isPending ? 'Preparing…' : 'Download logs'}
        </Button>
      </div>
    </div>
  );
}

/** Saves text as a file through a temporary object URL (the CSP allows no data: download of scripts). */
function saveFile(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
