import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ArrowLeft, Download, RotateCcw } from 'lucide-react';
import type { z } from 'zod';
import type { RunDetailSchema } from '../../../../shared/contracts/pipelines.js';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { ErrorAlert, Alert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { Select } from '../../components/ui/input.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import { formatRange } from '../../lib/utc-days.js';
import { RequireRole } from '../org/use-role.js';
import {
  filterLogLines,
  formatDuration,
  formatInstant,
  isTerminal,
  parseLogLines,
  stepLayers,
  type Step,
} from './model.js';
import { runQuery } from './queries.js';
import { watchRun } from './watch.js';
import { StatusBadge } from './status-badge.js';

type RunDetail = z.output<typeof RunDetailSchema>;
type Transition = RunDetail['transitions'][number];

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

  const back = (
    <Link
      to="/$org/pipelines"
      params={{ org }}
      className="inline-flex items-center gap-1 text-sm text-accent underline-offset-2 hover:underline"
    >
      <ArrowLeft aria-hidden="true" className="size-4" />
      All pipelines and runs
    </Link>
  );

  if (run.isPending)
    return (
      <div className="space-y-6" aria-busy="true">
        {back}
        <h1 className="text-2xl font-semibold tracking-tight">Pipeline run</h1>
        <Skeleton className="h-24" />
        <Skeleton className="h-64" />
      </div>
    );
  if (!run.data)
    return (
      <div className="space-y-6">
        {back}
        <h1 className="text-2xl font-semibold tracking-tight">Pipeline run</h1>
        <ErrorAlert
          error={run.error}
          title={
            run.error instanceof ApiError && run.error.status === 404
              ? 'No such run'
              : 'Could not load the run'
          }
        />
      </div>
    );

  const r = run.data;
  const failedSteps = r.steps.filter((s) => s.status === 'FAILED' || s.status === 'SKIPPED').length;
  return (
    <div className="space-y-6">
      {back}
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
      {retry.isError ? <ErrorAlert error={retry.error} title="The retry did not start" /> : null}
      {logs.isError ? <ErrorAlert error={logs.error} title="Could not download the logs" /> : null}

      <Card aria-labelledby="run-status-title" data-testid="run-summary">
        <CardTitle>
          <span id="run-status-title">Status</span>
        </CardTitle>
        <div aria-live="polite" className="flex flex-wrap items-center gap-3">
          <StatusBadge status={r.status} className="px-3 py-1 text-sm" />
          <span className="text-sm text-muted" data-testid="run-live">
            {isTerminal(r.status)
              ? r.status === 'COMPLETED'
                ? 'Finished. The cost pages show the new data.'
                : r.status === 'FAILED'
                  ? `${failedSteps} step${failedSteps === 1 ? '' : 's'} did not finish.`
                  : 'Cancelled.'
              : 'In progress: this page follows it until it ends.'}
          </span>
        </div>
        <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
          <Detail label="Created" value={formatInstant(r.created_at)} />
          <Detail label="Started" value={r.started_at ? formatInstant(r.started_at) : '—'} />
          <Detail label="Finished" value={r.finished_at ? formatInstant(r.finished_at) : '—'} />
          <Detail label="Duration" value={formatDuration(r.started_at, r.finished_at) ?? '—'} />
        </dl>
        {r.error ? (
          <div className="mt-4">
            <Alert tone="error" title="Error">
              <p className="break-words whitespace-pre-wrap">{r.error}</p>
            </Alert>
          </div>
        ) : null}
      </Card>

      <Card aria-labelledby="steps-title" data-testid="run-steps">
        <CardTitle>
          <span id="steps-title">Steps</span>
        </CardTitle>
        <ol className="space-y-4">
          {stepLayers(r.steps).map((layer, i) => (
            <li key={i}>
              <h3 className="mb-2 text-xs font-medium tracking-wide text-muted uppercase">
                Stage {i + 1}
                {i === 0 ? ' · no dependencies' : ''}
              </h3>
              <ul className="grid gap-3 md:grid-cols-2">
                {layer.map((s) => (
                  <StepCard key={s.step_id} step={s} />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </Card>

      <LogsCard
        org={org}
        runId={runId}
        steps={r.steps.map((s) => s.step_id)}
        live={!isTerminal(r.status)}
        fetchLogs={fetchLogs}
      />

      <Card aria-labelledby="transitions-title" data-testid="run-transitions">
        <CardTitle>
          <span id="transitions-title">State changes</span>
        </CardTitle>
        <DataTable
          caption="State changes"
          columns={TRANSITION_COLUMNS}
          rows={r.transitions}
          testId="transitions-table"
        />
      </Card>
    </div>
  );
}

/** The most log lines the viewer renders (the download has them all). */
const MAX_SHOWN = 500;

/** The run's logs on demand, filtered by step, newest kept when there are many; read again while the run goes on. */
function LogsCard(props: {
  org: string;
  runId: string;
  steps: string[];
  live: boolean;
  fetchLogs: () => Promise<string>;
}) {
  const [shown, setShown] = useState(false);
  const [step, setStep] = useState('');
  const logs = useQuery({
    queryKey: ['org', props.org, 'run', props.runId, 'logs'],
    queryFn: props.fetchLogs,
    enabled: shown,
    staleTime: 0,
    refetchInterval: props.live ? 3000 : false,
    select: parseLogLines,
  });
  const lines = logs.data ? filterLogLines(logs.data, step) : [];
  const visible = lines.slice(-MAX_SHOWN);
  return (
    <Card aria-labelledby="logs-title" data-testid="run-logs">
      <CardTitle
        action={
          shown ? null : (
            <Button size="sm" variant="secondary" onClick={() => setShown(true)}>
              Show logs
            </Button>
          )
        }
      >
        <span id="logs-title">Logs</span>
      </CardTitle>
      {!shown ? (
        <p className="text-sm text-muted">Each step's log lines and state changes, oldest first.</p>
      ) : logs.isPending ? (
        <Skeleton className="h-40" />
      ) : !logs.data ? (
        <ErrorAlert error={logs.error} title="Could not load the logs" />
      ) : (
        <div className="space-y-3">
          <div className="flex items-end gap-3">
            <div className="space-y-1">
              <label htmlFor="logs-step" className="block text-xs font-medium">
                Step
              </label>
              <Select
                id="logs-step"
                className="h-9 w-56"
                value={step}
                onChange={(e) => setStep(e.target.value)}
              >
                <option value="">Every step</option>
                <option value="-">The run itself</option>
                {props.steps.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
            </div>
            <p className="pb-2 text-xs text-muted" aria-live="polite">
              {lines.length > visible.length
                ? `The last ${visible.length} of ${lines.length} lines (download for all)`
                : `${lines.length} line${lines.length === 1 ? '' : 's'}`}
            </p>
          </div>
          <ol
            tabIndex={0}
            aria-label="Log lines"
            className="max-h-96 overflow-auto rounded-md border border-line bg-surface-2 p-2 font-mono text-xs"
            data-testid="log-lines"
          >
            {visible.map((l, i) => (
              <li key={i} className="flex gap-3 py-0.5">
                <span className="shrink-0 text-muted" data-volatile>
                  {l.at ? l.at.slice(11, 23) : ''}
                </span>
                <span className="w-20 shrink-0 truncate">{l.step_id ?? 'run'}</span>
                <span className={l.level === 'error' ? 'text-danger' : l.level === 'warn' ? 'text-text' : ''}>
                  {l.text}
                </span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Card>
  );
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd data-volatile>{value}</dd>
    </div>
  );
}

const nf = new Intl.NumberFormat('en-US');

function StepCard({ step: s }: { step: Step }) {
  return (
    <li
      className="rounded-md border border-line p-3"
      data-testid={`step-${s.step_id}`}
      aria-label={`Step ${s.step_id}`}
    >
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono text-sm font-medium">{s.step_id}</span>
        <StatusBadge status={s.status} />
      </div>
      <p className="mt-0.5 text-xs text-muted">
        {s.type}
        {s.depends_on.length > 0 ? ` · after ${s.depends_on.join(', ')}` : ''}
      </p>
      <dl className="mt-2 grid grid-cols-3 gap-2 text-xs">
        <div>
          <dt className="text-muted">Attempts</dt>
          <dd className="tabular-nums">{s.attempts}</dd>
        </div>
        <div>
          <dt className="text-muted">Rows written</dt>
          <dd className="tabular-nums">{s.rows_written === null ? '—' : nf.format(s.rows_written)}</dd>
        </div>
        <div>
          <dt className="text-muted">Duration</dt>
          <dd className="tabular-nums" data-volatile>
            {formatDuration(s.started_at, s.finished_at) ?? '—'}
          </dd>
        </div>
      </dl>
      {s.error ? (
        <p className="mt-2 rounded bg-danger-soft p-2 text-xs break-words whitespace-pre-wrap">{s.error}</p>
      ) : null}
    </li>
  );
}

const TRANSITION_COLUMNS: DataColumn<Transition>[] = [
  {
    id: 'at',
    header: 'At',
    sortValue: (t) => t.at,
    cell: (t) => (
      <span className="whitespace-nowrap" data-volatile>
        {formatInstant(t.at)}
      </span>
    ),
  },
  {
    id: 'step_id',
    header: 'Step',
    sortValue: (t) => t.step_id,
    cell: (t) => (t.step_id ? <span className="font-mono text-xs">{t.step_id}</span> : 'run'),
  },
  {
    id: 'change',
    header: 'Change',
    sortable: false,
    sortValue: (t) => t.to_status,
    cell: (t) => `${t.from_status ?? '—'} → ${t.to_status}`,
  },
  { id: 'reason', header: 'Reason', sortValue: (t) => t.reason, cell: (t) => t.reason ?? '—' },
];

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
