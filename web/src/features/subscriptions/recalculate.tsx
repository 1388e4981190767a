import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { RefreshCw } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { formatUtcDay, formatUtcRange } from '../../lib/day-format.js';
import { RequireRole } from '../org/use-role.js';
import { pipelinePath } from '../pipelines/model.js';
import { runQuery } from '../pipelines/queries.js';
import { StatusBadge } from '../pipelines/status-badge.js';
import { watchRun } from '../pipelines/watch.js';
import { recalcRanges, SAAS_PIPELINE, type Stale } from './model.js';

interface StartedRun {
  run_id: string;
  start_date: string;
  end_date: string;
}

/**
 * After a plan edit: "Recalculate costs" runs the SaaS cost pipeline over the days the edit changed (from its day
 * through today, in runs of at most the run limit), follows each run (the cost pages refresh when it completes)
 * and links to its page. Without it the daily schedule recomputes only the last 31 days.
 */
export function RecalculatePanel(props: {
  org: string;
  stale?: Stale | undefined;
  today: string;
  onStarted: () => void;
}) {
  const { org, stale, today } = props;
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [runs, setRuns] = useState<StartedRun[]>([]);
  const ranges = stale ? recalcRanges(stale.from, today) : [];
  const start = useMutation({
    mutationFn: async () => {
      for (const range of ranges) {
        const { data } = await api.POST('/api/v1/pipelines/run/{org}/{provider}/{domain}/{pipeline}', {
          params: { path: { org, ...pipelinePath(SAAS_PIPELINE) } },
          body: range,
        });
        watchRun(queryClient, api, org, data!.run_id);
        setRuns((r) => [{ run_id: data!.run_id, ...range }, ...r]);
      }
      await queryClient.invalidateQueries({ queryKey: ['org', org, 'runs'] });
    },
    onSuccess: props.onStarted,
  });
  return (
    <div className="space-y-3" data-testid="recalculate">
      {stale ? (
        ranges.length === 0 ? (
          <Alert title="Nothing to recalculate yet">
            <p>
              The change starts on {formatUtcDay(stale.from)}; the daily schedule computes those days when
              they come.
            </p>
          </Alert>
        ) : (
          <Alert title={`Costs from ${formatUtcDay(stale.from)} are out of date`}>
            <p>
              {stale.what.join('; ')}. Recalculate to see it in the subscription costs (
              {formatUtcRange({ start: stale.from, end: today })}
              {ranges.length > 1 ? `, ${ranges.length} runs` : ''}).
            </p>
            <RequireRole min="member">
              {(disabled) => (
                <Button
                  size="sm"
                  className="mt-2"
                  disabled={disabled || start.isPending}
                  onClick={() => start.mutate()}
                >
                  <RefreshCw aria-hidden="true" className="size-4" />
                  {start.isPending ? 'Starting…' : 'Recalculate costs'}
                </Button>
              )}
            </RequireRole>
          </Alert>
        )
      ) : null}
      {start.error ? <ErrorAlert error={start.error} title="The recalculation did not start" /> : null}
      {runs.length ? (
        <ul className="space-y-1 text-sm" aria-label="Recalculation runs">
          {runs.map((r) => (
            <RunLine key={r.run_id} org={org} run={r} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function RunLine({ org, run }: { org: string; run: StartedRun }) {
  const { api } = useServices();
  const detail = useQuery({ ...runQuery(api, org, run.run_id), staleTime: Infinity });
  const done = detail.data?.status === 'COMPLETED';
  return (
    <li className="flex flex-wrap items-center gap-2" data-testid="recalc-run">
      <StatusBadge status={detail.data?.status ?? 'PENDING'} />
      <span>
        {done ? 'Recalculated' : 'Recalculating'}{' '}
        {formatUtcRange({ start: run.start_date, end: run.end_date })}
        {done ? ': the subscription costs include it.' : ''}
      </span>
      <Link
        to="/$org/pipelines/runs/$run_id"
        params={{ org, run_id: run.run_id }}
        className="font-medium text-accent underline underline-offset-2"
      >
        View run
      </Link>
    </li>
  );
}
