import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import type { z } from 'zod';
import type { FreshnessItemSchema } from '../../../../shared/contracts/costs.js';
import { MAX_RUN_DAYS } from '../../../../shared/contracts/pipelines.js';
import { useServices } from '../../app/services.js';
import { RequireRole } from '../org/use-role.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { nextImportRange } from '../../lib/import-range.js';
import { formatDay, formatRange, utcToday } from '../../lib/utc-days.js';
import { freshnessQuery } from '../costs/queries.js';
import { RunStatus } from './run-status.js';

type Item = z.output<typeof FreshnessItemSchema>;

/** "Data through <day>" per provider and credential (GET /costs/{org}/freshness), each with a Run now. */
export function FreshnessCard({ org }: { org: string }) {
  const { api } = useServices();
  const q = useQuery(freshnessQuery(api, org));
  return (
    <Card aria-labelledby="freshness-title" data-testid="freshness">
      <CardTitle>
        <span id="freshness-title">Data freshness</span>
      </CardTitle>
      {q.isPending ? (
        <div className="space-y-2" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </div>
      ) : q.isError ? (
        <ErrorAlert error={q.error} title="Could not load the freshness" />
      ) : q.data.items.length === 0 ? (
        <p className="text-sm text-muted">No pipeline has run yet.</p>
      ) : (
        <ul className="divide-y divide-line text-sm">
          {q.data.items.map((item) => (
            <FreshnessRow key={`${item.pipeline_id}|${item.credential_id ?? ''}`} org={org} item={item} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function FreshnessRow({ org, item }: { org: string; item: Item }) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<string>();
  const range = nextImportRange(item.data_through, utcToday(), MAX_RUN_DAYS);
  const run = useMutation({
    mutationFn: async () => {
      const [provider, domain, pipeline] = item.pipeline_id.split('/') as [string, string, string];
      const { data } = await api.POST('/api/v1/pipelines/run/{org}/{provider}/{domain}/{pipeline}', {
        params: { path: { org, provider, domain, pipeline } },
        body: {
          start_date: range.start,
          end_date: range.end,
          ...(item.credential_id ? { credential_id: item.credential_id } : {}),
        },
      });
      return data!;
    },
    onSuccess: async (data) => {
      setStarted(data.run_id);
      await queryClient.invalidateQueries({ queryKey: ['org', org, 'runs'] });
      await queryClient.invalidateQueries({ queryKey: ['org', org, 'costs', 'freshness'] });
    },
  });
  return (
    <li className="py-2">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">
            {item.provider}
            {item.credential_name ? (
              <span className="font-normal text-muted"> · {item.credential_name}</span>
            ) : null}
          </p>
          <p className="text-xs text-muted" data-testid={`data-through-${item.provider}`}>
            {item.data_through ? `Data through ${formatDay(item.data_through)}` : 'No data imported yet'}
            {item.last_run ? (
              <>
                {' · last run '}
                <RunStatus status={item.last_run.status} />
              </>
            ) : null}
          </p>
        </div>
        <RequireRole min="member">
          {(disabled) => (
            <Button
              variant="secondary"
              size="sm"
              className="shrink-0 whitespace-nowrap"
              disabled={disabled || run.isPending}
              aria-label={`Run now: ${item.pipeline_id}, ${formatRange(range)}`}
              title={`Import ${formatRange(range)}`}
              onClick={() => run.mutate()}
            >
              <Play aria-hidden="true" className="size-3.5" />
              Run now
            </Button>
          )}
        </RequireRole>
      </div>
      {run.isError ? (
        <div className="mt-2">
          <ErrorAlert error={run.error} title="The run did not start" />
        </div>
      ) : null}
      {started ? (
        <p role="status" className="mt-1 text-xs text-success">
          Started a run for {formatRange(range)}.
        </p>
      ) : null}
    </li>
  );
}
