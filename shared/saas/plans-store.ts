/**
 * The SQL of SaaS plans in the control plane: `saas_org_providers`, `saas_subscription_plans` and
 * `saas_subscription_plan_changes`. No rules here (shared/saas/plans.ts holds the use cases).
 */
import type { Queryable } from '../ports/database/port.js';
import type { ChangeRow, PlanRow, StoredPlan } from './plan-row.js';

const PLAN_COLUMNS = `plan_id::text AS plan_id, org_slug, provider, plan_name, display_name, category, enabled,
  disabled_from::text AS disabled_from,
  start_date::text AS start_date, end_date::text AS end_date, billing_cycle, custom_cycle_months, custom_cycle_days,
  pricing_model, unit_price::text AS unit_price, seats, currency, discount_type, discount_value::text AS discount_value,
  auto_renew, hierarchy_entity_id, owner_email, notes, created_at, updated_at`;

const CHANGE_COLUMNS = `c.plan_id::text AS plan_id, c.effective_date::text AS effective_date,
  c.unit_price::text AS unit_price, c.seats`;

/** Plans (optionally of one provider) with their changes, oldest change first. */
export async function loadPlans(db: Queryable, org: string, provider?: string): Promise<StoredPlan[]> {
  const params: unknown[] = [org];
  let where = 'org_slug = $1';
  if (provider) {
    params.push(provider);
    where += ' AND provider = $2';
  }
  const { rows: plans } = await db.query<PlanRow>(
    `SELECT ${PLAN_COLUMNS} FROM saas_subscription_plans WHERE ${where} ORDER BY provider, plan_name`,
    params,
  );
  const { rows: changes } = await db.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS}
     FROM saas_subscription_plan_changes c JOIN saas_subscription_plans p USING (plan_id)
     WHERE p.org_slug = $1${provider ? ' AND p.provider = $2' : ''} ORDER BY c.effective_date`,
    params,
  );
  return plans.map((p) => ({ plan: p, changes: changes.filter((c) => c.plan_id === p.plan_id) }));
}

/**
 * One plan with its changes, its row locked until the transaction `tx` ends: edits read, check and write under
 * the lock, so concurrent edits of one plan (or an edit and a delete) run one after the other.
 */
export async function lockPlan(
  tx: Queryable,
  org: string,
  provider: string,
  planId: string,
): Promise<StoredPlan | undefined> {
  const { rows } = await tx.query<PlanRow>(
    `SELECT ${PLAN_COLUMNS} FROM saas_subscription_plans
     WHERE org_slug = $1 AND provider = $2 AND plan_id = $3 FOR UPDATE`,
    [org, provider, planId],
  );
  if (!rows[0]) return undefined;
  const { rows: changes } = await tx.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS} FROM saas_subscription_plan_changes c WHERE c.plan_id = $1 ORDER BY c.effective_date`,
    [planId],
  );
  return { plan: rows[0], changes };
}

/** What a new plan row holds: every stored field but those the database sets (switch-off day, timestamps). */
export type NewPlan = Omit<PlanRow, 'disabled_from' | 'created_at' | 'updated_at'>;

// Every NewPlan field once (the compiler checks none is missing): the INSERT's columns and its $n, in this order.
const NEW_PLAN_COLUMNS = Object.keys({
  plan_id: 1,
  org_slug: 1,
  provider: 1,
  plan_name: 1,
  display_name: 1,
  category: 1,
  enabled: 1,
  start_date: 1,
  end_date: 1,
  billing_cycle: 1,
  custom_cycle_months: 1,
  custom_cycle_days: 1,
  pricing_model: 1,
  unit_price: 1,
  seats: 1,
  currency: 1,
  discount_type: 1,
  discount_value: 1,
  auto_renew: 1,
  hierarchy_entity_id: 1,
  owner_email: 1,
  notes: 1,
} satisfies Record<keyof NewPlan, 1>) as (keyof NewPlan)[];

const INSERT_PLAN = `INSERT INTO saas_subscription_plans (${NEW_PLAN_COLUMNS.join(', ')})
  VALUES (${NEW_PLAN_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (org_slug, provider, plan_name) DO NOTHING RETURNING plan_id`;

/**
 * Inserts a plan; false when the org already has a plan of that name for the provider. The UNIQUE constraint
 * decides, so of two concurrent creations of one name exactly one inserts (the other waits for it, then gets false).
 */
export async function insertPlan(tx: Queryable, plan: NewPlan): Promise<boolean> {
  const { rows } = await tx.query(
    INSERT_PLAN,
    NEW_PLAN_COLUMNS.map((c) => plan[c]),
  );
  return rows.length === 1;
}

