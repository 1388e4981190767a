/**
 * SaaS subscription plans of an org in the control plane: providers enabled per org, plans CRUD, dated seat and
 * price changes, toggle and reset to the catalogue templates. The subscription pipeline reads them.
 */
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import type { CreatePlanSchema, PlanChangeBodySchema, UpdatePlanSchema } from '../contracts/subscriptions.js';
import { audit } from '../orgs/audit.js';
import type { Queryable } from '../ports/database/port.js';
import { isoTimestamp } from '../ports/database/values.js';
import { catalogProvider, SAAS_CATALOG } from './catalog.js';
import { invalidInput, notFound, conflict } from '../errors/index.js';

type Meta = { principal: Principal | undefined; requestId: string };

export interface PlanRow {
  plan_id: string;
  org_slug: string;
  provider: string;
  plan_name: string;
  display_name: string | null;
  category: string | null;
  enabled: boolean;
  disabled_from: string | null;
  start_date: string;
  end_date: string | null;
  billing_cycle: 'monthly' | 'quarterly' | 'semi_annual' | 'annual' | 'custom';
  custom_cycle_months: number | null;
  custom_cycle_days: number | null;
  pricing_model: 'PER_SEAT' | 'FLAT_FEE';
  unit_price: string;
  seats: number;
  currency: string;
  discount_type: 'percent' | 'fixed' | null;
  discount_value: string | null;
  auto_renew: boolean;
  hierarchy_entity_id: string | null;
  owner_email: string | null;
  notes: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface ChangeRow {
  plan_id: string;
  effective_date: string;
  unit_price: string | null;
  seats: number | null;
}

const PLAN_COLUMNS = `plan_id::text AS plan_id, org_slug, provider, plan_name, display_name, category, enabled,
  disabled_from::text AS disabled_from,
  start_date::text AS start_date, end_date::text AS end_date, billing_cycle, custom_cycle_months, custom_cycle_days,
  pricing_model, unit_price::text AS unit_price, seats, currency, discount_type, discount_value::text AS discount_value,
  auto_renew, hierarchy_entity_id, owner_email, notes, created_at, updated_at`;

/** Plans (optionally of one provider) with their changes, oldest change first. */
export async function loadPlans(db: Queryable, org: string, provider?: string) {
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
    `SELECT c.plan_id::text AS plan_id, c.effective_date::text AS effective_date, c.unit_price::text AS unit_price, c.seats
     FROM saas_subscription_plan_changes c JOIN saas_subscription_plans p USING (plan_id)
     WHERE p.org_slug = $1${provider ? ' AND p.provider = $2' : ''} ORDER BY c.effective_date`,
    params,
  );
  return plans.map((p) => ({ plan: p, changes: changes.filter((c) => c.plan_id === p.plan_id) }));
}

const num = (v: string | null) => (v === null ? null : Number(v));

function view({ plan: p, changes }: { plan: PlanRow; changes: ChangeRow[] }) {
  return {
    plan_id: p.plan_id,
    provider: p.provider,
    plan_name: p.plan_name,
    display_name: p.display_name,
    category: p.category,
    enabled: p.enabled,
    disabled_from: p.disabled_from,
    start_date: p.start_date,
    end_date: p.end_date,
    billing_cycle: p.billing_cycle,
    custom_cycle_months: p.custom_cycle_months,
    custom_cycle_days: p.custom_cycle_days,
    pricing_model: p.pricing_model,
    unit_price: Number(p.unit_price),
    seats: p.seats,
    currency: p.currency,
    discount_type: p.discount_type,
    discount_value: num(p.discount_value),
    auto_renew: p.auto_renew,
    hierarchy_entity_id: p.hierarchy_entity_id,
    owner_email: p.owner_email,
    notes: p.notes,
    changes: changes.map((c) => ({
      effective_date: c.effective_date,
      unit_price: num(c.unit_price),
      seats: c.seats,
    })),
    created_at: isoTimestamp(p.created_at),
    updated_at: isoTimestamp(p.updated_at),
  };
}

async function onePlan(db: Queryable, org: string, provider: string, planId: string) {
  const found = (await loadPlans(db, org, provider)).find((p) => p.plan.plan_id === planId);
  if (!found) throw notFound(`No ${provider} plan ${planId} in ${org}.`);
  return found;
}

