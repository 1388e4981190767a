import { getRouteApi } from '@tanstack/react-router';
import { useMembership } from '../features/org/use-role.js';
import { CatalogueCard } from '../features/pipelines/catalogue-card.js';
import { HistoryCard } from '../features/pipelines/history-card.js';
import { QuotaLeft } from '../features/pipelines/run-dialog.js';

const route = getRouteApi('/$org/pipelines');

/** `/$org/pipelines`: what the org can run, Run now with a date range, and every run so far. */
export function PipelinesPage() {
  const { org } = useMembership();
  const filters = route.useSearch();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Pipelines</h1>
          <p className="mt-1 text-sm text-muted">
            Import cost and usage data from your providers for a date range, and follow each run step by step.
          </p>
        </div>
        <div className="w-full max-w-md">
          <QuotaLeft org={org} />
        </div>
      </div>
      <CatalogueCard org={org} />
      <HistoryCard org={org} filters={filters} />
    </div>
  );
}
