import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useServices } from '../../app/services.js';
import { orgProfileQuery } from '../../app/queries.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Field, fieldAria, Input, Select } from '../../components/ui/input.js';
import { CURRENCIES, timezones } from '../onboarding/options.js';
import { RequireRole, useRole } from '../org/use-role.js';
import { Loaded, SettingsCard, useSettingsWrite } from './common.js';
import { localeQuery } from './queries.js';
import {
  MONTHS,
  ProfileFormSchema,
  localeChanges,
  profileChanges,
  profileFormValues,
  withCurrent,
  type Locale,
  type LocaleFormValues,
  type Profile,
  type ProfileFormValues,
} from './model.js';

/** Save (admin and up; below, disabled with the role it needs) and the outcome of the last save. */
function SaveRow(props: { busy: boolean; dirty: boolean; saved: boolean; label: string }) {
  return (
    <div className="flex items-center justify-end gap-3">
      {props.saved && !props.dirty ? (
        <p role="status" className="text-sm text-success">
          Saved.
        </p>
      ) : null}
      <RequireRole min="admin">
        {(disabled) => (
          <Button type="submit" disabled={disabled || props.busy || !props.dirty}>
            {props.busy ? 'Saving…' : props.label}
          </Button>
        )}
      </RequireRole>
    </div>
  );
}

/** Name, admin email, contact and billing email (GET/PUT /organizations/{org}). */
export function ProfileCard({ org }: { org: string }) {
  const { api } = useServices();
  const profile = useQuery(orgProfileQuery(api, org));
  return (
    <SettingsCard id="profile" title="Profile" lead="Who the organization is and where we write to about it.">
      <Loaded query={profile} what="profile" lines={4}>
        {(p) => <ProfileForm org={org} profile={p} />}
      </Loaded>
    </SettingsCard>
  );
}

function ProfileForm({ org, profile }: { org: string; profile: Profile }) {
  const { api } = useServices();
  const { can } = useRole();
  const [saved, setSaved] = useState(false);
  const form = useForm<ProfileFormValues>({
    resolver: zodResolver(ProfileFormSchema),
    defaultValues: profileFormValues(profile),
  });
  const { errors, isDirty } = form.formState;
  // A saved (or elsewhere changed) profile becomes the form's new starting point.
  useEffect(() => form.reset(profileFormValues(profile)), [profile, form]);
  const save = useSettingsWrite(org, ['profile'], (body: ReturnType<typeof profileChanges>) =>
    api.PUT('/api/v1/organizations/{org}', { params: { path: { org } }, body }),
  );
  const onSubmit = form.handleSubmit(async (values) => {
    setSaved(false);
    const body = profileChanges(profile, values);
    if (Object.keys(body).length === 0) return;
    await save.mutateAsync(body).then(
      () => setSaved(true),
      () => {},
    );
  });
  const text = (
    name: keyof ProfileFormValues,
    label: string,
    type: 'text' | 'email' | 'tel',
    hint?: string,
  ) => (
    <Field id={`profile-${name}`} label={label} hint={hint} error={errors[name]?.message}>
      <Input
        type={type}
        autoComplete="off"
        {...fieldAria(`profile-${name}`, errors[name]?.message, Boolean(hint))}
        {...form.register(name)}
      />
    </Field>
  );
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-4">
      <fieldset disabled={!can('admin')} className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">Profile</legend>
        {text('org_name', 'Organization name', 'text')}
        {text('admin_email', 'Admin email', 'email', 'Receives account and security notices.')}
        {text('contact_name', 'Contact name', 'text', 'Optional.')}
        {text('contact_phone', 'Contact phone', 'tel', 'Optional.')}
        {text('billing_email', 'Billing email', 'email', 'Invoices go here; empty: the admin email.')}
      </fieldset>
      {save.error ? <ErrorAlert error={save.error} title="Could not save the profile" /> : null}
      <SaveRow busy={save.isPending} dirty={isDirty} saved={saved} label="Save profile" />
    </form>
  );
}

/** Currency, time zone and fiscal year start (GET/PUT /organizations/{org}/locale). */
export function LocaleCard({ org }: { org: string }) {
  const { api } = useServices();
  const locale = useQuery(localeQuery(api, org));
  return (
    <SettingsCard
      id="locale"
      title="Currency and time"
      lead="Costs are shown in this currency and times in this time zone; the fiscal year starts in the month chosen."
    >
      <Loaded query={locale} what="locale" lines={3}>
        {(l) => <LocaleForm org={org} locale={l} />}
      </Loaded>
    </SettingsCard>
  );
}

function LocaleForm({ org, locale }: { org: string; locale: Locale }) {
  const { api } = useServices();
  const { can } = useRole();
  const [saved, setSaved] = useState(false);
  const form = useForm<LocaleFormValues>({ defaultValues: locale });
  useEffect(() => form.reset(locale), [locale, form]);
  // A new currency or time zone changes every figure and day: the profile, costs and everything else refresh.
  const save = useSettingsWrite(org, ['locale', 'profile', 'costs'], (body: Partial<LocaleFormValues>) =>
    api.PUT('/api/v1/organizations/{org}/locale', { params: { path: { org } }, body }),
  );
  const onSubmit = form.handleSubmit(async (values) => {
    setSaved(false);
    const body = localeChanges(locale, values);
    if (Object.keys(body).length === 0) return;
    await save.mutateAsync(body).then(
      () => setSaved(true),
      () => {},
    );
  });
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-4">
      <fieldset disabled={!can('admin')} className="grid gap-4 sm:grid-cols-3">
        <legend className="sr-only">Currency and time</legend>
        <Field id="locale-currency" label="Currency">
          <Select id="locale-currency" {...form.register('currency')}>
            {withCurrent(CURRENCIES, locale.currency).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="locale-timezone" label="Time zone">
          <Select id="locale-timezone" {...form.register('timezone')}>
            {withCurrent(timezones(), locale.timezone).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="locale-fiscal" label="Fiscal year starts in">
          <Select
            id="locale-fiscal"
            {...form.register('fiscal_year_start_month', { setValueAs: (v: string | number) => Number(v) })}
          >
            {MONTHS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>
      {form.formState.isDirty ? (
        <Alert title="Changing the currency">
          <p>
            Costs are not converted: the cost pages total the rows billed in the org's currency and count the
            rows billed in others apart.
          </p>
        </Alert>
      ) : null}
      {save.error ? <ErrorAlert error={save.error} title="Could not save the currency and time" /> : null}
      <SaveRow
        busy={save.isPending}
        dirty={form.formState.isDirty}
        saved={saved}
        label="Save currency and time"
      />
    </form>
  );
}