async function enabledProviders(db: Queryable, org: string): Promise<Map<string, boolean>> {
  const { rows } = await db.query<{ provider: string; enabled: boolean }>(
    'SELECT provider, enabled FROM saas_org_providers WHERE org_slug = $1',
    [org],
  );
  return new Map(rows.map((r) => [r.provider, r.enabled]));
}

function providerItem(provider: string, enabled: boolean, planCount: number) {
  const c = catalogProvider(provider);
  return {
    provider,
    display_name: c?.display_name ?? provider,
    category: c?.category ?? 'other',
    in_catalog: c !== undefined,
    enabled,
    plan_count: planCount,
    template_plans: (c?.plans ?? []).map((t) => ({
      plan_name: t.plan_name,
      pricing_model: t.pricing_model,
      unit_price: Number(t.unit_price),
      billing_cycle: 'monthly',
    })),
  };
}

export async function listProviders(ctx: AppContext, org: string) {
  const db = await ctx.db();
  const enabled = await enabledProviders(db, org);
  const { rows } = await db.query<{ provider: string; n: string }>(
    'SELECT provider, COUNT(*)::text AS n FROM saas_subscription_plans WHERE org_slug = $1 GROUP BY provider',
    [org],
  );
  const counts = new Map(rows.map((r) => [r.provider, Number(r.n)]));
  const names = [
    ...new Set([...SAAS_CATALOG.map((p) => p.provider), ...enabled.keys(), ...counts.keys()]),
  ].sort();
  return {
    items: names.map((n) => providerItem(n, enabled.get(n) ?? false, counts.get(n) ?? 0)),
    next_cursor: null,
  };
}

