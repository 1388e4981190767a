import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useForm, useWatch, type UseFormReturn } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import {
  AlertKindSchema,
  SeveritySchema,
  type AlertKind,
  type CreateAlertBody,
} from '../../../../shared/contracts/alerts.js';
import { useServices } from '../../app/services.js';
import { alertPresetsQuery } from '../../app/queries.js';
import { Dialog } from '../../components/ui/dialog.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { cn } from '../../components/ui/cn.js';
import {
  AMOUNT_LABELS,
  AlertFormSchema,
  EMPTY_ALERT_FORM,
  KIND_HINTS,
  KIND_LABELS,
  PERIOD_LABELS,
  kindFields,
  presetAmount,
  presetFormSchema,
  type AlertFormValues,
  type AmountField,
  type Preset,
  type PresetFormValues,
} from './model.js';
import { ChannelPicker, useNotifyMutation, type Channel } from './common.js';
import { ScopeFields } from './scope-fields.js';

interface Props {
  org: string;
  currency: string;
  channels: readonly Channel[];
  onClose: () => void;
}

const amountLabel = (field: AmountField, currency: string) =>
  field === 'threshold' ? `Threshold (${currency})` : AMOUNT_LABELS[field];

/** A new alert: from a preset (GET …/presets, the usual way) or built field by field. */
export function CreateAlertDialog(props: Props) {
  const [mode, setMode] = useState<'preset' | 'custom'>('preset');
  const { api } = useServices();
  const create = useNotifyMutation(props.org, async (body: CreateAlertBody) => {
    await api.POST('/api/v1/alerts/{org}', { params: { path: { org: props.org } }, body });
  });
  const submit = async (body: CreateAlertBody) => {
    try {
      await create.mutateAsync(body);
      props.onClose();
    } catch {
      // shown from create.error
    }
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      title="New alert"
      description="Choose what to watch and where to send it."
    >
      <div className="-mx-1 max-h-[65vh] space-y-4 overflow-y-auto px-1">
        <div
          role="group"
          aria-label="How to create"
          className="inline-flex rounded-md border border-line p-0.5"
        >
          {(['preset', 'custom'] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
              className={cn(
                'rounded px-3 py-1 text-sm',
                mode === m ? 'bg-surface-2 font-medium text-text' : 'text-muted hover:text-text',
              )}
            >
              {m === 'preset' ? 'From a preset' : 'Custom'}
            </button>
          ))}
        </div>
        {create.error ? <ErrorAlert error={create.error} title="Could not create the alert" /> : null}
        {mode === 'preset' ? (
          <PresetForm {...props} onSubmit={submit} />
        ) : (
          <CustomForm {...props} onSubmit={submit} />
        )}
      </div>
    </Dialog>
  );
}

type FormProps = Props & { onSubmit: (body: CreateAlertBody) => Promise<void> };

function Actions({ busy, onClose }: { busy: boolean; onClose: () => void }) {
  return (
    <div className="flex justify-end gap-2 pt-1">
      <Button variant="secondary" onClick={onClose}>
        Cancel
      </Button>
      <Button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create alert'}
      </Button>
    </div>
  );
}

function PresetForm(props: FormProps) {
  const { api } = useServices();
  const presets = useQuery(alertPresetsQuery(api, props.org));
  if (presets.isPending)
    return (
      <div className="space-y-2" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    );
  if (presets.isError) return <ErrorAlert error={presets.error} title="Could not load the presets" />;
  if (presets.data.items.length === 0)
    return <p className="text-sm text-muted">No presets: build a custom alert.</p>;
  return <PresetFields {...props} presets={presets.data.items} />;
}

function PresetFields(props: FormProps & { presets: readonly Preset[] }) {
  const schema = useMemo(() => presetFormSchema(props.presets), [props.presets]);
  const first = props.presets[0];
  const form = useForm<PresetFormValues, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { preset: first?.preset ?? '', name: '', amount: presetAmount(first), channel_ids: [] },
  });
  const presetId = useWatch({ control: form.control, name: 'preset' });
  const chosen = props.presets.find((p) => p.preset === presetId);
  const field = chosen ? kindFields(chosen.alert.kind).amount : null;
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={(e) => void form.handleSubmit(props.onSubmit)(e)} noValidate className="space-y-4">
      <PresetChoices form={form} presets={props.presets} chosen={chosen?.preset} />
      {field ? (
        <Field id="preset-amount" label={amountLabel(field, props.currency)} error={errors.amount?.message}>
          <Input
            inputMode="decimal"
            {...fieldAria('preset-amount', errors.amount?.message)}
            {...form.register('amount')}
          />
        </Field>
      ) : null}
      <Field
        id="preset-name"
        label="Name"
        hint={`Optional: "${chosen?.name ?? ''}" if left empty.`}
        error={errors.name?.message}
      >
        <Input
          placeholder={chosen?.name}
          {...fieldAria('preset-name', errors.name?.message, true)}
          {...form.register('name')}
        />
      </Field>
      <ChannelPicker
        control={form.control}
        name="channel_ids"
        channels={props.channels}
        legend="Send to"
        error={errors.channel_ids?.message}
      />
      <Actions busy={isSubmitting} onClose={props.onClose} />
    </form>
  );
}

