import { useQuery } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { formatRange } from '../../lib/utc-days.js';
import { recentRunsQuery } from '../costs/queries.js';
import { RunStatus } from './run-status.js';

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso)) + ' UTC';

/** The latest pipeline runs (GET /pipelines/{org}/runs?limit=5, newest first). */
export function RecentRunsCard({ org }: { org: string }) {
  const { api } = useServices();
  const q = useQuery(recentRunsQuery(api, org, 5));
  return (
    <Card aria-labelledby="runs-title" data-testid="recent-runs">
      <CardTitle>
        <span id="runs-title">Recent pipeline runs</span>
      </CardTitle>
      {q.isPending ? (
        <div className="space-y-2" aria-busy="true">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </div>
      ) : q.isError ? (
        <ErrorAlert error={q.error} title="Could not load the runs" />
      ) : q.data.items.length === 0 ? (
        <p className="text-sm text-muted">No runs yet.</p>
      ) : (
        <ul className="divide-y divide-line text-sm">
          {q.data.items.map((r) => (
            <li key={r.run_id} className="py-2">
              <div className="flex justify-between gap-2">
                <span className="truncate font-medium">{r.pipeline_id}</span>
                <RunStatus status={r.status} />
              </div>
              <p className="text-xs text-muted">
                {formatRange({ start: r.start_date, end: r.end_date })} · {r.trigger} ·{' '}
                <span data-volatile>{when(r.created_at)}</span>
              </p>
              {r.error ? <p className="mt-1 text-xs text-danger">{r.error}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
