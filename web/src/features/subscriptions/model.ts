import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import {
  CreatePlanSchema,
  PlanChangeBodySchema,
  planIssues,
  UpdatePlanSchema,
  type PlanSchema,
  type ProviderItemSchema,
} from '../../../../shared/contracts/subscriptions.js';
import { MAX_RUN_DAYS } from '../../../../shared/contracts/pipelines.js';
import { addDays, daysBetween, type Day } from '../../../../shared/time/day.js';

export type Plan = z.output<typeof PlanSchema>;
export type ProviderItem = z.output<typeof ProviderItemSchema>;
export type CreatePlanBody = z.input<typeof CreatePlanSchema>;
export type UpdatePlanBody = z.input<typeof UpdatePlanSchema>;
export type ChangeBody = z.input<typeof PlanChangeBodySchema>;

/** The pipeline that turns the plans into daily costs (pipelines/saas/subscription/costs.yml). */
export const SAAS_PIPELINE = 'saas/subscription/costs';

export const CYCLE_LABELS: Record<Plan['billing_cycle'], string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  semi_annual: 'Every 6 months',
  annual: 'Annual',
  custom: 'Custom',
};

export type Checked<T> = { ok: true; body: T } | { ok: false; errors: Record<string, string> };

/** zod issues by their first path segment (the form's field); an issue without a path goes under `form`. */
function issuesByField(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

/**
 * A 400's details (`[{field: 'body.effective_date', message}]`) as the form's errors by field name; details of
 * another shape are ignored (the alert shows the API's message anyway).
 */
export function apiFieldErrors(details: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Array.isArray(details)) return errors;
  for (const d of details as { field?: unknown; message?: unknown }[]) {
    if (typeof d?.field !== 'string' || typeof d.message !== 'string') continue;
    const [where, name] = d.field.split('.');
    if (where === 'body' && name) errors[name] ??= d.message;
  }
  return errors;
}

/** The plan form as typed: every control's text (numbers and money stay strings until checked). */
export interface PlanForm {
  plan_name: string;
  display_name: string;
  start_date: string;
  end_date: string;
  billing_cycle: Plan['billing_cycle'];
  custom_length: string;
  custom_unit: 'months' | 'days';
  pricing_model: Plan['pricing_model'];
  unit_price: string;
  seats: string;
  currency: string;
  discount_type: '' | 'percent' | 'fixed';
  discount_value: string;
  auto_renew: boolean;
  enabled: boolean;
  owner_email: string;
  notes: string;
}

export const emptyPlanForm = (today: Day, template?: ProviderItem['template_plans'][number]): PlanForm => ({
  plan_name: template?.plan_name ?? '',
  display_name: '',
  start_date: today,
  end_date: '',
  billing_cycle: 'monthly',
  custom_length: '',
  custom_unit: 'months',
  pricing_model: template?.pricing_model === 'FLAT_FEE' ? 'FLAT_FEE' : 'PER_SEAT',
  unit_price: template ? String(template.unit_price) : '',
  seats: '1',
  currency: '',
  discount_type: '',
  discount_value: '',
  auto_renew: true,
  enabled: true,
  owner_email: '',
  notes: '',
});

/** A number as plain decimal text (never an exponent: 1e-7 is 0.0000001), as the contract takes money. */
const plain = (n: number) => new Decimal(n).toFixed();

/** A stored plan in the form (editing). */
export const planToForm = (p: Plan): PlanForm => ({
  plan_name: p.plan_name,
  display_name: p.display_name ?? '',
  start_date: p.start_date,
  end_date: p.end_date ?? '',
  billing_cycle: p.billing_cycle,
  custom_length: String(p.custom_cycle_months ?? p.custom_cycle_days ?? ''),
  custom_unit: p.custom_cycle_days !== null ? 'days' : 'months',
  pricing_model: p.pricing_model,
  unit_price: plain(p.unit_price),
  seats: String(p.seats),
  currency: p.currency,
  discount_type: p.discount_type ?? '',
  discount_value: p.discount_value === null ? '' : plain(p.discount_value),
  auto_renew: p.auto_renew,
  enabled: p.enabled,
  owner_email: p.owner_email ?? '',
  notes: p.notes ?? '',
});

