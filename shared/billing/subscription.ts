/**
 * The one writer of an org's plan and status after onboarding: checkout without Stripe, the Stripe webhook and the
 * trial-expiry job all change a subscription here, so limits always follow the plan and every plan or status
 * change lands in `plan_change_audit` with its before and after.
 */
import type { Queryable } from '../ports/database/port.js';
import type { Plan } from '../contracts/common.js';
import { PLAN_LIMITS } from '../orgs/plans.js';
import { notFound } from '../errors/index.js';

export type SubscriptionStatus = 'TRIAL' | 'ACTIVE' | 'SUSPENDED' | 'CANCELLED' | 'EXPIRED';

export interface SubscriptionRow {
  org_slug: string;
  plan: Plan;
  status: SubscriptionStatus;
  trial_ends_at: Date | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_price_id: string | null;
  stripe_event_created: Date | null;
  stripe_event_id: string | null;
}

/** Fields to change; absent ones keep their value. */
export type SubscriptionChange = Partial<Omit<SubscriptionRow, 'org_slug'>>;

export interface ChangedBy {
  /** `user:<id>`, `api_key:<id>`, `root`, `stripe:<event id>` or `job:<name>`. */
  actor: string;
  source: 'checkout' | 'webhook' | 'trial_expiry' | 'operator';
  requestId?: string | undefined;
  details?: Record<string, unknown>;
}

const COLUMNS = [
  'plan',
  'status',
  'trial_ends_at',
  'current_period_end',
  'cancel_at_period_end',
  'stripe_customer_id',
  'stripe_subscription_id',
  'stripe_price_id',
  'stripe_event_created',
  'stripe_event_id',
] as const satisfies readonly (keyof SubscriptionChange)[];

/** The org's subscription row, locked for the rest of `tx` (every change of one org is decided one at a time). */
export async function lockSubscription(tx: Queryable, orgSlug: string): Promise<SubscriptionRow> {
  const { rows } = await tx.query<SubscriptionRow>(
    `SELECT org_slug, plan, status, trial_ends_at, current_period_end, cancel_at_period_end, stripe_customer_id,
       stripe_subscription_id, stripe_price_id, stripe_event_created, stripe_event_id
     FROM org_subscriptions WHERE org_slug = $1 FOR UPDATE`,
    [orgSlug],
  );
  if (!rows[0]) throw notFound(`Organization ${orgSlug} not found.`);
  return rows[0];
}

/**
 * Applies `change` to the locked row `before` (from lockSubscription in the same `tx`): sets the new plan's limits
 * when the plan changes, and records a plan or status change in `plan_change_audit`. Returns the row after.
 */
export async function changeSubscription(
  tx: Queryable,
  before: SubscriptionRow,
  change: SubscriptionChange,
  by: ChangedBy,
): Promise<SubscriptionRow> {
  const after: SubscriptionRow = { ...before };
  for (const c of COLUMNS)
    if (change[c] !== undefined) (after as unknown as Record<string, unknown>)[c] = change[c];
  // A new plan brings its limits; a status-only change keeps the limits the org has (an operator may have set them).
  const limits = after.plan !== before.plan ? PLAN_LIMITS[after.plan] : undefined;
  await tx.query(
    `UPDATE org_subscriptions SET plan = $2, status = $3, trial_ends_at = $4, current_period_end = $5,
       cancel_at_period_end = $6, stripe_customer_id = $7, stripe_subscription_id = $8, stripe_price_id = $9,
       stripe_event_created = $10, stripe_event_id = $11, daily_limit = COALESCE($12, daily_limit),
       monthly_limit = COALESCE($13, monthly_limit), concurrent_limit = COALESCE($14, concurrent_limit),
       seat_limit = COALESCE($15, seat_limit), provider_limit = COALESCE($16, provider_limit), updated_at = now()
     WHERE org_slug = $1`,
    [
      before.org_slug,
      ...COLUMNS.map((c) => after[c]),
      limits?.daily_limit ?? null,
      limits?.monthly_limit ?? null,
      limits?.concurrent_limit ?? null,
      limits?.seat_limit ?? null,
      limits?.provider_limit ?? null,
    ],
  );
  if (after.plan !== before.plan || after.status !== before.status) {
    await tx.query(
      `INSERT INTO plan_change_audit (org_slug, actor, source, old_plan, new_plan, old_status, new_status, details,
         request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        before.org_slug,
        by.actor,
        by.source,
        before.plan,
        after.plan,
        before.status,
        after.status,
        by.details ? JSON.stringify(by.details) : null,
        by.requestId ?? null,
      ],
    );
  }
  return after;
}
