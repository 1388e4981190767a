/**
 * Step `calculate-subscription-costs`: the org's SaaS plans (enabled plans of enabled providers, from the
 * control plane) spread over the days of their billing cycles for the run's dates (shared/saas/schedule.ts:
 * exact, the days of a cycle sum to its price, prorated on start, end, seat and price changes) into
 * `subscription_plan_costs_daily`, replacing the run's slice in one transaction. The plans are also written to
 * the warehouse table `subscription_plans` (a snapshot for SQL and BI tools).
 */
import { Decimal } from 'decimal.js';
import type { StepConfig } from '../contracts/steps.js';
import { subscriptionPlanCostsDaily, subscriptionPlans } from '../datasets/index.js';
import type { StepRun } from '../pipelines/step-function.js';
import type { ClaimedStep } from '../pipelines/step-state.js';
import { catalogProvider } from '../saas/catalog.js';
import { changesOf, planSnapshotRow, termsOf, type PlanRow, type StoredPlan } from '../saas/plan-row.js';
import { loadPlans, providerStates } from '../saas/plans-store.js';
import {
  dailyCosts,
  ScheduleError,
  type DailyCost,
  type PlanChange,
  type PlanTerms,
} from '../saas/schedule.js';
import { lineage, orgDatasetOf, runSlice } from './common.js';
import { permanent } from '../errors/index.js';
import { addDays } from '../time/day.js';

const dayBefore = (d: string) => addDays(d, -1);

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

/** What the step reads from the control plane: the plans, and per provider whether it is on and since when off. */
interface SaasInputs {
  plans: StoredPlan[];
  providerOn: Map<string, boolean>;
  providerOff: Map<string, string | null>;
}

async function loadInputs(run: StepRun<StepConfig<'calculate-subscription-costs'>>): Promise<SaasInputs> {
  const db = await run.ctx.db();
  const plans = await loadPlans(db, run.step.org_slug);
  const providers = await providerStates(db, run.step.org_slug);
  return {
    plans,
    providerOn: new Map(providers.map((r) => [r.provider, r.enabled])),
    providerOff: new Map(providers.map((r) => [r.provider, r.disabled_from])),
  };
}

/** One category per provider, so a FOCUS ServiceName maps to exactly one ServiceCategory. */
function providerCategories(plans: readonly StoredPlan[]): Map<string, string> {
  const categories = new Map<string, string>();
  for (const { plan: p } of plans) {
    if (!categories.has(p.provider)) {
      categories.set(p.provider, catalogProvider(p.provider)?.category ?? p.category ?? 'other');
    }
  }
  return categories;
}

/**
 * A plan's days over [from, to] and what each of their cycles is invoiced: the sum of the cycle's days (prorated),
 * over the whole cycle, keyed by the cycle's first day.
 */
function scheduleOf(terms: PlanTerms, changes: PlanChange[], from: string, to: string) {
  const days = dailyCosts(terms, changes, { from, to });
  const billed = new Map<string, Decimal>();
  if (days.length) {
    const whole = dailyCosts(terms, changes, {
      from: days[0]!.cycle_start_date,
      to: days.at(-1)!.cycle_end_date,
    });
    for (const d of whole) {
      billed.set(d.cycle_start_date, (billed.get(d.cycle_start_date) ?? new Decimal(0)).plus(d.daily_cost));
    }
  }
  return { days, billed };
}

/** One day of a plan as a `subscription_plan_costs_daily` row. */
function costRow(
  step: ClaimedStep,
  p: PlanRow,
  d: DailyCost,
  billed: Decimal | undefined,
  category: string,
  now: Date,
) {
  return {
    cost_date: d.date,
    subscription_id: p.plan_id,
    provider: p.provider,
    plan_name: p.plan_name,
    display_name: catalogProvider(p.provider)?.display_name ?? p.display_name ?? p.provider,
    category,
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
    billed_cost: d.date === d.cycle_start_date ? (billed ?? new Decimal(0)).toFixed() : '0',
    currency: p.currency,
    ...lineage(step, d.date, now),
    x_hierarchy_entity_id: p.hierarchy_entity_id,
  };
}

/** Map: the daily cost rows of every plan that accrues, over the run's dates. */
function costRows(step: ClaimedStep, inputs: SaasInputs, now: Date) {
  const categories = providerCategories(inputs.plans);
  const rows: ReturnType<typeof costRow>[] = [];
  let costed = 0;
  for (const { plan: p, changes } of inputs.plans) {
    const end = accruesUntil(
      p,
      inputs.providerOn.get(p.provider) !== false,
      inputs.providerOff.get(p.provider) ?? null,
    );
    if (end === 'never') continue;
    costed += 1;
    let schedule;
    try {
      const kept = changesOf(changes).filter((c) => end === null || c.effective_date <= end);
      schedule = scheduleOf({ ...termsOf(p), end_date: end }, kept, step.start_date, step.end_date);
    } catch (err) {
      if (err instanceof ScheduleError) {
        throw permanent(`Plan ${p.provider}/${p.plan_name} (${p.plan_id}): ${err.message}`);
      }
      throw err;
    }
    const category = categories.get(p.provider) ?? 'other';
    for (const d of schedule.days) {
      rows.push(costRow(step, p, d, schedule.billed.get(d.cycle_start_date), category, now));
    }
  }
  return { rows, costed };
}

export async function calculateSubscriptionCosts(run: StepRun<StepConfig<'calculate-subscription-costs'>>) {
  const { ctx, step } = run;
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const wh = await ctx.warehouse();
  const inputs = await loadInputs(run);
  await wh.replaceSlice(
    dataset,
    subscriptionPlans,
    { org_slug: step.org_slug },
    inputs.plans.map(({ plan: p }) => planSnapshotRow(p, inputs.providerOn.get(p.provider) !== false)),
  );
  const { rows, costed } = costRows(step, inputs, new Date());
  await wh.replaceSlice(dataset, subscriptionPlanCostsDaily, runSlice(step), rows);
  await run.record('subscription costs calculated', {
    plans: inputs.plans.length,
    costed_plans: costed,
    rows: rows.length,
  });
  return { rows_written: rows.length };
}