/** Plan fields an edit may set (start and end dates, discount, allocation, notes). */
export const EDITABLE_FIELDS = [
  'display_name',
  'category',
  'start_date',
  'end_date',
  'discount_type',
  'discount_value',
  'auto_renew',
  'hierarchy_entity_id',
  'owner_email',
  'notes',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export async function updatePlanFields(
  tx: Queryable,
  org: string,
  planId: string,
  fields: Partial<Record<EditableField, unknown>>,
): Promise<void> {
  const set = EDITABLE_FIELDS.filter((k) => fields[k] !== undefined);
  await tx.query(
    `UPDATE saas_subscription_plans SET ${set.map((k, i) => `${k} = $${i + 3}`).join(', ')}, updated_at = now()
     WHERE org_slug = $1 AND plan_id = $2`,
    [org, planId, ...set.map((k) => fields[k] ?? null)],
  );
}

/** A seat and/or price change from a date on (replacing one of the same date). */
export async function upsertChange(
  tx: Queryable,
  planId: string,
  change: { effective_date: string; unit_price: string | null; seats: number | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO saas_subscription_plan_changes (plan_id, effective_date, unit_price, seats) VALUES ($1, $2, $3, $4)
     ON CONFLICT (plan_id, effective_date) DO UPDATE SET unit_price = EXCLUDED.unit_price, seats = EXCLUDED.seats`,
    [planId, change.effective_date, change.unit_price, change.seats],
  );
  await tx.query('UPDATE saas_subscription_plans SET updated_at = now() WHERE plan_id = $1', [planId]);
}

/** Switches a plan off (accruing stops today) or on again. */
export async function togglePlanRow(tx: Queryable, org: string, planId: string): Promise<void> {
  await tx.query(
    `UPDATE saas_subscription_plans SET enabled = NOT enabled,
       disabled_from = CASE WHEN enabled THEN CURRENT_DATE ELSE NULL END, updated_at = now()
     WHERE org_slug = $2 AND plan_id = $1`,
    [planId, org],
  );
}

/** Deletes a plan (its changes go with it). */
export async function deletePlanRow(tx: Queryable, planId: string): Promise<void> {
  await tx.query('DELETE FROM saas_subscription_plans WHERE plan_id = $1', [planId]);
}

/** Deletes every plan of a provider in the org. */
export async function deleteProviderPlans(tx: Queryable, org: string, provider: string): Promise<void> {
  await tx.query('DELETE FROM saas_subscription_plans WHERE org_slug = $1 AND provider = $2', [
    org,
    provider,
  ]);
}

/** Provider -> enabled, for the providers the org has a row for. */
export async function enabledProviders(db: Queryable, org: string): Promise<Map<string, boolean>> {
  const { rows } = await db.query<{ provider: string; enabled: boolean }>(
    'SELECT provider, enabled FROM saas_org_providers WHERE org_slug = $1',
    [org],
  );
  return new Map(rows.map((r) => [r.provider, r.enabled]));
}

/** The org's providers with the day each was switched off (NULL while on). */
export async function providerStates(db: Queryable, org: string) {
  const { rows } = await db.query<{ provider: string; enabled: boolean; disabled_from: string | null }>(
    'SELECT provider, enabled, disabled_from::text AS disabled_from FROM saas_org_providers WHERE org_slug = $1',
    [org],
  );
  return rows;
}

/** Provider -> number of plans the org has for it. */
export async function planCounts(db: Queryable, org: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ provider: string; n: string }>(
    'SELECT provider, COUNT(*)::text AS n FROM saas_subscription_plans WHERE org_slug = $1 GROUP BY provider',
    [org],
  );
  return new Map(rows.map((r) => [r.provider, Number(r.n)]));
}

/** Switches a provider on or off for the org; off keeps the first day it was off. */
export async function setProviderRow(tx: Queryable, org: string, provider: string, enabled: boolean) {
  await tx.query(
    `INSERT INTO saas_org_providers (org_slug, provider, enabled, disabled_from)
     VALUES ($1, $2, $3, CASE WHEN $3 THEN NULL ELSE CURRENT_DATE END)
     ON CONFLICT (org_slug, provider) DO UPDATE SET enabled = EXCLUDED.enabled,
       disabled_from = CASE WHEN EXCLUDED.enabled THEN NULL
                            ELSE COALESCE(saas_org_providers.disabled_from, EXCLUDED.disabled_from) END,
       updated_at = now()`,
    [org, provider, enabled],
  );
}

/** Records the provider as enabled unless the org already has a row for it. */
export async function ensureProvider(tx: Queryable, org: string, provider: string): Promise<void> {
  await tx.query(
    `INSERT INTO saas_org_providers (org_slug, provider, enabled) VALUES ($1, $2, true) ON CONFLICT DO NOTHING`,
    [org, provider],
  );
}
