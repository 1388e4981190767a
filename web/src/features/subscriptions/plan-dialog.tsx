import { useState, type FormEvent } from 'react';
import { BILLING_CYCLES } from '../../../../shared/contracts/subscriptions.js';
import { useServices } from '../../app/services.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { fieldErrorsOf, useSaasWrite } from './common.js';
import { checkCreate, checkUpdate, CYCLE_LABELS, describeChange, type Plan, type PlanForm } from './model.js';

/**
 * Add a plan to a provider, or edit one. Checked with the contract's schemas before it is sent (money stays the
 * typed decimal text); the API's own refusal shows on its field. An edit changes the plan's terms from its start;
 * seats and price from a date go through "Add change", so they are read-only here.
 */
export function PlanDialog(props: {
  org: string;
  provider: string;
  providerName: string;
  initial: PlanForm;
  /** Editing this plan (else a new one). */
  plan?: Plan;
  orgCurrency: string;
  onClose: () => void;
  onSaved: (plan: Plan) => void;
}) {
  const { org, provider, plan } = props;
  const { api } = useServices();
  const [form, setForm] = useState<PlanForm>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof PlanForm>(k: K, v: PlanForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const path = { org, provider };
  const save = useSaasWrite(org, async (f: PlanForm): Promise<Plan | undefined> => {
    if (plan) {
      const checked = checkUpdate(f, plan);
      if (!checked.ok) return void setErrors(checked.errors);
      const { data } = await api.PUT('/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}', {
        params: { path: { ...path, plan_id: plan.plan_id } },
        body: checked.body,
      });
      return data!;
    }
    const checked = checkCreate(f);
    if (!checked.ok) return void setErrors(checked.errors);
    const { data } = await api.POST('/api/v1/subscriptions/{org}/providers/{provider}/plans', {
      params: { path },
      body: checked.body,
    });
    return data!;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    save.mutateAsync(form).then(
      (saved) => (saved ? props.onSaved(saved) : undefined),
      (error: unknown) => setErrors(fieldErrorsOf(error)),
    );
  };
  const id = (name: string) => `plan-${name}`;
  const input = (name: keyof PlanForm & string, label: string, extra: Record<string, unknown> = {}) => (
    <Field id={id(name)} label={label} error={errors[name]} hint={extra.hint as string | undefined}>
      <Input
        {...fieldAria(id(name), errors[name], Boolean(extra.hint))}
        value={form[name] as string}
        onChange={(e) => set(name, e.target.value as never)}
        {...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'hint'))}
      />
    </Field>
  );
  const perSeat = form.pricing_model === 'PER_SEAT';
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={plan ? `Edit ${plan.display_name ?? plan.plan_name}` : `Add a ${props.providerName} plan`}
      description={
        plan
          ? 'These terms apply from the plan’s start. Seats and price changes from a date: use “Add change”.'
          : 'The price is per billing cycle (per seat for per-seat plans); costs spread over each day of the cycle.'
      }
    >
      <form
        noValidate
        onSubmit={submit}
        aria-label={plan ? 'Edit plan' : 'New plan'}
        className="max-h-[70vh] space-y-4 overflow-y-auto pr-1"
      >
        {save.error ? <ErrorAlert error={save.error} title="The plan was not saved" /> : null}
        {plan ? (
          <p className="text-sm">
            <span className="text-muted">Plan: </span>
            <code>{plan.plan_name}</code> · {CYCLE_LABELS[plan.billing_cycle]} ·{' '}
            {plan.pricing_model === 'PER_SEAT' ? `${plan.seats} seats × ` : ''}
            {plan.unit_price} {plan.currency}
            {plan.changes.length
              ? ` · changes: ${plan.changes.map((c) => `${c.effective_date} ${describeChange(c, plan.currency)}`).join('; ')}`
              : ''}
          </p>
        ) : (
          input('plan_name', 'Plan name', {
            hint: 'Lower case, digits and _ (pro, business_plus); unique per provider.',
            autoComplete: 'off',
          })
        )}
        {input('display_name', 'Display name (optional)')}
        <div className="grid grid-cols-2 gap-3">
          {input('start_date', 'Start', { type: 'date' })}
          {input('end_date', 'End (optional)', { type: 'date' })}
        </div>
        {plan ? null : (
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
                {input('custom_length', 'Cycle length', { inputMode: 'numeric' })}
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
            <div className="grid grid-cols-3 gap-3">
              {input('unit_price', perSeat ? 'Price per seat per cycle' : 'Price per cycle', {
                inputMode: 'decimal',
                placeholder: '8.75',
              })}
              {perSeat ? input('seats', 'Seats', { inputMode: 'numeric' }) : <div />}
              {input('currency', 'Currency', { placeholder: props.orgCurrency, maxLength: 3 })}
            </div>
          </>
        )}
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
          {form.discount_type
            ? input('discount_value', form.discount_type === 'percent' ? 'Percent' : 'Amount', {
                inputMode: 'decimal',
              })
            : null}
        </div>
        {input('owner_email', 'Owner email (optional)', { type: 'email', autoComplete: 'off' })}
        {input('notes', 'Notes (optional)')}
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
          {plan ? null : (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-[var(--accent)]"
                checked={form.enabled}
                onChange={(e) => set('enabled', e.target.checked)}
              />
              Switched on (accrues cost)
            </label>
          )}
        </div>
        {errors.form ? (
          <p role="alert" className="text-xs font-medium text-danger">
            {errors.form}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : plan ? 'Save plan' : 'Add plan'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