const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
/** A whole number as typed, or the text itself (the schema then refuses it with its own message). */
const whole = (v: string): number | string | undefined => {
  const t = text(v);
  if (t === undefined) return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
};

/** The fields a new plan and an edit share, as the API takes them (empty optional text is left out). */
function sharedFields(f: PlanForm) {
  return {
    display_name: text(f.display_name),
    end_date: text(f.end_date),
    discount_type: f.discount_type || undefined,
    discount_value: f.discount_type ? (text(f.discount_value) ?? '') : undefined,
    auto_renew: f.auto_renew,
    owner_email: text(f.owner_email),
    notes: text(f.notes),
  };
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** A new plan's form checked with the contract (CreatePlanSchema): the body to POST, or the errors by field. */
export function checkCreate(f: PlanForm): Checked<CreatePlanBody> {
  const length = f.billing_cycle === 'custom' ? whole(f.custom_length) : undefined;
  const body = defined({
    plan_name: f.plan_name.trim(),
    start_date: f.start_date,
    billing_cycle: f.billing_cycle,
    custom_cycle_months: f.custom_unit === 'months' ? length : undefined,
    custom_cycle_days: f.custom_unit === 'days' ? length : undefined,
    pricing_model: f.pricing_model,
    unit_price: f.unit_price.trim(),
    seats: f.pricing_model === 'PER_SEAT' ? (whole(f.seats) ?? '') : undefined,
    currency: text(f.currency.toUpperCase()),
    enabled: f.enabled,
    ...sharedFields(f),
  }) as CreatePlanBody;
  const parsed = CreatePlanSchema.safeParse(body);
  if (!parsed.success) {
    const errors = issuesByField(parsed.error.issues);
    // zod skips the cross-field rules while a field is bad: add them, so every problem shows at once.
    const value = body.discount_value;
    const goodValue = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value);
    const issues = planIssues({
      ...body,
      discount_value: goodValue ? value : value === undefined ? null : '0',
      custom_cycle_months: typeof body.custom_cycle_months === 'number' ? body.custom_cycle_months : null,
      custom_cycle_days: typeof body.custom_cycle_days === 'number' ? body.custom_cycle_days : null,
    });
    for (const i of issues) {
      // A discount value that is not a decimal already has its own message.
      if (i.field === 'discount_value' && value !== undefined && !goodValue) continue;
      errors[i.field] ??= i.message;
    }
    // The custom length is one control: its errors show there, not on the hidden months/days names.
    const custom = errors.custom_cycle_months ?? errors.custom_cycle_days;
    if (custom) errors.custom_length = custom;
    if (errors.billing_cycle && f.billing_cycle === 'custom')
      errors.custom_length ??= 'enter the cycle length';
    return { ok: false, errors };
  }
  return { ok: true, body };
}

/**
 * An edit's form checked with the contract (UpdatePlanSchema) and the plan rules on the stored terms with the edit
 * applied (as the API checks them): the body to PUT (cleared fields as null), or the errors by field.
 */
