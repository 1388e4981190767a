import { useQuery } from '@tanstack/react-query';
import { useServices } from '../app/services.js';
import { integrationsQuery, orgProfileQuery } from '../app/queries.js';
import { useMembership } from '../features/org/use-role.js';
import { QuotaCard } from '../features/org/quota-card.js';
import { ConnectProvider } from '../features/org/connect-provider.js';
import { useCostFilters } from '../features/costs/use-cost-filters.js';
import { FilterBar } from '../features/costs/filter-bar.js';
import { HierarchyChart, ProvidersChart, ServicesChart, TrendChart } from '../features/costs/cost-charts.js';
import { DashboardKpis } from '../features/dashboard/kpis.js';
import { FreshnessCard } from '../features/dashboard/freshness-card.js';
import { RecentRunsCard } from '../features/dashboard/recent-runs-card.js';
import { Card } from '../components/ui/card.js';
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
      {integrations.isPending ? (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card aria-busy="true" className="lg:col-span-2">
            <Skeleton className="h-6 w-1/2" />
            <Skeleton className="mt-4 h-24" />
          </Card>
          <QuotaCard org={org} />
        </div>
      ) : integrations.isError ? (
        <ErrorAlert error={integrations.error} title="Could not load the integrations" />
      ) : integrations.data.items.length === 0 ? (
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <ConnectProvider org={org} />
          </div>
          <QuotaCard org={org} />
        </div>
      ) : (
        <CostOverview org={org} />
      )}
    </div>
  );
}

function CostOverview({ org }: { org: string }) {
  const filters = useCostFilters();
  return (
    <div className="space-y-6">
      <FilterBar org={org} filters={filters} />
      <DashboardKpis org={org} filters={filters} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <TrendChart org={org} filters={filters} />
          <div className="grid gap-6 xl:grid-cols-2">
            <ProvidersChart org={org} filters={filters} />
            <ServicesChart org={org} filters={filters} />
          </div>
          <HierarchyChart org={org} filters={filters} />
        </div>
        <div className="min-w-0 space-y-6">
          <FreshnessCard org={org} />
          <QuotaCard org={org} />
          <RecentRunsCard org={org} />
        </div>
      </div>
    </div>
  );
}

const titleCase = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();
