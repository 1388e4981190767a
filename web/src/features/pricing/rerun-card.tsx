import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { RefreshCw } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { integrationsQuery } from '../../app/queries.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { Field, Input, fieldAria } from '../../components/ui/input.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { RequireRole } from '../org/use-role.js';
import { QuotaLeft } from '../pipelines/run-dialog.js';
import { StatusBadge } from '../pipelines/status-badge.js';
import { checkRunRange, pipelinePath } from '../pipelines/model.js';
import { runQuery } from '../pipelines/queries.js';
import { watchRun } from '../pipelines/watch.js';
import { formatDay, utcToday } from '../../lib/utc-days.js';
import { PROVIDER_LABELS, rerunRange, usagePipelineOf, type GenAiProvider } from './model.js';

/** A price change the page offers to re-price: what changed, for which provider, from (and until) which day. */
export interface PriceChange {
  provider: GenAiProvider;
  /** "The override of gpt-4o from Oct 1, 2026 is saved." */
  what: string;
  from: string;
  to: string | null;
}

/**
 * The re-run's state: the suggested range (editable), the provider's valid credentials, and the mutation that
 * starts one run per credential, each followed until it ends.
 */
function useRerun(org: string, change: PriceChange) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const integrations = useQuery(integrationsQuery(api, org));
  const suggested = rerunRange(change.from, change.to, utcToday());
  const [start, setStart] = useState(suggested?.start ?? '');
  const [end, setEnd] = useState(suggested?.end ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [runIds, setRunIds] = useState<string[]>([]);
  const pipelineId = usagePipelineOf(change.provider);
  const credentials = (integrations.data?.items ?? []).filter(
    (i) => i.provider === change.provider && i.status === 'VALID',
  );

  const rerun = useMutation({
    mutationFn: async (body: { start_date: string; end_date: string }) => {
      for (const c of credentials) {
        const { data } = await api.POST('/api/v1/pipelines/run/{org}/{provider}/{domain}/{pipeline}', {
          params: { path: { org, ...pipelinePath(pipelineId) } },
          body: { ...body, credential_id: c.credential_id },
        });
        // Kept as each starts: a later credential's refusal still leaves the started runs listed.
        setRunIds((ids) => [...ids, data!.run_id]);
        watchRun(queryClient, api, org, data!.run_id);
      }
    },
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['org', org, 'runs'] }),
        queryClient.invalidateQueries({ queryKey: ['org', org, 'quota'] }),
      ]);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkRunRange({ start_date: start, end_date: end });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    rerun.mutate({ start_date: start, end_date: end });
  };

  return {
    integrations,
    suggested,
    credentials,
    pipelineId,
    runIds,
    rerun,
    submit,
    range: { start, end, setStart, setEnd, errors },
  };
}

type Rerun = ReturnType<typeof useRerun>;

/** The range form: From and To, what one run covers, the runs it starts, the quota left, and the button. */
function RerunForm({ org, change, state }: { org: string; change: PriceChange; state: Rerun }) {
  const { suggested, credentials, pipelineId, rerun, submit, range } = state;
  const { errors } = range;
  return (
    <form noValidate onSubmit={submit} aria-label="Re-run pricing" className="space-y-3">
      <div className="grid max-w-md grid-cols-2 gap-3">
        <Field id="rerun-start" label="From" error={errors.start_date}>
          <Input
            {...fieldAria('rerun-start', errors.start_date)}
            type="date"
            value={range.start}
            onChange={(e) => range.setStart(e.target.value)}
          />
        </Field>
        <Field id="rerun-end" label="To" error={errors.end_date}>
          <Input
            {...fieldAria('rerun-end', errors.end_date)}
            type="date"
            value={range.end}
            onChange={(e) => range.setEnd(e.target.value)}
          />
        </Field>
      </div>
      {suggested && suggested.earlier > 0 ? (
        <p className="text-xs text-muted">
          One run covers at most the latest days shown; the {suggested.earlier} earlier day
          {suggested.earlier === 1 ? '' : 's'} from {formatDay(change.from)} need another run.
        </p>
      ) : null}
      <p className="text-xs text-muted">
        {credentials.length === 1
          ? `One run, for "${credentials[0]!.name}".`
          : `${credentials.length} runs, one per credential.`}{' '}
        A re-run replaces those days, never adds to them.
      </p>
      <QuotaLeft org={org} />
      {rerun.isError ? <ErrorAlert error={rerun.error} title="The re-run did not start" /> : null}
      <RequireRole min="member">
        {(disabled) => (
          <Button type="submit" disabled={disabled || rerun.isPending}>
            <RefreshCw aria-hidden="true" className="size-4" />
            {rerun.isPending ? 'Starting…' : `Re-run ${pipelineId}`}
          </Button>
        )}
      </RequireRole>
    </form>
  );
}

