/**
 * Step `calculate-subscription-costs`: the org's SaaS plans (enabled plans of enabled providers, from the
 * control plane) spread over the days of their billing cycles for the run's dates (shared/saas/schedule.ts:
 * exact, the days of a cycle sum to its price, prorated on start, end, seat and price changes) into
 * `subscription_plan_costs_daily`, replacing the run's slice in one transaction. The plans are also written to
 * the warehouse table `subscription_plans` (a snapshot for SQL and BI tools).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { subscriptionPlanCostsDaily, subscriptionPlans } from '../datasets/index.js';
import type { StepRun } from '../pipelines/step-function.js';
import { isoTimestamp } from '../ports/database/values.js';
import { catalogProvider } from '../saas/catalog.js';
import { loadPlans, type ChangeRow, type PlanRow } from '../saas/plans.js';
import { dailyCosts, ScheduleError, type PlanChange, type PlanTerms } from '../saas/schedule.js';
import { lineage, orgDatasetOf, runSlice } from './common.js';
import { permanent } from '../errors/index.js';

export const SubscriptionCostsConfigSchema = z.strictObject({});

export function termsOf(p: PlanRow): PlanTerms {
  return {
    start_date: p.start_date,
    end_date: p.end_date,
    billing_cycle: p.billing_cycle,
    custom_cycle_months: p.custom_cycle_months,
    custom_cycle_days: p.custom_cycle_days,
    pricing_model: p.pricing_model,
    unit_price: p.unit_price,
    seats: p.seats,
    currency: p.currency,
    discount_type: p.discount_type,
    discount_value: p.discount_value,
  };
}

export const changesOf = (changes: readonly ChangeRow[]): PlanChange[] =>
  changes.map((c) => ({
    effective_date: c.effective_date,
    ...(c.unit_price !== null ? { unit_price: c.unit_price } : {}),
    ...(c.seats !== null ? { seats: c.seats } : {}),
  }));

const dayBefore = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The last day a plan accrues: its end_date, cut the day before it (or its provider) was switched off; earlier
 * days keep their cost. 'never' when it was switched off before it started (or with no date recorded).
 */
export function accruesUntil(
  p: PlanRow,
  providerEnabled: boolean,
  providerOffFrom: string | null,
): string | null | 'never' {
  const offDays: string[] = [];
  if (!p.enabled) {
    if (!p.disabled_from) return 'never';
    offDays.push(p.disabled_from);
  }
  if (!providerEnabled) {
    if (!providerOffFrom) return 'never';
    offDays.push(providerOffFrom);
  }
  const cuts = [p.end_date, ...offDays.map(dayBefore)].filter((d): d is string => d !== null).sort();
  const end = cuts[0] ?? null;
  return end !== null && end < p.start_date ? 'never' : end;
}

