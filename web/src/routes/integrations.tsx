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
  type FreshnessItem,
  type Integration,
  type ProviderInfo,
} from '../features/integrations/model.js';

type Open =
  | { kind: 'connect'; info: ProviderInfo }
  | { kind: CredentialAction; info: ProviderInfo; credential: Integration };

/** A credential just connected; `imports`: its usage comes as a file (the provider has no usage API). */
type Connected = { provider: string; name: string; fingerprint: string; imports: boolean };

/** `/$org/integrations`: a card per provider (cloud, then GenAI) with its credentials, setup and upkeep. */
export function IntegrationsPage() {
  const { org } = useMembership();
  const { api } = useServices();
  const providers = useQuery(providersQuery(api, org));
  const integrations = useQuery(integrationsQuery(api, org));
  const freshness = useQuery(freshnessQuery(api, org));
  const catalogue = useQuery(pipelineCatalogueQuery(api));
  const profile = useQuery(orgProfileQuery(api, org));
  const timeZone = profile.data?.timezone ?? 'UTC';
  const [open, setOpen] = useState<Open>();
  const [connected, setConnected] = useState<Connected>();
  const error = providers.error ?? integrations.error;

  const section = (category: 'cloud' | 'genai', title: string, lead: string) => (
    <ProviderSection
      category={category}
      title={title}
      lead={lead}
      org={org}
      providers={providers.data!.items.filter((p) => p.category === category)}
      credentials={integrations.data!.items}
      freshness={freshness.data?.items ?? []}
      timeZone={timeZone}
      onConnect={(info) => {
        setConnected(undefined);
        setOpen({ kind: 'connect', info });
      }}
      onAction={(kind, info, credential) => setOpen({ kind, info, credential })}
    />
  );

  return (
    <div className="space-y-6">
      <IntegrationsHeader org={org} />
      {connected ? (
        <div data-testid="connected">
          <Alert title={`${connected.provider} connected`}>
            <p>
              &quot;{connected.name}&quot; ({maskedFingerprint(connected.fingerprint)}) is valid and stored.{' '}
              {connected.imports
                ? 'Import its usage with "Import usage" on its card, then run its pipeline from Pipelines to price it.'
                : 'Run its first import from Pipelines.'}
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
      <OpenDialog
        org={org}
        open={open}
        scheduledOf={(provider) => pipelinesOf(catalogue.data?.items ?? [], provider).scheduled}
        onClose={() => setOpen(undefined)}
        onConnected={setConnected}
      />
    </div>
  );
}

/** The title and lead, the plan's provider count, and a note when the plan's provider limit is reached. */
function IntegrationsHeader({ org }: { org: string }) {
  const { api } = useServices();
  const quota = useQuery(quotaQuery(api, org));
  return (
    <>
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
    </>
  );
}

/** One category's providers, a card each with that provider's credentials. */
function ProviderSection(props: {
  category: 'cloud' | 'genai';
  title: string;
  lead: string;
  org: string;
  providers: ProviderInfo[];
  credentials: Integration[];
  freshness: readonly FreshnessItem[];
  timeZone: string;
  onConnect: (info: ProviderInfo) => void;
  onAction: (kind: CredentialAction, info: ProviderInfo, credential: Integration) => void;
}) {
  const { category } = props;
  return (
    <section aria-labelledby={`${category}-providers`} className="space-y-3">
      <div>
        <h2 id={`${category}-providers`} className="text-lg font-semibold">
          {props.title}
        </h2>
        <p className="text-sm text-muted">{props.lead}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {props.providers.map((info) => (
          <ProviderCard
            key={info.id}
            org={props.org}
            info={info}
            credentials={props.credentials.filter((c) => c.provider === info.id)}
            freshness={props.freshness}
            timeZone={props.timeZone}
            onConnect={() => props.onConnect(info)}
            onAction={(kind, credential) => props.onAction(kind, info, credential)}
          />
        ))}
      </div>
    </section>
  );
}

/** The dialog of the action under way: connect, rename, delete or import. */
function OpenDialog(props: {
  org: string;
  open: Open | undefined;
  scheduledOf: (provider: string) => ReturnType<typeof pipelinesOf>['scheduled'];
  onClose: () => void;
  onConnected: (c: Connected) => void;
}) {
  const { org, open, onClose: close } = props;
  switch (open?.kind) {
    case 'connect':
      return (
        <SetupDialog
          org={org}
          info={open.info}
          onClose={close}
          onConnected={(c) => {
            props.onConnected({
              provider: open.info.name,
              name: c.name,
              fingerprint: c.fingerprint,
              imports: open.info.usage_import,
            });
            close();
          }}
        />
      );
    case 'rename':
      return <RenameDialog org={org} info={open.info} credential={open.credential} onClose={close} />;
    case 'delete':
      return (
        <DeleteDialog
          org={org}
          info={open.info}
          credential={open.credential}
          scheduled={props.scheduledOf(open.info.id)}
          onClose={close}
        />
      );
    case 'import':
      return <ImportDialog org={org} info={open.info} credential={open.credential} onClose={close} />;
    default:
      return null;
  }
}
