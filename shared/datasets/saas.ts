import type { TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema } from '../ports/warehouse/tables/schema-file.js';
import { currency } from './columns.js';
import { hierarchyColumns, lineageColumns } from './lineage.js';
import planCosts from './schemas/subscription_plan_costs_daily.json' with { type: 'json' };
import plans from './schemas/subscription_plans.json' with { type: 'json' };

// SaaS subscription tables. subscription_plans is written by the API (plans entered by hand), so it has no x_*
// columns; subscription_plan_costs_daily is written by the subscription pipeline and carries the lineage columns.

/** `subscription_plans`: SaaS subscriptions entered by hand through the API (no pipeline lineage). */
export const subscriptionPlans: TableDef = tableFromSchema(plans, {
  name: 'subscription_plans',
  description: 'SaaS subscription plans of the org, maintained through the API.',
  version: 1,
  after: { unit_price: [currency] },
  clusterBy: ['provider'],
});

/** `subscription_plan_costs_daily`: each plan's cost spread over the days of its billing cycles. */
export const subscriptionPlanCostsDaily: TableDef = tableFromSchema(planCosts, {
  name: 'subscription_plan_costs_daily',
  description:
    'Daily amortized cost per SaaS subscription, expanded from subscription_plans by billing cycle.',
  version: 2,
  append: [currency, ...lineageColumns, ...hierarchyColumns],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'subscription_id'],
});