export async function setProvider(
  ctx: AppContext,
  org: string,
  provider: string,
  enabled: boolean,
  meta: Meta,
) {
  const db = await ctx.db();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO saas_org_providers (org_slug, provider, enabled, disabled_from)
       VALUES ($1, $2, $3, CASE WHEN $3 THEN NULL ELSE CURRENT_DATE END)
       ON CONFLICT (org_slug, provider) DO UPDATE SET enabled = EXCLUDED.enabled,
         disabled_from = CASE WHEN EXCLUDED.enabled THEN NULL
                              ELSE COALESCE(saas_org_providers.disabled_from, EXCLUDED.disabled_from) END,
         updated_at = now()`,
      [org, provider, enabled],
    );
    await audit(tx, {
      orgSlug: org,
      principal: meta.principal,
      action: enabled ? 'saas.provider_enabled' : 'saas.provider_disabled',
      target: provider,
      requestId: meta.requestId,
    });
  });
  const plans = await loadPlans(db, org, provider);
  return providerItem(provider, enabled, plans.length);
}

export async function listPlans(ctx: AppContext, org: string, provider: string) {
  return { items: (await loadPlans(await ctx.db(), org, provider)).map(view), next_cursor: null };
}

function checkCycle(body: {
  billing_cycle: string;
  custom_cycle_months?: number | undefined;
  custom_cycle_days?: number | undefined;
}) {
  const custom = body.custom_cycle_months !== undefined || body.custom_cycle_days !== undefined;
  const both = body.custom_cycle_months !== undefined && body.custom_cycle_days !== undefined;
  if ((body.billing_cycle === 'custom') !== custom || both) {
    throw invalidInput(
      'A custom billing cycle needs exactly one of custom_cycle_months and custom_cycle_days; other cycles take neither.',
      [{ field: 'body.billing_cycle', message: 'custom cycle length mismatch' }],
    );
  }
}

/** Money a plan holds: at most 9 decimals and below 10^12, so daily costs fit NUMERIC exactly. */
function checkAmount(field: string, value: string | null | undefined) {
  if (value === null || value === undefined) return;
  const d = new Decimal(value);
  if (d.decimalPlaces() > 9 || d.greaterThanOrEqualTo('1e12')) {
    throw invalidInput(`${field} must be below 10^12 with at most 9 decimals.`, [
      { field: `body.${field}`, message: 'at most 9 decimals, below 10^12' },
    ]);
  }
}

function checkDates(start: string, end: string | null | undefined) {
  if (end && end < start) {
    throw invalidInput('end_date is before start_date.', [
      { field: 'body.end_date', message: 'before start_date' },
    ]);
  }
}

function checkDiscount(type: string | null | undefined, value: string | null | undefined) {
  if (((type ?? null) === null) !== ((value ?? null) === null)) {
    throw invalidInput('discount_type and discount_value go together.', [
      { field: 'body.discount_value', message: 'needs discount_type' },
    ]);
  }
  if (type === 'percent' && new Decimal(value ?? '0').greaterThan(100)) {
    throw invalidInput('A percent discount is at most 100.', [
      { field: 'body.discount_value', message: 'at most 100' },
    ]);
  }
}

async function orgCurrency(db: Queryable, org: string) {
  const { rows } = await db.query<{ currency: string }>(
    'SELECT currency FROM organizations WHERE org_slug = $1',
    [org],
  );
  if (!rows[0]) throw notFound(`Organization ${org} not found.`);
  return rows[0].currency;
}

export async function createPlan(
  ctx: AppContext,
  org: string,
  provider: string,
  body: z.output<typeof CreatePlanSchema>,
  meta: Meta,
) {
  checkCycle(body);
  checkAmount('unit_price', body.unit_price);
  checkAmount('discount_value', body.discount_value);
  checkDates(body.start_date, body.end_date);
  checkDiscount(body.discount_type, body.discount_value);
  const db = await ctx.db();
  const planId = randomUUID();
  const currency = body.currency ?? (await orgCurrency(db, org));
  const duplicate = () => conflict(`${provider} already has a plan named ${body.plan_name}.`);
  await db.transaction(async (tx) => {
    const { rows } = await tx.query(
      'SELECT 1 FROM saas_subscription_plans WHERE org_slug = $1 AND provider = $2 AND plan_name = $3',
      [org, provider, body.plan_name],
    );
    if (rows.length) throw duplicate();
    await tx.query(
      `INSERT INTO saas_org_providers (org_slug, provider, enabled) VALUES ($1, $2, true) ON CONFLICT DO NOTHING`,
      [org, provider],
    );
    await tx.query(
      `INSERT INTO saas_subscription_plans (plan_id, org_slug, provider, plan_name, display_name, category, enabled,
         start_date, end_date, billing_cycle, custom_cycle_months, custom_cycle_days, pricing_model, unit_price, seats,
         currency, discount_type, discount_value, auto_renew, hierarchy_entity_id, owner_email, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
      [
        planId,
        org,
        provider,
        body.plan_name,
        body.display_name ?? null,
        body.category ?? catalogProvider(provider)?.category ?? null,
        body.enabled,
        body.start_date,
        body.end_date ?? null,
        body.billing_cycle,
        body.custom_cycle_months ?? null,
        body.custom_cycle_days ?? null,
        body.pricing_model,
        body.unit_price,
        body.seats,
        currency,
        body.discount_type ?? null,
        body.discount_value ?? null,
        body.auto_renew ?? true,
        body.hierarchy_entity_id ?? null,
        body.owner_email ?? null,
        body.notes ?? null,
      ],
    );
    await audit(tx, {
      orgSlug: org,
      principal: meta.principal,
      action: 'saas.plan_created',
      target: `${provider}/${body.plan_name}`,
      details: { plan_id: planId },
      requestId: meta.requestId,
    }).catch((err: unknown) => {
      // Two concurrent creations of one name: the unique constraint decides; the loser gets a 409, not a 500.
      throw (err as { code?: string }).code === '23505' ? duplicate() : err;
    });
  });
  return view(await onePlan(db, org, provider, planId));
}

