import { useState, type FormEvent } from 'react';
import { useServices } from '../../app/services.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { fieldErrorsOf, useSaasWrite } from './common.js';
import { checkCreate, checkUpdate, type Plan, type PlanForm } from './model.js';
import {
  NewPlanTermsFields,
  PlanDiscountFields,
  PlanInput,
  PlanSummary,
  PlanSwitches,
  type SetPlanField,
} from './plan-fields.js';

interface PlanDialogProps {
  org: string;
  provider: string;
  providerName: string;
  initial: PlanForm;
  /** Editing this plan (else a new one). */
  plan?: Plan;
  orgCurrency: string;
  onClose: () => void;
  onSaved: (plan: Plan) => void;
}

/**
 * The plan form's state and its save: checked with the contract's schemas first (a refusal shows on its field, nothing
 * is sent), then created or updated; the API's own refusal (a 400's details) shows on its field too.
 */
function usePlanForm(props: PlanDialogProps) {
  const { org, provider, plan } = props;
  const { api } = useServices();
  const [form, setForm] = useState<PlanForm>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set: SetPlanField = (k, v) => setForm((f) => ({ ...f, [k]: v }));
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
  return { form, errors, set, save, submit };
}

/**
 * Add a plan to a provider, or edit one. Checked with the contract's schemas before it is sent (money stays the
 * typed decimal text); the API's own refusal shows on its field. An edit changes the plan's terms from its start;
 * seats and price from a date go through "Add change", so they are read-only here.
 */
export function PlanDialog(props: PlanDialogProps) {
  const { plan } = props;
  const { form, errors, set, save, submit } = usePlanForm(props);
  const fields = { form, errors, set };
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
          <PlanSummary plan={plan} />
        ) : (
          <PlanInput
            {...fields}
            name="plan_name"
            label="Plan name"
            extra={{
              hint: 'Lower case, digits and _ (pro, business_plus); unique per provider.',
              autoComplete: 'off',
            }}
          />
        )}
        <PlanInput {...fields} name="display_name" label="Display name (optional)" />
        <div className="grid grid-cols-2 gap-3">
          <PlanInput {...fields} name="start_date" label="Start" extra={{ type: 'date' }} />
          <PlanInput {...fields} name="end_date" label="End (optional)" extra={{ type: 'date' }} />
        </div>
        {plan ? null : <NewPlanTermsFields {...fields} orgCurrency={props.orgCurrency} />}
        <PlanDiscountFields {...fields} />
        <PlanInput
          {...fields}
          name="owner_email"
          label="Owner email (optional)"
          extra={{ type: 'email', autoComplete: 'off' }}
        />
        <PlanInput {...fields} name="notes" label="Notes (optional)" />
        <PlanSwitches form={form} set={set} isNew={!plan} />
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
