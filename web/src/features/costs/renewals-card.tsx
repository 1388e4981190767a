import { useQueries, useQuery } from '@tanstack/react-query';
import type { paths } from '../../api/schema.js';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import { formatMoney } from '../../lib/money.js';
import { nextRenewal, type Renewal } from '../../lib/renewals.js';
import { formatUtcDay } from '../../lib/day-format.js';
import { utcToday } from '../../lib/utc-days.js';
import { saasPlansQuery, saasProvidersQuery } from './queries.js';

const CYCLE: Record<string, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  semi_annual: 'Every 6 months',
  annual: 'Annual',
  custom: 'Custom',
};

const WHAT: Record<Renewal['kind'], string> = {
  renews: 'Renews',
  ends: 'Ends',
  starts: 'Starts',
  ended: 'Ended',
};

type Plan =
  paths['/api/v1/subscriptions/{org}/providers/{provider}/plans']['get']['responses'][200]['content']['application/json']['items'][number];

interface PlanRow {
  plan: Plan;
  next: Renewal;
}

const perSeat = (plan: Plan) => plan.pricing_model === 'PER_SEAT';

// Default order: by the next date (the rows arrive sorted). Price sorts by the plan's own unit price as stored;
// plans in other currencies or per seat are not converted or multiplied (the browser computes no figure).
const COLUMNS: readonly DataColumn<PlanRow>[] = [
  {
    id: 'plan',
    header: 'Plan',
    sortValue: ({ plan }) => plan.display_name ?? plan.plan_name,
    cell: ({ plan }) => (
      <>
        <span className="font-medium">{plan.display_name ?? plan.plan_name}</span>
        <span className="text-muted"> · {plan.provider}</span>
      </>
    ),
  },
  {
    id: 'cycle',
    header: 'Cycle',
    sortValue: ({ plan }) => CYCLE[plan.billing_cycle] ?? plan.billing_cycle,
    cell: ({ plan }) => CYCLE[plan.billing_cycle] ?? plan.billing_cycle,
  },
  {
    id: 'seats',
    header: 'Seats',
    numeric: true,
    sortValue: ({ plan }) => (perSeat(plan) ? plan.seats : null),
    cell: ({ plan }) => (perSeat(plan) ? plan.seats : '—'),
  },
  {
    id: 'price',
    header: 'Price per cycle',
    numeric: true,
    sortValue: ({ plan }) => plan.unit_price,
    cell: ({ plan }) => `${formatMoney(plan.unit_price, plan.currency)}${perSeat(plan) ? ' / seat' : ''}`,
  },
  {
    id: 'next',
    header: 'Next',
    // A switched-off plan has no next date: it sorts last.
    sortValue: ({ plan, next }) => (plan.enabled ? next.on : null),
    cell: ({ plan, next }) => (plan.enabled ? `${WHAT[next.kind]} ${formatUtcDay(next.on)}` : 'Switched off'),
  },
];

/**
 * The org's SaaS plans by their next renewal (from each plan's start, cycle, end and auto-renew; GET
 * /subscriptions/{org}/providers/{provider}/plans per provider with plans). Prices are the plan's own terms.
 */
export function RenewalsCard({ org }: { org: string }) {
  const { api } = useServices();
  const providers = useQuery(saasProvidersQuery(api, org));
  const withPlans = (providers.data?.items ?? []).filter((p) => p.plan_count > 0);
  const plans = useQueries({ queries: withPlans.map((p) => saasPlansQuery(api, org, p.provider)) });
  const failed = providers.error ?? plans.find((q) => q.error)?.error;
  const loading = providers.isPending || plans.some((q) => q.isPending);
  const today = utcToday();
  const rows: PlanRow[] = plans
    .flatMap((q) => q.data?.items ?? [])
    .map((plan) => ({ plan, next: nextRenewal(plan, today) }))
    .filter((r) => r.next.kind !== 'ended')
    .sort((a, b) => (a.next.on < b.next.on ? -1 : a.next.on > b.next.on ? 1 : 0));
  return (
    <Card aria-labelledby="renewals-title" data-testid="renewals">
      <CardTitle>
        <span id="renewals-title">Renewals</span>
      </CardTitle>
      {failed ? (
        <ErrorAlert error={failed} title="Could not load the plans" />
      ) : loading ? (
        <div aria-busy="true" className="space-y-2">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-8" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <p className="text-sm text-muted">No active subscription plan.</p>
      ) : (
        <DataTable
          caption="Renewals"
          columns={COLUMNS}
          rows={rows}
          testId="renewals-table"
          rowId={(r) => r.plan.plan_id}
        />
      )}
    </Card>
  );
}
