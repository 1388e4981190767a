import { BILLING_CYCLES } from '../../../../shared/contracts/subscriptions.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { CYCLE_LABELS, describeChange, type Plan, type PlanForm } from './model.js';

/** Sets one field of the plan form. */
export type SetPlanField = <K extends keyof PlanForm>(k: K, v: PlanForm[K]) => void;

/** What every group of the plan form's fields reads and writes. */
export interface PlanFieldsProps {
  form: PlanForm;
  errors: Record<string, string>;
  set: SetPlanField;
}

const id = (name: string) => `plan-${name}`;

/** A text field of the plan form, its hint and the error on it; `extra` goes to the input as attributes. */
export function PlanInput({
  form,
  errors,
  set,
  name,
  label,
  extra = {},
}: PlanFieldsProps & { name: keyof PlanForm & string; label: string; extra?: Record<string, unknown> }) {
  return (
    <Field id={id(name)} label={label} error={errors[name]} hint={extra.hint as string | undefined}>
      <Input
        {...fieldAria(id(name), errors[name], Boolean(extra.hint))}
        value={form[name] as string}
        onChange={(e) => set(name, e.target.value as never)}
        {...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'hint'))}
      />
    </Field>
  );
}

/** The terms of the plan being edited, as they stand (name, cycle, seats, price and dated changes). */
export function PlanSummary({ plan }: { plan: Plan }) {
  return (
    <p className="text-sm">
      <span className="text-muted">Plan: </span>
      <code>{plan.plan_name}</code> · {CYCLE_LABELS[plan.billing_cycle]} ·{' '}
      {plan.pricing_model === 'PER_SEAT' ? `${plan.seats} seats × ` : ''}
      {plan.unit_price} {plan.currency}
      {plan.changes.length
        ? ` · changes: ${plan.changes.map((c) => `${c.effective_date} ${describeChange(c, plan.currency)}`).join('; ')}`
        : ''}
    </p>
  );
}

/** A new plan's billing cycle (its custom length) and pricing model. */
function PlanCycleFields(props: PlanFieldsProps) {
  const { form, errors, set } = props;
  return (
    <>
      <div className="grid grid-cols-2 gap-3">
        <Field id={id('billing_cycle')} label="Billing cycle" error={errors.billing_cycle}>
          <Select
            {...fieldAria(id('billing_cycle'), errors.billing_cycle)}
            value={form.billing_cycle}
            onChange={(e) => set('billing_cycle', e.target.value as PlanForm['billing_cycle'])}
          >
            {BILLING_CYCLES.map((c) => (
              <option key={c} value={c}>
                {CYCLE_LABELS[c]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={id('pricing_model')} label="Pricing" error={errors.pricing_model}>
          <Select
            {...fieldAria(id('pricing_model'), errors.pricing_model)}
            value={form.pricing_model}
            onChange={(e) => set('pricing_model', e.target.value as PlanForm['pricing_model'])}
          >
            <option value="PER_SEAT">Per seat</option>
            <option value="FLAT_FEE">Flat fee</option>
          </Select>
        </Field>
      </div>
      {form.billing_cycle === 'custom' ? (
        <div className="grid grid-cols-2 gap-3">
          <PlanInput {...props} name="custom_length" label="Cycle length" extra={{ inputMode: 'numeric' }} />
          <Field id={id('custom_unit')} label="Unit">
            <Select
              id={id('custom_unit')}
              value={form.custom_unit}
              onChange={(e) => set('custom_unit', e.target.value as 'months' | 'days')}
            >
              <option value="months">Months (1–36)</option>
              <option value="days">Days (1–3660)</option>
            </Select>
          </Field>
        </div>
      ) : null}
    </>
  );
}

/** A new plan's terms: its cycle and pricing, then price, seats (per-seat plans) and currency. */
export function NewPlanTermsFields(props: PlanFieldsProps & { orgCurrency: string }) {
  const { orgCurrency, ...fields } = props;
  const perSeat = fields.form.pricing_model === 'PER_SEAT';
  return (
    <>
      <PlanCycleFields {...fields} />
      <div className="grid grid-cols-3 gap-3">
        <PlanInput
          {...fields}
          name="unit_price"
          label={perSeat ? 'Price per seat per cycle' : 'Price per cycle'}
          extra={{ inputMode: 'decimal', placeholder: '8.75' }}
        />
        {perSeat ? (
          <PlanInput {...fields} name="seats" label="Seats" extra={{ inputMode: 'numeric' }} />
        ) : (
          <div />
        )}
        <PlanInput
          {...fields}
          name="currency"
          label="Currency"
          extra={{ placeholder: orgCurrency, maxLength: 3 }}
        />
      </div>
    </>
  );
}

/** The discount: none, a percent or an amount off each cycle, with its value. */
export function PlanDiscountFields(props: PlanFieldsProps) {
  const { form, errors, set } = props;
  return (
    <div className="grid grid-cols-2 gap-3">
      <Field id={id('discount_type')} label="Discount" error={errors.discount_type}>
        <Select
          {...fieldAria(id('discount_type'), errors.discount_type)}
          value={form.discount_type}
          onChange={(e) => set('discount_type', e.target.value as PlanForm['discount_type'])}
        >
          <option value="">None</option>
          <option value="percent">Percent off each cycle</option>
          <option value="fixed">Amount off each cycle</option>
        </Select>
      </Field>
      {form.discount_type ? (
        <PlanInput
          {...props}
          name="discount_value"
          label={form.discount_type === 'percent' ? 'Percent' : 'Amount'}
          extra={{ inputMode: 'decimal' }}
        />
      ) : null}
    </div>
  );
}

/** Renews automatically, and (a new plan) whether it is switched on. */
export function PlanSwitches({ form, set, isNew }: Omit<PlanFieldsProps, 'errors'> & { isNew: boolean }) {
  return (
    <div className="flex flex-wrap gap-4">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4 accent-[var(--accent)]"
          checked={form.auto_renew}
          onChange={(e) => set('auto_renew', e.target.checked)}
        />
        Renews automatically
      </label>
      {isNew ? (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-[var(--accent)]"
            checked={form.enabled}
            onChange={(e) => set('enabled', e.target.checked)}
          />
          Switched on (accrues cost)
        </label>
      ) : null}
    </div>
  );
}
