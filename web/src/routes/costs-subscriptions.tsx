import { CostTypePage } from '../features/costs/view-page.js';

/** `/$org/costs/subscriptions`: SaaS subscription cost by provider, service and plan. */
export function SubscriptionCostsPage() {
  return (
    <CostTypePage
      kind="subscriptions"
      title="Subscription costs"
      intro="SaaS subscriptions by provider and plan: billed when invoiced, effective spread over each day of the plan."
    />
  );
}
