/**
 * SaaS subscription plans of an org in the control plane: providers enabled per org, plans CRUD, dated seat and
 * price changes, toggle and reset to the catalogue templates. The subscription pipeline reads them. Field rules
 * live in the contract (shared/contracts/subscriptions.ts); the SQL in plans-store.ts.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  planIssues,
  type CreatePlanSchema,
  type PlanChangeBodySchema,
  type UpdatePlanSchema,
} from '../contracts/subscriptions.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import type { Database, Queryable } from '../ports/database/port.js';
import { catalogProvider, SAAS_CATALOG } from './catalog.js';
import { planView, type StoredPlan } from './plan-row.js';
import * as store from './plans-store.js';
import { invalidInput, notFound, conflict } from '../errors/index.js';
import { orgRecord } from '../orgs/org-record.js';

export { loadPlans } from './plans-store.js';

async function onePlan(db: Queryable, org: string, provider: string, planId: string) {
  const found = (await store.loadPlans(db, org, provider)).find((p) => p.plan.plan_id === planId);
  if (!found) throw notFound(`No ${provider} plan ${planId} in ${org}.`);
  return found;
}

/**
 * Runs an edit of one plan in a transaction holding the plan's row lock: `edit` sees the plan as it is now (not as
 * it was before a concurrent edit committed) and its checks hold when it writes. 404 when there is no such plan.
 */
async function inPlanLock(
  db: Database,
  org: string,
  provider: string,
  planId: string,
  edit: (tx: Queryable, current: StoredPlan) => Promise<void>,
) {
  await db.transaction(async (tx) => {
    const current = await store.lockPlan(tx, org, provider, planId);
    if (!current) throw notFound(`No ${provider} plan ${planId} in ${org}.`);
    await edit(tx, current);
  });
}

/** An edit of one plan under its lock (see inPlanLock); returns the plan's view after. */
async function editPlan(
  ctx: AppContext,
  org: string,
  provider: string,
  planId: string,
  edit: (tx: Queryable, current: StoredPlan) => Promise<void>,
) {
  const db = await ctx.db();
  await inPlanLock(db, org, provider, planId, edit);
  return planView(await onePlan(db, org, provider, planId));
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
  const enabled = await store.enabledProviders(db, org);
  const counts = await store.planCounts(db, org);
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
  meta: RequestMeta,
) {
  const db = await ctx.db();
  await db.transaction(async (tx) => {
    await store.setProviderRow(tx, org, provider, enabled);
    await auditRequest(tx, org, meta, enabled ? 'saas.provider_enabled' : 'saas.provider_disabled', provider);
  });
  const plans = await store.loadPlans(db, org, provider);
  return providerItem(provider, enabled, plans.length);
}

export async function listPlans(ctx: AppContext, org: string, provider: string) {
  return { items: (await store.loadPlans(await ctx.db(), org, provider)).map(planView), next_cursor: null };
}

export async function createPlan(
  ctx: AppContext,
  org: string,
  provider: string,
  body: z.output<typeof CreatePlanSchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const planId = randomUUID();
  const currency = body.currency ?? (await orgRecord(db, org)).currency;
  if (!currency) throw notFound(`Organization ${org} not found.`);
  await db.transaction(async (tx) => {
    await store.ensureProvider(tx, org, provider);
    const inserted = await store.insertPlan(tx, {
      plan_id: planId,
      org_slug: org,
      provider,
      plan_name: body.plan_name,
      display_name: body.display_name ?? null,
      category: body.category ?? catalogProvider(provider)?.category ?? null,
      enabled: body.enabled,
      start_date: body.start_date,
      end_date: body.end_date ?? null,
      billing_cycle: body.billing_cycle,
      custom_cycle_months: body.custom_cycle_months ?? null,
      custom_cycle_days: body.custom_cycle_days ?? null,
      pricing_model: body.pricing_model,
      unit_price: body.unit_price,
      seats: body.seats,
      currency,
      discount_type: body.discount_type ?? null,
      discount_value: body.discount_value ?? null,
      auto_renew: body.auto_renew ?? true,
      hierarchy_entity_id: body.hierarchy_entity_id ?? null,
      owner_email: body.owner_email ?? null,
      notes: body.notes ?? null,
    });
    if (!inserted) throw conflict(`${provider} already has a plan named ${body.plan_name}.`);
    await auditRequest(tx, org, meta, 'saas.plan_created', `${provider}/${body.plan_name}`, {
      plan_id: planId,
    });
  });
  return planView(await onePlan(db, org, provider, planId));
}

