import { useState, type FormEvent } from 'react';
import { useServices } from '../../app/services.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Field, fieldAria, Input } from '../../components/ui/input.js';
import { fieldErrorsOf, useSaasWrite } from './common.js';
import { checkChange, type ChangeBody, type ChangeForm, type Plan } from './model.js';

/**
 * A seat and/or price change from a date on (prorated inside its cycle), checked with the contract's schema; the
 * API's refusal (a day on or before the plan's start, after its end) shows on its field.
 */
export function ChangeDialog(props: {
  org: string;
  plan: Plan;
  today: string;
  onClose: () => void;
  onSaved: (change: ChangeBody) => void;
}) {
  const { org, plan } = props;
  const { api } = useServices();
  const perSeat = plan.pricing_model === 'PER_SEAT';
  const [form, setForm] = useState<ChangeForm>({ effective_date: props.today, seats: '', unit_price: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useSaasWrite(org, async (body: ChangeBody) => {
    await api.POST('/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}/changes', {
      params: { path: { org, provider: plan.provider, plan_id: plan.plan_id } },
      body,
    });
    return body;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkChange(perSeat ? form : { ...form, seats: '' });
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    add.mutateAsync(checked.body).then(props.onSaved, (error: unknown) => setErrors(fieldErrorsOf(error)));
  };
  const field = (name: keyof ChangeForm, label: string, extra: Record<string, string> = {}) => (
    <Field id={`change-${name}`} label={label} error={errors[name]}>
      <Input
        {...fieldAria(`change-${name}`, errors[name])}
        value={form[name]}
        onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
        {...extra}
      />
    </Field>
  );
  const name = plan.display_name ?? plan.plan_name;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Change ${name} from a date`}
      description={`Now ${perSeat ? `${plan.seats} seats × ` : ''}${plan.unit_price} ${plan.currency} per cycle. The new terms apply from the day on (prorated inside its cycle); earlier days keep the old ones.`}
    >
      <form noValidate onSubmit={submit} aria-label="Plan change" className="space-y-4">
        {add.error ? <ErrorAlert error={add.error} title="The change was not saved" /> : null}
        {field('effective_date', 'From', { type: 'date' })}
        <div className="grid grid-cols-2 gap-3">
          {perSeat ? field('seats', 'New seats', { inputMode: 'numeric' }) : null}
          {field('unit_price', perSeat ? 'New price per seat' : 'New price', {
            inputMode: 'decimal',
          })}
        </div>
        <p className="text-xs text-muted">Leave a field empty to keep it as it is.</p>
        {errors.form ? (
          <p role="alert" className="text-xs font-medium text-danger">
            Enter new seats or a new price.
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={add.isPending}>
            {add.isPending ? 'Saving…' : 'Add change'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
