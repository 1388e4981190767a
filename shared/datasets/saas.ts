import type { TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { hierarchyColumns, lineageColumns } from './lineage.js';

// SaaS subscription tables. subscription_plans is written by the API (plans entered by hand), so it has no x_*
// columns; subscription_plan_costs_daily is written by the subscription pipeline and carries the lineage columns.

/** `subscription_plans`: SaaS subscriptions entered by hand through the API (no pipeline lineage). */
export const subscriptionPlans: TableDef = {
  name: 'subscription_plans',
  description: 'SaaS subscription plans of the org, maintained through the API.',
  version: 1,
  columns: [
    col('org_slug', 'STRING', 'Organization slug that owns the plan.', true),
    col('subscription_id', 'STRING', 'Primary key of the subscription.', true),
    col('provider', 'STRING', 'SaaS vendor slug, e.g. slack, chatgpt_team, figma.', true),
    col('plan_name', 'STRING', 'Plan tier, e.g. pro, team, enterprise.', true),
    col('display_name', 'STRING', 'Human-readable name for reports.'),
    col('category', 'STRING', 'Functional category, e.g. ai, devops, design, productivity.'),
    col('status', 'STRING', 'active | cancelled | expired.', true),
    col('start_date', 'DATE', 'First day costs accrue.', true),
    col('end_date', 'DATE', 'Last day costs accrue; NULL while open-ended.'),
    col('billing_cycle', 'STRING', 'monthly | quarterly | semi-annual | annual.', true),
    col('billing_anchor_day', 'INT64', 'Day of month (1-28) a cycle starts; NULL = calendar-aligned.'),
    col('pricing_model', 'STRING', 'PER_SEAT (unit_price x seats) | FLAT_FEE (unit_price).', true),
    col('seats', 'INT64', 'Licensed seats (PER_SEAT plans).'),
    col('unit_price', 'NUMERIC', 'Price per billing cycle (per seat for PER_SEAT), in currency.', true),
    currency,
    col('discount_type', 'STRING', 'percent | fixed; NULL when no discount.'),
    col('discount_value', 'NUMERIC', 'Discount per cycle: percentage points or an amount in currency.'),
    col('auto_renew', 'BOOL', 'Whether the plan renews at end_date.'),
    col('renewal_date', 'DATE', 'Next renewal date.'),
    col('contract_id', 'STRING', 'Vendor contract reference.'),
    col('invoice_id_last', 'STRING', 'Most recent vendor invoice id.'),
    col('owner_email', 'STRING', 'Budget owner notified about the plan.'),
    col('notes', 'STRING', 'Free-text notes.'),
    col(
      'hierarchy_entity_id',
      'STRING',
      'Hierarchy entity the plan is allocated to (copied to x_hierarchy_* on costs).',
    ),
    col('hierarchy_entity_name', 'STRING', 'Display name of the hierarchy entity.'),
    col('hierarchy_level_code', 'STRING', 'department | project | team.'),
    col('hierarchy_path', 'STRING', 'Entity ids from the root, e.g. /DEPT-001/PROJ-001.'),
    col('hierarchy_path_names', 'STRING', 'Entity names from the root.'),
    col('created_at', 'TIMESTAMP', 'When the plan was created.', true),
    col('updated_at', 'TIMESTAMP', 'When the plan was last changed.', true),
  ],
  clusterBy: ['provider'],
};

/** `subscription_plan_costs_daily`: each plan's cost spread over the days of its billing cycles. */
export const subscriptionPlanCostsDaily: TableDef = {
  name: 'subscription_plan_costs_daily',
  description:
    'Daily amortized cost per SaaS subscription, expanded from subscription_plans by billing cycle.',
  version: 2,
  columns: [
    col('cost_date', 'DATE', 'Day the cost applies to.', true),
    col('subscription_id', 'STRING', 'subscription_plans.subscription_id.', true),
    col('provider', 'STRING', 'SaaS vendor slug.', true),
    col('plan_name', 'STRING', 'Plan tier.', true),
    col('display_name', 'STRING', 'Human-readable name.'),
    col('category', 'STRING', 'Functional category of the tool.'),
    col('billing_cycle', 'STRING', 'monthly | quarterly | semi-annual | annual.', true),
    col('pricing_model', 'STRING', 'PER_SEAT | FLAT_FEE.', true),
    col('seats', 'INT64', 'Seats billed on this day.'),
    col('cycle_start_date', 'DATE', 'First day of the billing cycle containing cost_date.', true),
    col('cycle_end_date', 'DATE', 'Last day of the billing cycle containing cost_date.', true),
    col('days_in_cycle', 'INT64', 'Days in the billing cycle.', true),
    col('is_prorated', 'BOOL', 'True when the cycle is cut by start_date or end_date.'),
    col('cycle_cost', 'NUMERIC', 'Cost of the whole cycle after discounts.', true),
    col('list_cycle_cost', 'NUMERIC', 'Cost of the whole cycle before discounts.'),
    col('daily_cost', 'NUMERIC', 'cycle_cost spread over the days of the cycle.', true),
    col('daily_list_cost', 'NUMERIC', 'list_cycle_cost spread over the days of the cycle.'),
    col(
      'billed_cost',
      'NUMERIC',
      "What the cycle is invoiced (its days' costs summed, prorated) on the cycle's first day; 0 on other days.",
    ),
    currency,
    ...lineageColumns,
    ...hierarchyColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'subscription_id'],
};
