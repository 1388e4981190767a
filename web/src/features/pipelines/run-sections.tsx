import type { z } from 'zod';
import { Link } from '@tanstack/react-router';
import { ArrowRight } from 'lucide-react';
import type { RunDetailSchema } from '../../../../shared/contracts/pipelines.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Alert } from '../../components/ui/alert.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import {
  costPageOf,
  formatDuration,
  formatInstant,
  isTerminal,
  stepLayers,
  type CostPage,
  type Step,
} from './model.js';
import { StatusBadge } from './status-badge.js';

export type RunDetail = z.output<typeof RunDetailSchema>;
type Transition = RunDetail['transitions'][number];

/** What the live line says of the run: in progress, finished, how many steps did not finish, or cancelled. */
function liveText(r: RunDetail): string {
  if (!isTerminal(r.status)) return 'In progress: this page follows it until it ends.';
  if (r.status === 'COMPLETED') return 'Finished. The cost pages show the new data.';
  if (r.status !== 'FAILED') return 'Cancelled.';
  const failedSteps = r.steps.filter((s) => s.status === 'FAILED' || s.status === 'SKIPPED').length;
  return `${failedSteps} step${failedSteps === 1 ? '' : 's'} did not finish.`;
}

const COST_PAGES = {
  genai: { to: '/$org/costs/genai', label: 'See the GenAI costs of these days' },
  cloud: { to: '/$org/costs/cloud', label: 'See the cloud costs of these days' },
  subscriptions: { to: '/$org/costs/subscriptions', label: 'See the SaaS costs of these days' },
  hierarchy: { to: '/$org/costs/hierarchy', label: 'See the hierarchy costs of these days' },
  dashboard: { to: '/$org/dashboard', label: 'See the dashboard for these days' },
} as const satisfies Record<CostPage, { to: string; label: string }>;

/** A completed run's way to its data: the cost page of what it imported, over the run's days (in the app). */
function RunCostsLink({ org, run: r }: { org: string; run: RunDetail }) {
  const page = COST_PAGES[costPageOf(r.pipeline_id)];
  return (
    <Link
      to={page.to}
      params={{ org }}
      search={{ start_date: r.start_date, end_date: r.end_date }}
      className="inline-flex items-center gap-1 text-sm text-accent underline-offset-2 hover:underline"
      data-testid="run-costs-link"
    >
      {page.label}
      <ArrowRight aria-hidden="true" className="size-4" />
    </Link>
  );
}

/** The run's status (announced as it changes), its timing and its error; a completed run links to its data. */
export function RunStatusCard({ org, run: r }: { org: string; run: RunDetail }) {
  return (
    <Card aria-labelledby="run-status-title" data-testid="run-summary">
      <CardTitle>
        <span id="run-status-title">Status</span>
      </CardTitle>
      <div aria-live="polite" className="flex flex-wrap items-center gap-3">
        <StatusBadge status={r.status} className="px-3 py-1 text-sm" />
        <span className="text-sm text-muted" data-testid="run-live">
          {liveText(r)}
        </span>
        {r.status === 'COMPLETED' ? <RunCostsLink org={org} run={r} /> : null}
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
  );
}

/** The run's steps in dependency layers ("stages"), a card each. */
export function RunStepsCard({ steps }: { steps: RunDetail['steps'] }) {
  return (
    <Card aria-labelledby="steps-title" data-testid="run-steps">
      <CardTitle>
        <span id="steps-title">Steps</span>
      </CardTitle>
      <ol className="space-y-4">
        {stepLayers(steps).map((layer, i) => (
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
  );
}

/** Every state change of the run and its steps. */
export function RunTransitionsCard({ transitions }: { transitions: Transition[] }) {
  return (
    <Card aria-labelledby="transitions-title" data-testid="run-transitions">
      <CardTitle>
        <span id="transitions-title">State changes</span>
      </CardTitle>
      <DataTable
        caption="State changes"
        columns={TRANSITION_COLUMNS}
        rows={transitions}
        testId="transitions-table"
      />
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