const UPDATABLE = [
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

export async function updatePlan(
  ctx: AppContext,
  org: string,
  provider: string,
  planId: string,
  body: z.output<typeof UpdatePlanSchema>,
  meta: Meta,
) {
  const db = await ctx.db();
  const current = await onePlan(db, org, provider, planId);
  checkAmount('discount_value', body.discount_value);
  const next = {
    ...current.plan,
    ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
  };
  checkDates(next.start_date, next.end_date);
  checkDiscount(next.discount_type, next.discount_value);
  const firstChange = current.changes[0]?.effective_date;
  if (firstChange && next.start_date > firstChange) {
    throw invalidInput(`start_date cannot move after the first change (${firstChange}).`, [
      { field: 'body.start_date', message: 'after a change' },
    ]);
  }
  const set = UPDATABLE.filter((k) => body[k] !== undefined);
  if (set.length) {
    await db.transaction(async (tx) => {
      await tx.query(
        `UPDATE saas_subscription_plans SET ${set.map((k, i) => `${k} = $${i + 3}`).join(', ')}, updated_at = now()
         WHERE org_slug = $1 AND plan_id = $2`,
        [org, planId, ...set.map((k) => body[k] ?? null)],
      );
      await audit(tx, {
        orgSlug: org,
        principal: meta.principal,
        action: 'saas.plan_updated',
        target: `${provider}/${current.plan.plan_name}`,
        details: { fields: set },
        requestId: meta.requestId,
      });
    });
  }
  return view(await onePlan(db, org, provider, planId));
}

export async function addChange(
  ctx: AppContext,
  org: string,
  provider: string,
  planId: string,
  body: z.output<typeof PlanChangeBodySchema>,
  meta: Meta,
) {
  if (body.unit_price === undefined && body.seats === undefined) {
    throw invalidInput('A change sets unit_price, seats or both.', [
      { field: 'body', message: 'nothing to change' },
    ]);
  }
  checkAmount('unit_price', body.unit_price);
  const db = await ctx.db();
  const current = await onePlan(db, org, provider, planId);
  if (body.effective_date <= current.plan.start_date) {
    throw invalidInput('A change takes effect after start_date (edit the plan itself for its first terms).', [
      { field: 'body.effective_date', message: 'on or before start_date' },
    ]);
  }
  if (current.plan.end_date && body.effective_date > current.plan.end_date) {
    throw invalidInput('A change takes effect before end_date.', [
      { field: 'body.effective_date', message: 'after end_date' },
    ]);
  }
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO saas_subscription_plan_changes (plan_id, effective_date, unit_price, seats) VALUES ($1, $2, $3, $4)
       ON CONFLICT (plan_id, effective_date) DO UPDATE SET unit_price = EXCLUDED.unit_price, seats = EXCLUDED.seats`,
      [planId, body.effective_date, body.unit_price ?? null, body.seats ?? null],
    );
    await tx.query('UPDATE saas_subscription_plans SET updated_at = now() WHERE plan_id = $1', [planId]);
    await audit(tx, {
      orgSlug: org,
      principal: meta.principal,
      action: 'saas.plan_changed',
      target: `${provider}/${current.plan.plan_name}`,
      details: body,
      requestId: meta.requestId,
    });
  });
  return view(await onePlan(db, org, provider, planId));
}

export async function togglePlan(ctx: AppContext, org: string, provider: string, planId: string, meta: Meta) {
  const db = await ctx.db();
  const current = await onePlan(db, org, provider, planId);
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE saas_subscription_plans SET enabled = NOT enabled,
         disabled_from = CASE WHEN enabled THEN CURRENT_DATE ELSE NULL END, updated_at = now()
       WHERE org_slug = $2 AND plan_id = $1`,
      [planId, org],
    );
    await audit(tx, {
      orgSlug: org,
      principal: meta.principal,
      action: 'saas.plan_toggled',
      target: `${provider}/${current.plan.plan_name}`,
      details: { enabled: !current.plan.enabled },
      requestId: meta.requestId,
    });
  });
  return view(await onePlan(db, org, provider, planId));
}

export async function deletePlan(ctx: AppContext, org: string, provider: string, planId: string, meta: Meta) {
  const db = await ctx.db();
  const current = await onePlan(db, org, provider, planId);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM saas_subscription_plans WHERE plan_id = $1', [planId]);
    await audit(tx, {
      orgSlug: org,
      principal: meta.principal,
      action: 'saas.plan_deleted',
      target: `${provider}/${current.plan.plan_name}`,
      requestId: meta.requestId,
    });
  });
}

export async function resetPlans(ctx: AppContext, org: string, provider: string, meta: Meta) {
  const c = catalogProvider(provider);
  if (!c) throw notFound(`${provider} is not in the catalogue: it has no template plans.`);
  const db = await ctx.db();
  const today = new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM saas_subscription_plans WHERE org_slug = $1 AND provider = $2', [
      org,
      provider,
    ]);
    for (const t of c.plans) {
      await tx.query(
        `INSERT INTO saas_subscription_plans (plan_id, org_slug, provider, plan_name, display_name, category, enabled,
           start_date, billing_cycle, pricing_model, unit_price, seats, currency)
         VALUES ($1, $2, $3, $4, $5, $6, false, $7, 'monthly', $8, $9, 1, 'USD')`,
        [
          randomUUID(),
          org,
          provider,
          t.plan_name,
          `${c.display_name} ${t.plan_name}`,
          c.category,
          today,
          t.pricing_model,
          t.unit_price,
        ],
      );
    }
    await audit(tx, {
      orgSlug: org,
      principal: meta.principal,
      action: 'saas.plans_reset',
      target: provider,
      requestId: meta.requestId,
    });
  });
  return listPlans(ctx, org, provider);
}
