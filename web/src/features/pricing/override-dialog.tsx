import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { ApiError } from '../../api/errors.js';
import { Dialog } from '../../components/ui/dialog.js';
import { Button } from '../../components/ui/button.js';
import { Field, Input, fieldAria } from '../../components/ui/input.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import {
  checkOverrideForm,
  overrideFieldErrors,
  PROVIDER_LABELS,
  RATE_FIELDS,
  type GenAiProvider,
  type OverrideBody,
  type OverrideForm,
  type PricingItem,
} from './model.js';
import { refreshPricing } from './queries.js';

type OverrideErrors = Partial<Record<keyof OverrideForm, string>>;

/**
 * The override form's state and its save: the form is checked with the contract's schema before it is sent,
 * prices stay decimal text (never floats), a 400's field errors land on their fields, an edit clears its field's
 * error.
 */
function useOverrideForm(props: {
  org: string;
  provider: GenAiProvider;
  initial: OverrideForm;
  onSaved: (item: PricingItem) => void;
}) {
  const { org, provider } = props;
  const { api } = useServices();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<OverrideForm>(props.initial);
  const [errors, setErrors] = useState<OverrideErrors>({});

  const save = useMutation({
    mutationFn: async (v: { model: string; body: OverrideBody }) =>
      (
        await api.PUT('/api/v1/integrations/{org}/{provider}/pricing/{model}', {
          params: { path: { org, provider, model: v.model } },
          body: v.body,
        })
      ).data!,
    onSuccess: async (item) => {
      await refreshPricing(queryClient, org);
      props.onSaved(item);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 400) setErrors(overrideFieldErrors(err.details));
    },
  });

  // An edit clears that field's error (it is checked again on Save).
  const set = (k: keyof OverrideForm) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setErrors((errs) => (errs[k] ? { ...errs, [k]: undefined } : errs));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkOverrideForm(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    save.mutate({ model: checked.model, body: checked.body });
  };

  // The API's message shows unless its field errors are on the fields (until every one is cleared by an edit).
  const showSaveError =
    save.isError &&
    !(save.error instanceof ApiError && save.error.status === 400 && Object.values(errors).some(Boolean));

  return { form, errors, set, submit, save, showSaveError };
}

/** The override form's fields: the model (typed or fixed), the dates, the rates per 1M tokens, currency, notes. */
function OverrideFields(props: {
  form: OverrideForm;
  errors: OverrideErrors;
  set: (k: keyof OverrideForm) => (e: { target: { value: string } }) => void;
  modelFixed: boolean;
  orgCurrency: string | undefined;
}) {
  const { form, errors, set } = props;
  const text = (k: keyof OverrideForm, label: string, hint?: string, extra: Record<string, unknown> = {}) => (
    <Field id={`override-${k}`} label={label} hint={hint} error={errors[k]}>
      <Input
        {...fieldAria(`override-${k}`, errors[k], hint !== undefined)}
        value={form[k]}
        onChange={set(k)}
        {...extra}
      />
    </Field>
  );

  return (
    <>
      {props.modelFixed ? (
        <p className="text-sm">
          <span className="text-muted">Model: </span>
          <span className="font-medium">{form.model}</span>
        </p>
      ) : (
        text(
          'model',
          'Model',
          'The model id, like gpt-4o (a dated snapshot applies to that snapshot only).',
          {
            autoComplete: 'off',
            spellCheck: false,
          },
        )
      )}
      <div className="grid grid-cols-2 gap-3">
        {text('effective_from', 'Effective from', undefined, { type: 'date', required: true })}
        {text('effective_to', 'Until (optional)', undefined, { type: 'date' })}
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Per 1M tokens</legend>
        <div className="grid grid-cols-2 gap-3">
          {RATE_FIELDS.map(([k, label, required]) =>
            text(k, required ? label : `${label} (optional)`, undefined, {
              inputMode: 'decimal',
              autoComplete: 'off',
              placeholder: required ? 'e.g. 2.5' : 'public price',
              required,
            }),
          )}
          {text('batch_discount_pct', 'Batch discount % (optional)', undefined, {
            inputMode: 'decimal',
            autoComplete: 'off',
            placeholder: 'public discount',
          })}
        </div>
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        {text('currency', 'Currency (optional)', `Blank: the org's ${props.orgCurrency ?? 'currency'}.`, {
          autoComplete: 'off',
          maxLength: 3,
          placeholder: props.orgCurrency ?? 'USD',
        })}
        {text('notes', 'Notes (optional)', undefined, { maxLength: 500, autoComplete: 'off' })}
      </div>
    </>
  );
}

/**
 * Set (or replace) the org's override of one model from a date: the form is checked with the contract's schema
 * before it is sent, prices stay decimal text (never floats), a 400's field errors land on their fields.
 */
export function OverrideDialog(props: {
  org: string;
  provider: GenAiProvider;
  initial: OverrideForm;
  /** The model is fixed (editing a row) or typed (a new model, or prefilled from unpriced usage). */
  modelFixed: boolean;
  orgCurrency: string | undefined;
  onClose: () => void;
  onSaved: (item: PricingItem) => void;
}) {
  const { form, errors, set, submit, save, showSaveError } = useOverrideForm(props);
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title={`Set a price: ${PROVIDER_LABELS[props.provider]}`}
      description="Your negotiated price per 1M tokens, from a day on. Usage before that day keeps its price; blank rates keep the public ones."
    >
      <form
        noValidate
        onSubmit={submit}
        aria-label="Price override"
        className="max-h-[70vh] space-y-4 overflow-y-auto pr-1"
      >
        <OverrideFields
          form={form}
          errors={errors}
          set={set}
          modelFixed={props.modelFixed}
          orgCurrency={props.orgCurrency}
        />
        {showSaveError ? <ErrorAlert error={save.error} title="The price was not saved" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save price'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