export async function calculateSubscriptionCosts(
  run: StepRun<z.output<typeof SubscriptionCostsConfigSchema>>,
) {
  const { ctx, step } = run;
  const db = await ctx.db();
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const wh = await ctx.warehouse();
  const plans = await loadPlans(db, step.org_slug);
  const { rows: providers } = await db.query<{
    provider: string;
    enabled: boolean;
    disabled_from: string | null;
  }>(
    'SELECT provider, enabled, disabled_from::text AS disabled_from FROM saas_org_providers WHERE org_slug = $1',
    [step.org_slug],
  );
  const providerOn = new Map(providers.map((r) => [r.provider, r.enabled]));
  const providerOff = new Map(providers.map((r) => [r.provider, r.disabled_from]));
  // One category per provider, so a FOCUS ServiceName maps to exactly one ServiceCategory.
  const providerCategory = new Map<string, string>();
  for (const { plan: p } of plans) {
    if (!providerCategory.has(p.provider)) {
      providerCategory.set(p.provider, catalogProvider(p.provider)?.category ?? p.category ?? 'other');
    }
  }

  await wh.replaceSlice(
    dataset,
    subscriptionPlans,
    { org_slug: step.org_slug },
    plans.map(({ plan: p }) => ({
      org_slug: step.org_slug,
      subscription_id: p.plan_id,
      provider: p.provider,
      plan_name: p.plan_name,
      display_name: p.display_name,
      category: p.category,
      status: p.enabled && providerOn.get(p.provider) !== false ? 'active' : 'paused',
      start_date: p.start_date,
      end_date: p.end_date,
      billing_cycle: p.billing_cycle,
      pricing_model: p.pricing_model,
      seats: p.seats,
      unit_price: p.unit_price,
      currency: p.currency,
      discount_type: p.discount_type,
      discount_value: p.discount_value,
      auto_renew: p.auto_renew,
      owner_email: p.owner_email,
      notes: p.notes,
      hierarchy_entity_id: p.hierarchy_entity_id,
      created_at: isoTimestamp(p.created_at),
      updated_at: isoTimestamp(p.updated_at),
    })),
  );

  const now = new Date();
  const rows: Record<string, unknown>[] = [];
  let counted = 0;
  const billedByCycle = new Map<string, Decimal>();
  for (const { plan: p, changes } of plans) {
    const end = accruesUntil(p, providerOn.get(p.provider) !== false, providerOff.get(p.provider) ?? null);
    if (end === 'never') continue;
    counted += 1;
    let days;
    try {
      const kept = changesOf(changes).filter((c) => end === null || c.effective_date <= end);
      const terms = { ...termsOf(p), end_date: end };
      days = dailyCosts(terms, kept, { from: step.start_date, to: step.end_date });
      // Each cycle is invoiced on its first day: the sum of its days (prorated), over the whole cycle.
      if (days.length) {
        const whole = dailyCosts(terms, kept, {
          from: days[0]!.cycle_start_date,
          to: days.at(-1)!.cycle_end_date,
        });
        for (const d of whole)
          billedByCycle.set(
            `${p.plan_id}|${d.cycle_start_date}`,
            (billedByCycle.get(`${p.plan_id}|${d.cycle_start_date}`) ?? new Decimal(0)).plus(d.daily_cost),
          );
      }
    } catch (err) {
      if (err instanceof ScheduleError) {
        throw permanent(`Plan ${p.provider}/${p.plan_name} (${p.plan_id}): ${err.message}`);
      }
      throw err;
    }
    const display = catalogProvider(p.provider)?.display_name ?? p.display_name ?? p.provider;
    for (const d of days) {
      rows.push({
        cost_date: d.date,
        subscription_id: p.plan_id,
        provider: p.provider,
        plan_name: p.plan_name,
        display_name: display,
        category: providerCategory.get(p.provider) ?? 'other',
        billing_cycle: p.billing_cycle,
        pricing_model: p.pricing_model,
        seats: p.pricing_model === 'PER_SEAT' ? d.seats : null,
        cycle_start_date: d.cycle_start_date,
        cycle_end_date: d.cycle_end_date,
        days_in_cycle: d.days_in_cycle,
        is_prorated: d.is_prorated,
        cycle_cost: d.cycle_cost,
        list_cycle_cost: d.list_cycle_cost,
        daily_cost: d.daily_cost,
        daily_list_cost: d.daily_list_cost,
        billed_cost:
          d.date === d.cycle_start_date
            ? (billedByCycle.get(`${p.plan_id}|${d.cycle_start_date}`) ?? new Decimal(0)).toFixed()
            : '0',
        currency: p.currency,
        ...lineage(step, d.date, now),
        x_hierarchy_entity_id: p.hierarchy_entity_id,
      });
    }
  }
  await wh.replaceSlice(dataset, subscriptionPlanCostsDaily, runSlice(step), rows);
  await run.record('subscription costs calculated', {
    plans: plans.length,
    costed_plans: counted,
    rows: rows.length,
  });
  return { rows_written: rows.length };
}
