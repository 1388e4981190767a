import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useServices } from '../app/services.js';
import { orgProfileQuery } from '../app/queries.js';
import { saasPlansQuery, saasProvidersQuery } from '../features/costs/queries.js';
import { RenewalsCard } from '../features/costs/renewals-card.js';
import { useMembership } from '../features/org/use-role.js';
import { addStale, earliestStart, type Stale } from '../features/subscriptions/model.js';
import { PlansCard } from '../features/subscriptions/plans-card.js';
import { ProvidersCard } from '../features/subscriptions/providers-card.js';
import { RecalculatePanel } from '../features/subscriptions/recalculate.js';
import { Card } from '../components/ui/card.js';
import { utcToday } from '../lib/utc-days.js';

const route = getRouteApi('/$org/subscriptions');

/**
 * `/$org/subscriptions`: the SaaS plans the org pays for (providers, plans, dated changes, renewals). Their cost is
 * at /$org/costs/subscriptions; after an edit the page offers to recalculate it.
 */
export function SubscriptionsPage() {
  const { org } = useMembership();
  const { provider } = route.useSearch();
  const { api } = useServices();
  const queryClient = useQueryClient();
  const providers = useQuery(saasProvidersQuery(api, org));
  const profile = useQuery(orgProfileQuery(api, org));
  const [stale, setStale] = useState<Stale>();
  const today = utcToday();
  const selected = providers.data?.items.find((p) => p.provider === provider);
  const edited = (from: string, what: string) => setStale((s) => addStale(s, from, what));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">SaaS subscriptions</h1>
          <p className="mt-1 text-sm text-muted">
            The tools you pay for by seat or flat fee: their plans, billing cycles, seat and price changes,
            and what renews next.
          </p>
        </div>
        <Link
          to="/$org/costs/subscriptions"
          params={{ org }}
          className="text-sm font-medium text-accent underline underline-offset-2"
        >
          See subscription costs
        </Link>
      </div>
      <RecalculatePanel org={org} stale={stale} today={today} onStarted={() => setStale(undefined)} />
      <ProvidersCard
        org={org}
        selected={provider}
        onToggled={(p, enabled) => {
          // Disabled: no cost from today. Enabled again: its plans accrue as if never off, so every day since
          // their start is recomputed (the provider's off-day is not in the list).
          if (!enabled) return edited(today, `${p.display_name} disabled`);
          if (p.plan_count === 0) return;
          void queryClient
            .fetchQuery(saasPlansQuery(api, org, p.provider))
            .then((plans) => earliestStart(plans.items))
            .then((from) => (from ? edited(from, `${p.display_name} enabled`) : undefined));
        }}
      />
      {selected ? (
        <PlansCard
          key={selected.provider}
          org={org}
          provider={selected}
          orgCurrency={profile.data?.currency ?? 'USD'}
          today={today}
          onEdited={edited}
        />
      ) : (
        <Card aria-label="Plans">
          <p className="text-sm text-muted">
            {provider && providers.data
              ? `No SaaS provider “${provider}”. Choose one from the list.`
              : 'Choose a provider to see and edit its plans.'}
          </p>
        </Card>
      )}
      <RenewalsCard org={org} />
    </div>
  );
}