/** The plan's stored terms with the edit applied must still keep the plan rules and come before its changes. */
function checkEdit(current: StoredPlan, body: z.output<typeof UpdatePlanSchema>) {
  const next = {
    ...current.plan,
    ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
  };
  const issues = planIssues({ ...next, billing_cycle: undefined });
  if (issues.length) {
    throw invalidInput(
      issues[0]!.summary,
      issues.map((i) => ({ field: `body.${i.field}`, message: i.message })),
    );
  }
  const firstChange = current.changes[0]?.effective_date;
  if (firstChange && next.start_date > firstChange) {
    throw invalidInput(`start_date cannot move after the first change (${firstChange}).`, [
      { field: 'body.start_date', message: 'after a change' },
    ]);
  }
}

export async function updatePlan(
  ctx: AppContext,
  org: string,
  provider: string,
  planId: string,
  body: z.output<typeof UpdatePlanSchema>,
  meta: RequestMeta,
) {
  return editPlan(ctx, org, provider, planId, async (tx, current) => {
    checkEdit(current, body);
    const fields = store.EDITABLE_FIELDS.filter((k) => body[k] !== undefined);
    if (!fields.length) return;
    await store.updatePlanFields(tx, org, planId, body);
    await auditRequest(tx, org, meta, 'saas.plan_updated', `${provider}/${current.plan.plan_name}`, {
      fields,
    });
  });
}

export async function addChange(
  ctx: AppContext,
  org: string,
  provider: string,
  planId: string,
  body: z.output<typeof PlanChangeBodySchema>,
  meta: RequestMeta,
) {
  return editPlan(ctx, org, provider, planId, async (tx, current) => {
    if (body.effective_date <= current.plan.start_date) {
      throw invalidInput(
        'A change takes effect after start_date (edit the plan itself for its first terms).',
        [{ field: 'body.effective_date', message: 'on or before start_date' }],
      );
    }
    if (current.plan.end_date && body.effective_date > current.plan.end_date) {
      throw invalidInput('A change takes effect before end_date.', [
        { field: 'body.effective_date', message: 'after end_date' },
      ]);
    }
    await store.upsertChange(tx, planId, {
      effective_date: body.effective_date,
      unit_price: body.unit_price ?? null,
      seats: body.seats ?? null,
    });
    await auditRequest(tx, org, meta, 'saas.plan_changed', `${provider}/${current.plan.plan_name}`, body);
  });
}

export async function togglePlan(
  ctx: AppContext,
  org: string,
  provider: string,
  planId: string,
  meta: RequestMeta,
) {
  return editPlan(ctx, org, provider, planId, async (tx, current) => {
    await store.togglePlanRow(tx, org, planId);
    await auditRequest(tx, org, meta, 'saas.plan_toggled', `${provider}/${current.plan.plan_name}`, {
      enabled: !current.plan.enabled,
    });
  });
}

export async function deletePlan(
  ctx: AppContext,
  org: string,
  provider: string,
  planId: string,
  meta: RequestMeta,
) {
  await inPlanLock(await ctx.db(), org, provider, planId, async (tx, current) => {
    await store.deletePlanRow(tx, planId);
    await auditRequest(tx, org, meta, 'saas.plan_deleted', `${provider}/${current.plan.plan_name}`);
  });
}

export async function resetPlans(ctx: AppContext, org: string, provider: string, meta: RequestMeta) {
  const c = catalogProvider(provider);
  if (!c) throw notFound(`${provider} is not in the catalogue: it has no template plans.`);
  const db = await ctx.db();
  const today = new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    await store.deleteProviderPlans(tx, org, provider);
    for (const t of c.plans) {
      await store.insertPlan(tx, {
        ...TEMPLATE_DEFAULTS,
        plan_id: randomUUID(),
        org_slug: org,
        provider,
        plan_name: t.plan_name,
        display_name: `${c.display_name} ${t.plan_name}`,
        category: c.category,
        start_date: today,
        pricing_model: t.pricing_model,
        unit_price: t.unit_price,
      });
    }
    await auditRequest(tx, org, meta, 'saas.plans_reset', provider);
  });
  return listPlans(ctx, org, provider);
}

/** A catalogue template becomes a plan switched off, one seat a month in USD, to edit and switch on. */
const TEMPLATE_DEFAULTS = {
  enabled: false,
  end_date: null,
  billing_cycle: 'monthly',
  custom_cycle_months: null,
  custom_cycle_days: null,
  seats: 1,
  currency: 'USD',
  discount_type: null,
  discount_value: null,
  auto_renew: true,
  hierarchy_entity_id: null,
  owner_email: null,
  notes: null,
} as const;
