import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Play } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { integrationsQuery } from '../../app/queries.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { RequireRole } from '../org/use-role.js';
import { readiness, sortCatalogue, type Integration, type PipelineInfo, type Readiness } from './model.js';
import { catalogueQuery } from './queries.js';
import { RunDialog } from './run-dialog.js';
import { PROVIDER_SCHEMAS } from '../../../../shared/contracts/provider-schemas.js';

/**
 * Every pipeline the platform runs (GET /validator/pipelines), marked ready for this org (no integration needed,
 * or a valid credential of its provider) or what it is missing; ready ones have "Run now".
 */
export function CatalogueCard({ org }: { org: string }) {
  const { api } = useServices();
  const catalogue = useQuery(catalogueQuery(api));
  const integrations = useQuery(integrationsQuery(api, org));
  const [running, setRunning] = useState<{ pipeline: PipelineInfo; credentials: Integration[] }>();
  const error = catalogue.error ?? integrations.error;
  const rows =
    catalogue.data && integrations.data
      ? sortCatalogue(
          catalogue.data.items.map((pipeline) => ({
            pipeline,
            readiness: readiness(pipeline, integrations.data.items),
          })),
        )
      : undefined;
  const ready = rows?.filter((r) => r.readiness.kind === 'ready').length ?? 0;
  return (
    <Card aria-labelledby="catalogue-title" data-testid="catalogue">
      <CardTitle>
        <span id="catalogue-title">Pipelines</span>
      </CardTitle>
      {rows ? (
        <p className="mb-3 text-sm text-muted">
          {ready} of {rows.length} can run for this organization. Each imports a date range for one provider
          and turns it into FOCUS cost rows.
        </p>
      ) : null}
      {error ? (
        <ErrorAlert error={error} title="Could not load the pipelines" />
      ) : !rows ? (
        <div className="space-y-2" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-14" />
          ))}
        </div>
      ) : (
        <ul className="divide-y divide-line">
          {rows.map(({ pipeline, readiness: r }) => (
            <CatalogueRow
              key={pipeline.pipeline_id}
              org={org}
              pipeline={pipeline}
              readiness={r}
              onRun={(credentials) => setRunning({ pipeline, credentials })}
            />
          ))}
        </ul>
      )}
      {running ? (
        <RunDialog
          org={org}
          pipeline={running.pipeline}
          credentials={running.credentials}
          onClose={() => setRunning(undefined)}
        />
      ) : null}
    </Card>
  );
}

/** One pipeline: its id, readiness, schedule, description and steps; "Run now" when ready, else what to fix. */
function CatalogueRow(props: {
  org: string;
  pipeline: PipelineInfo;
  readiness: Readiness;
  onRun: (credentials: Integration[]) => void;
}) {
  const { org, pipeline, readiness: r } = props;
  return (
    <li
      className="flex flex-wrap items-start justify-between gap-3 py-3"
      data-testid={`pipeline-${pipeline.pipeline_id}`}
    >
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium">{pipeline.pipeline_id}</span>
          <ReadinessBadge readiness={r} />
          {pipeline.daily ? (
            <span className="rounded-full border border-line px-2 py-0.5 text-xs text-muted">Runs daily</span>
          ) : null}
        </p>
        <p className="line-clamp-2 text-sm text-muted" title={pipeline.description}>
          {pipeline.description}
        </p>
        <p className="text-xs text-muted">
          {pipeline.steps.length} steps: {pipeline.steps.map((s) => s.step_id).join(', ')} ·{' '}
          <Link
            to="/$org/pipelines"
            params={{ org }}
            search={{ pipeline_id: pipeline.pipeline_id }}
            className="text-accent underline underline-offset-2"
            aria-label={`Runs of ${pipeline.pipeline_id}`}
          >
            Runs
          </Link>
        </p>
      </div>
      {r.kind === 'ready' ? (
        <RequireRole min="member">
          {(disabled) => (
            <Button
              size="sm"
              variant="secondary"
              disabled={disabled}
              aria-label={`Run now: ${pipeline.pipeline_id}`}
              onClick={() => props.onRun(r.credentials)}
            >
              <Play aria-hidden="true" className="size-3.5" />
              Run now
            </Button>
          )}
        </RequireRole>
      ) : (
        <Link
          to="/$org/integrations"
          params={{ org }}
          className="text-sm text-accent underline underline-offset-2"
          aria-label={`${r.kind === 'missing' ? 'Connect' : 'Fix'} ${nameOf(r.provider)} to run ${pipeline.pipeline_id}`}
        >
          {r.kind === 'missing' ? `Connect ${nameOf(r.provider)}` : `Fix ${nameOf(r.provider)}`}
        </Link>
      )}
    </li>
  );
}

/** A provider's display name (the integrations catalogue's), or its id when it has none. */
const nameOf = (provider: string): string =>
  (PROVIDER_SCHEMAS as Record<string, { name: string } | undefined>)[provider]?.name ?? provider;

function ReadinessBadge({ readiness: r }: { readiness: Readiness }) {
  const base = 'rounded-full border px-2 py-0.5 text-xs font-medium';
  if (r.kind === 'ready')
    return (
      <span className={`${base} border-success/50 text-success`}>
        Ready{r.credentials.length > 1 ? ` · ${r.credentials.length} credentials` : ''}
      </span>
    );
  return (
    <span className={`${base} border-line text-muted`}>
      {r.kind === 'missing'
        ? `Needs the ${nameOf(r.provider)} integration`
        : `${nameOf(r.provider)} integration invalid`}
    </span>
  );
}
