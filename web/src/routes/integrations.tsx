import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useServices } from '../app/services.js';
import { integrationsQuery, orgProfileQuery, quotaQuery } from '../app/queries.js';
import { Alert, ErrorAlert } from '../components/ui/alert.js';
import { Skeleton } from '../components/ui/skeleton.js';
import { useMembership } from '../features/org/use-role.js';
import { freshnessQuery } from '../features/costs/queries.js';
import { pipelineCatalogueQuery, providersQuery } from '../features/integrations/queries.js';
import { ProviderCard, type CredentialAction } from '../features/integrations/provider-card.js';
import { SetupDialog } from '../features/integrations/setup-dialog.js';
import { DeleteDialog, RenameDialog } from '../features/integrations/credential-dialogs.js';
import { ImportDialog } from '../features/integrations/import-dialog.js';
import {
  maskedFingerprint,
  pipelinesOf,
  type Integration,
  type ProviderInfo,
} from '../features/integrations/model.js';

type Open =
  | { kind: 'connect'; info: ProviderInfo }
  | { kind: CredentialAction; info: ProviderInfo; credential: Integration };

/** `/$org/integrations`: a card per provider (cloud, then GenAI) with its credentials, setup and upkeep. */
export function IntegrationsPage() {
  const { org } = useMembership();
  const { api } = useServices();
  const providers = useQuery(providersQuery(api, org));
  const integrations = useQuery(integrationsQuery(api, org));
  const freshness = useQuery(freshnessQuery(api, org));
  const quota = useQuery(quotaQuery(api, org));
  const catalogue = useQuery(pipelineCatalogueQuery(api));
  const profile = useQuery(orgProfileQuery(api, org));
  const timeZone = profile.data?.timezone ?? 'UTC';
  const [open, setOpen] = useState<Open>();
  const [connected, setConnected] = useState<{ provider: string; name: string; fingerprint: string }>();
  const error = providers.error ?? integrations.error;
  const close = () => setOpen(undefined);

  const section = (category: 'cloud' | 'genai', title: string, lead: string) => {
    const items = providers.data!.items.filter((p) => p.category === category);
    return (
      <section aria-labelledby={`${category}-providers`} className="space-y-3">
        <div>
          <h2 id={`${category}-providers`} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-muted">{lead}</p>
        </div>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {items.map((info) => (
            <ProviderCard
              key={info.id}
              org={org}
              info={info}
              credentials={integrations.data!.items.filter((c) => c.provider === info.id)}
              freshness={freshness.data?.items ?? []}
              timeZone={timeZone}
              onConnect={() => {
                setConnected(undefined);
                setOpen({ kind: 'connect', info });
              }}
              onAction={(kind, credential) => setOpen({ kind, info, credential })}
            />
          ))}
        </div>
      </section>
    );
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Integrations</h1>
          <p className="mt-1 text-sm text-muted">
            Connect your cloud billing exports and GenAI providers. Each credential is checked with its
            provider, stored encrypted and never shown again.
          </p>
        </div>
        {quota.data ? (
          <p className="text-sm" data-testid="provider-limit">
            <span className="font-medium tabular-nums">
              {quota.data.providers.used} of {quota.data.providers.limit}
            </span>{' '}
            <span className="text-muted">providers on the {quota.data.plan.toLowerCase()} plan</span>
          </p>
        ) : null}
      </div>
      {quota.data && quota.data.providers.used >= quota.data.providers.limit ? (
        <Alert title="Provider limit reached">
          <p>
            More credentials of a connected provider are fine; a new provider needs a larger plan (Settings →
            Billing).
          </p>
        </Alert>
      ) : null}
      {connected ? (
        <div data-testid="connected">
          <Alert title={`${connected.provider} connected`}>
            <p>
              &quot;{connected.name}&quot; ({maskedFingerprint(connected.fingerprint)}) is valid and stored.
              Run its first import from Pipelines.
            </p>
          </Alert>
        </div>
      ) : null}
      {error ? (
        <ErrorAlert error={error} title="Could not load the integrations" />
      ) : !providers.data || !integrations.data ? (
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-busy="true">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-40" />
          ))}
        </div>
      ) : (
        <>
          {section('cloud', 'Cloud', 'Billing exports of your cloud accounts (FOCUS and native formats).')}
          {section('genai', 'GenAI', 'Token usage and cost of your AI providers, priced per model.')}
        </>
      )}
      {open?.kind === 'connect' ? (
        <SetupDialog
          org={org}
          info={open.info}
          onClose={close}
          onConnected={(c) => {
            setConnected({ provider: open.info.name, name: c.name, fingerprint: c.fingerprint });
            close();
          }}
        />
      ) : null}
      {open?.kind === 'rename' ? (
        <RenameDialog org={org} info={open.info} credential={open.credential} onClose={close} />
      ) : null}
      {open?.kind === 'delete' ? (
        <DeleteDialog
          org={org}
          info={open.info}
          credential={open.credential}
          scheduled={pipelinesOf(catalogue.data?.items ?? [], open.info.id).scheduled}
          onClose={close}
        />
      ) : null}
      {open?.kind === 'import' ? (
        <ImportDialog org={org} info={open.info} credential={open.credential} onClose={close} />
      ) : null}
    </div>
  );
}
