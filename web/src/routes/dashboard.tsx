import { useQuery } from '@tanstack/react-query';
import { useServices } from '../app/services.js';
import { integrationsQuery, orgProfileQuery } from '../app/queries.js';
import { useMembership } from '../features/org/use-role.js';
import { QuotaCard } from '../features/org/quota-card.js';
import { ConnectProvider } from '../features/org/connect-provider.js';
import { Card, CardTitle } from '../components/ui/card.js';
import { ErrorAlert } from '../components/ui/alert.js';
import { Skeleton } from '../components/ui/skeleton.js';

/** `/$org/dashboard`: the org at a glance. Without a connected provider, how to connect one. */
export function DashboardPage() {
  const { api } = useServices();
  const { org, membership } = useMembership();
  const profile = useQuery(orgProfileQuery(api, org));
  const integrations = useQuery(integrationsQuery(api, org));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{membership?.org_name ?? org}</h1>
        <p className="mt-1 text-sm text-muted">
          {membership ? `${titleCase(membership.plan)} plan · ${titleCase(membership.status)}` : null}
          {profile.data ? ` · ${profile.data.currency} · ${profile.data.timezone}` : null}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {integrations.isPending ? (
            <Card aria-busy="true">
              <Skeleton className="h-6 w-1/2" />
              <Skeleton className="mt-4 h-24" />
            </Card>
          ) : integrations.isError ? (
            <ErrorAlert error={integrations.error} title="Could not load the integrations" />
          ) : integrations.data.items.length === 0 ? (
            <ConnectProvider org={org} />
          ) : (
            <Card aria-labelledby="providers-title">
              <CardTitle>
                <span id="providers-title">Connected providers</span>
              </CardTitle>
              <ul className="divide-y divide-line text-sm">
                {integrations.data.items.map((i) => (
                  <li key={i.credential_id} className="flex justify-between py-2">
                    <span>
                      {i.provider} · {i.name}
                    </span>
                    <span className="text-muted">{i.status}</span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
        <QuotaCard org={org} />
      </div>
    </div>
  );
}

const titleCase = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();
