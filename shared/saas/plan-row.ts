/**
 * A SaaS plan as the control plane stores it (`saas_subscription_plans` with its dated changes), and the one
 * mapping of it to what others read: the terms the schedule prices, the API view, the warehouse snapshot row.
 */
import type { z } from 'zod';
import type { PlanSchema } from '../contracts/subscriptions.js';
import { isoTimestamp } from '../ports/database/values.js';
import type { PlanChange, PlanTerms } from './schedule.js';

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

type Plan = z.output<typeof PlanSchema>;

export interface ChangeRow {
  plan_id: string;
  effective_date: string;
  unit_price: string | null;
  seats: number | null;
}

/** A plan with its changes, oldest first. */
export interface StoredPlan {
  plan: PlanRow;
  changes: ChangeRow[];
}

const pick = <K extends keyof PlanRow>(p: PlanRow, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, p[k]])) as Pick<PlanRow, K>;

const TERMS = [
  'start_date',
  'end_date',
  'billing_cycle',
  'custom_cycle_months',
  'custom_cycle_days',
  'pricing_model',
  'unit_price',
  'seats',
  'currency',
  'discount_type',
  'discount_value',
] as const;

/** The terms shared/saas/schedule.ts prices. */
export const termsOf = (p: PlanRow): PlanTerms => pick(p, TERMS);

/** The changes as the schedule takes them: only the terms each one sets. */
export const changesOf = (changes: readonly ChangeRow[]): PlanChange[] =>
  changes.map((c) => ({
    effective_date: c.effective_date,
    ...(c.unit_price !== null ? { unit_price: c.unit_price } : {}),
    ...(c.seats !== null ? { seats: c.seats } : {}),
  }));

const num = (v: string | null) => (v === null ? null : Number(v));

/** The API view of a plan (contracts/subscriptions.ts PlanSchema). */
export function planView({ plan: p, changes }: StoredPlan): Plan {
  return {
    ...pick(p, ['plan_id', 'provider', 'plan_name', 'display_name', 'category', 'enabled', 'disabled_from']),
    ...pick(p, TERMS),
    unit_price: Number(p.unit_price),
    discount_value: num(p.discount_value),
    ...pick(p, ['auto_renew', 'hierarchy_entity_id', 'owner_email', 'notes']),
    changes: changes.map((c) => ({
      effective_date: c.effective_date,
      unit_price: num(c.unit_price),
      seats: c.seats,
    })),
    created_at: isoTimestamp(p.created_at),
    updated_at: isoTimestamp(p.updated_at),
  };
}

/** The plan's row in the warehouse table `subscription_plans` (shared/datasets/saas.ts). */
export function planSnapshotRow(p: PlanRow, providerEnabled: boolean) {
  return {
    org_slug: p.org_slug,
    subscription_id: p.plan_id,
    ...pick(p, ['provider', 'plan_name', 'display_name', 'category']),
    status: p.enabled && providerEnabled ? 'active' : 'paused',
    ...pick(p, [
      'start_date',
      'end_date',
      'billing_cycle',
      'pricing_model',
      'seats',
      'unit_price',
      'currency',
    ]),
    ...pick(p, [
      'discount_type',
      'discount_value',
      'auto_renew',
      'owner_email',
      'notes',
      'hierarchy_entity_id',
    ]),
    created_at: isoTimestamp(p.created_at),
    updated_at: isoTimestamp(p.updated_at),
  };
}