/**
 * What the card offers: nothing to re-run (the change starts after today), the integrations loading or failing,
 * no valid integration, the started runs, or the range form.
 */
function RerunBody({ org, change, state }: { org: string; change: PriceChange; state: Rerun }) {
  const { integrations, suggested, credentials, runIds, rerun } = state;
  if (suggested === null) {
    return (
      <p className="text-muted">
        The change starts on {formatDay(change.from)}: usage from that day on is priced with it when it is
        imported. Nothing to re-run now.
      </p>
    );
  }
  if (integrations.isPending) return <Skeleton className="h-10" />;
  if (integrations.isError) {
    return <ErrorAlert error={integrations.error} title="Could not load the integrations" />;
  }
  if (credentials.length === 0) {
    return (
      <Alert title={`No valid ${PROVIDER_LABELS[change.provider]} integration`}>
        <p>
          Connect it on{' '}
          <Link to="/$org/integrations" params={{ org }} className="text-accent underline underline-offset-2">
            Integrations
          </Link>
          : its first import is priced with this price.
        </p>
      </Alert>
    );
  }
  if (runIds.length > 0) {
    return (
      <>
        <ul className="space-y-2" aria-label="Re-pricing runs">
          {runIds.map((id) => (
            <RunLine key={id} org={org} runId={id} />
          ))}
        </ul>
        {rerun.isError ? <ErrorAlert error={rerun.error} title="Not every re-run started" /> : null}
      </>
    );
  }
  return <RerunForm org={org} change={change} state={state} />;
}

/**
 * "Re-run pricing" after a price change: the provider's usage pipeline ({provider}/genai/usage prices usage with
 * the price valid on each day, overrides first) over the days the change touches, one run per valid credential;
 * each run followed until it ends (its status here, a link to its page), and a completed one refreshes the costs.
 */
export function RerunCard(props: { org: string; change: PriceChange; onDismiss: () => void }) {
  const { org, change } = props;
  const state = useRerun(org, change);
  return (
    <Card aria-labelledby="rerun-title" data-testid="rerun">
      <CardTitle
        action={
          <Button variant="ghost" size="sm" onClick={props.onDismiss}>
            Dismiss
          </Button>
        }
      >
        <span id="rerun-title" className="inline-flex items-center gap-2">
          <RefreshCw aria-hidden="true" className="size-4 text-accent" />
          Re-run pricing
        </span>
      </CardTitle>
      <div className="space-y-3 text-sm">
        <p>
          {change.what} Costs already computed keep the old price until {PROVIDER_LABELS[change.provider]}
          &apos;s usage pipeline (<code>{state.pipelineId}</code>) runs again for those days.
        </p>
        <RerunBody org={org} change={change} state={state} />
      </div>
    </Card>
  );
}

/** One started run: its live status (the watcher fills the query) and a link to its page. */
function RunLine({ org, runId }: { org: string; runId: string }) {
  const { api } = useServices();
  const run = useQuery(runQuery(api, org, runId));
  const status = run.data?.status ?? 'PENDING';
  return (
    <li className="flex flex-wrap items-center gap-3" data-testid="rerun-run">
      <span data-testid="rerun-status">
        <StatusBadge status={status} />
      </span>
      {run.data ? (
        <span className="text-muted">
          {run.data.pipeline_id} · {formatDay(run.data.start_date)} – {formatDay(run.data.end_date)}
        </span>
      ) : null}
      <Link
        to="/$org/pipelines/runs/$run_id"
        params={{ org, run_id: runId }}
        className="text-accent underline underline-offset-2"
      >
        View run
      </Link>
      {status === 'COMPLETED' ? (
        <Link
          to="/$org/costs/genai"
          params={{ org }}
          search={{ start_date: run.data!.start_date, end_date: run.data!.end_date }}
          className="text-accent underline underline-offset-2"
        >
          See the GenAI costs
        </Link>
      ) : null}
      {run.data?.error ? <span className="text-danger">{run.data.error}</span> : null}
    </li>
  );
}
