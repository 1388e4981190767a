import { useQueries, useQuery } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { formatMoney } from '../../lib/money.js';
import { nextRenewal, type Renewal } from '../../lib/renewals.js';
import { formatDay, utcToday } from '../../lib/utc-days.js';
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
  const rows = plans
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
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="renewals-table">
            <thead className="text-xs text-muted">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Plan
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Cycle
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  Seats
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  Price per cycle
                </th>
                <th scope="col" className="py-2 font-medium">
                  Next
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {rows.map(({ plan, next }) => (
                <tr key={plan.plan_id}>
                  <td className="py-1.5 pr-3">
                    <span className="font-medium">{plan.display_name ?? plan.plan_name}</span>
                    <span className="text-muted"> · {plan.provider}</span>
                  </td>
                  <td className="py-1.5 pr-3">{CYCLE[plan.billing_cycle] ?? plan.billing_cycle}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">
                    {plan.pricing_model === 'PER_SEAT' ? plan.seats : '—'}
                  </td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">
                    {formatMoney(plan.unit_price, plan.currency)}
                    {plan.pricing_model === 'PER_SEAT' ? ' / seat' : ''}
                  </td>
                  <td className="py-1.5">
                    {plan.enabled ? `${WHAT[next.kind]} ${formatDay(next.on)}` : 'Switched off'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
