import { CostTypePage } from '../features/costs/view-page.js';

/** `/$org/costs/cloud`: cloud cost by provider, service, account and region. */
export function CloudCostsPage() {
  return (
    <CostTypePage
      kind="cloud"
      title="Cloud costs"
      intro="AWS, Google Cloud, Azure and OCI billing by provider and service (FOCUS ServiceName and ServiceCategory), account and region."
    />
  );
}