/** The presets as radio cards; choosing one puts its own amount (if any) in the amount box. */
function PresetChoices(props: {
  form: UseFormReturn<PresetFormValues, unknown, CreateAlertBody>;
  presets: readonly Preset[];
  chosen: string | undefined;
}) {
  const { form } = props;
  const field = form.register('preset');
  const error = form.formState.errors.preset?.message;
  const chosen = props.presets.find((p) => p.preset === props.chosen);
  return (
    <fieldset className="space-y-1.5" aria-describedby={chosen ? 'preset-description' : undefined}>
      <legend className="text-sm font-medium">Preset</legend>
      <ul className="grid gap-1.5 sm:grid-cols-2">
        {props.presets.map((p) => (
          <li key={p.preset}>
            <label
              className={cn(
                'flex h-full cursor-pointer gap-2 rounded-md border px-2.5 py-2 text-sm',
                props.chosen === p.preset ? 'border-accent bg-surface-2' : 'border-line',
              )}
            >
              <input
                type="radio"
                value={p.preset}
                className="mt-0.5 size-4 shrink-0 accent-[var(--accent)]"
                {...field}
                onChange={(e) => {
                  void field.onChange(e);
                  form.setValue('amount', presetAmount(p));
                }}
              />
              <span>
                <span className="block leading-tight font-medium">{p.name}</span>
                <span className="block text-xs text-muted">
                  {KIND_LABELS[p.alert.kind]}
                  {p.alert.period ? ` · ${PERIOD_LABELS[p.alert.period]}` : ''}
                </span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {chosen ? (
        <p id="preset-description" className="text-xs text-muted">
          {chosen.description}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs font-medium text-danger">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export type CustomFormApi = UseFormReturn<AlertFormValues, unknown, CreateAlertBody>;

function CustomForm(props: FormProps) {
  const form: CustomFormApi = useForm<AlertFormValues, unknown, CreateAlertBody>({
    resolver: zodResolver(AlertFormSchema),
    defaultValues: EMPTY_ALERT_FORM,
  });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={(e) => void form.handleSubmit(props.onSubmit)(e)} noValidate className="space-y-4">
      <Field id="alert-name" label="Name" error={errors.name?.message}>
        <Input {...fieldAria('alert-name', errors.name?.message)} {...form.register('name')} />
      </Field>
      <KindFields form={form} kind={kind} currency={props.currency} />
      <ScopeFields org={props.org} form={form} costScope={kindFields(kind).costScope} />
      <ChannelPicker
        control={form.control}
        name="channel_ids"
        channels={props.channels}
        legend="Send to"
        error={errors.channel_ids?.message}
      />
      <Actions busy={isSubmitting} onClose={props.onClose} />
    </form>
  );
}

/** Kind and severity, then the period and the amount when the kind takes them. */
function KindFields({ form, kind, currency }: { form: CustomFormApi; kind: AlertKind; currency: string }) {
  const f = kindFields(kind);
  const errors = form.formState.errors;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field id="alert-kind" label="Kind" hint={KIND_HINTS[kind]} error={errors.kind?.message}>
        <Select {...fieldAria('alert-kind', errors.kind?.message, true)} {...form.register('kind')}>
          {AlertKindSchema.options.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="alert-severity" label="Severity" error={errors.severity?.message}>
        <Select {...fieldAria('alert-severity', errors.severity?.message)} {...form.register('severity')}>
          {SeveritySchema.options.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0).toUpperCase() + s.slice(1)}
            </option>
          ))}
        </Select>
      </Field>
      {f.period === 'choose' ? (
        <Field
          id="alert-period"
          label="Period"
          hint="Calendar period in UTC, to date."
          error={errors.period?.message}
        >
          <Select {...fieldAria('alert-period', errors.period?.message, true)} {...form.register('period')}>
            {(['day', 'week', 'month'] as const).map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {f.amount ? (
        <Field id="alert-amount" label={amountLabel(f.amount, currency)} error={errors[f.amount]?.message}>
          <Input
            key={f.amount}
            inputMode={f.amount === 'days' ? 'numeric' : 'decimal'}
            {...fieldAria('alert-amount', errors[f.amount]?.message)}
            {...form.register(f.amount)}
          />
        </Field>
      ) : null}
    </div>
  );
}