export function checkUpdate(f: PlanForm, current: Plan): Checked<UpdatePlanBody> {
  const s = sharedFields(f);
  const body: UpdatePlanBody = {
    display_name: s.display_name ?? null,
    start_date: f.start_date,
    end_date: s.end_date ?? null,
    discount_type: s.discount_type ?? null,
    discount_value: s.discount_value ?? null,
    auto_renew: f.auto_renew,
    owner_email: s.owner_email ?? null,
    notes: s.notes ?? null,
  };
  const parsed = UpdatePlanSchema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: issuesByField(parsed.error.issues) };
  // Every shared field is sent, so the terms after the edit are the body's (cycle fields cannot change here).
  const issues = planIssues({
    start_date: f.start_date,
    end_date: body.end_date,
    discount_type: body.discount_type,
    discount_value: parsed.data.discount_value ?? null,
  });
  const firstChange = current.changes[0]?.effective_date;
  const errors: Record<string, string> = {};
  for (const i of issues) errors[i.field] ??= i.message;
  if (firstChange && f.start_date > firstChange)
    errors.start_date ??= `cannot move after the first change (${firstChange})`;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body };
}

export interface ChangeForm {
  effective_date: string;
  seats: string;
  unit_price: string;
}

/** A dated change checked with the contract (PlanChangeBodySchema): seats and/or price from a day on. */
export function checkChange(f: ChangeForm): Checked<ChangeBody> {
  const body = defined({
    effective_date: f.effective_date,
    seats: whole(f.seats),
    unit_price: text(f.unit_price),
  }) as ChangeBody;
  const parsed = PlanChangeBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: issuesByField(parsed.error.issues) };
  return { ok: true, body };
}

/** The days whose cost a plan edit changed: from `from` through today (the pipeline recomputes them). */
export interface Stale {
  from: Day;
  /** What changed, for the banner ("Cursor pro: seats from Nov 16"). */
  what: string[];
}

/** Adds an edit to what is stale: the earliest day wins, the reasons add up. */
export function addStale(prev: Stale | undefined, from: Day, what: string): Stale {
  if (!prev) return { from, what: [what] };
  return { from: from < prev.from ? from : prev.from, what: [...prev.what, what] };
}

/**
 * The runs that recompute `from` through `today`: ranges of at most MAX_RUN_DAYS days, oldest first, or none when
 * `from` is after today (a future change: the daily schedule computes it when its day comes).
 */
export function recalcRanges(from: Day, today: Day): { start_date: Day; end_date: Day }[] {
  const ranges: { start_date: Day; end_date: Day }[] = [];
  for (let start = from; start <= today; start = addDays(start, MAX_RUN_DAYS)) {
    const end = addDays(start, MAX_RUN_DAYS - 1);
    ranges.push({ start_date: start, end_date: end < today ? end : today });
  }
  return ranges;
}

/** The days a range covers (both ends included). */
export const rangeDays = (r: { start_date: Day; end_date: Day }) => daysBetween(r.start_date, r.end_date);

/** The earliest day a plan accrued (its start), over plans; undefined without plans. */
export const earliestStart = (plans: readonly Plan[]): Day | undefined =>
  plans.reduce<Day | undefined>(
    (min, p) => (min === undefined || p.start_date < min ? p.start_date : min),
    undefined,
  );

/** "5 seats and $12.5 per cycle" style summary of a change (the price as the API stored it). */
export function describeChange(c: Plan['changes'][number], currency: string): string {
  const parts: string[] = [];
  if (c.seats !== null) parts.push(`${c.seats} seat${c.seats === 1 ? '' : 's'}`);
  if (c.unit_price !== null) parts.push(`${c.unit_price} ${currency}`);
  return parts.join(', ');
}

/**
 * The seats and price in force on `day`: the plan's terms with every change effective on or before it applied in
 * date order (a change leaves what it does not set as it was), as the cost schedule applies them.
 */
export function termsOn(plan: Plan, day: Day): { seats: number; unit_price: number } {
  const terms = { seats: plan.seats, unit_price: plan.unit_price };
  const changes = [...plan.changes].sort((a, b) => (a.effective_date < b.effective_date ? -1 : 1));
  for (const c of changes) {
    if (c.effective_date > day) break;
    if (c.seats !== null) terms.seats = c.seats;
    if (c.unit_price !== null) terms.unit_price = c.unit_price;
  }
  return terms;
}
