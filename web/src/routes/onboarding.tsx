import { useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { z } from 'zod';
import { CreateOrgBodySchema } from '../../../shared/contracts/organizations.js';
import { useServices } from '../app/services.js';
import { plansQuery } from '../app/queries.js';
import { rememberOrg } from '../app/last-org.js';
import { AuthLayout } from '../features/auth/auth-layout.js';
import { PlanCards } from '../features/onboarding/plan-cards.js';
import { ApiKeyDialog } from '../features/onboarding/api-key-dialog.js';
import { browserTimezone, CURRENCIES, timezones } from '../features/onboarding/options.js';
import { ErrorAlert } from '../components/ui/alert.js';
import { Button } from '../components/ui/button.js';
import { Field, fieldAria, Input, Select } from '../components/ui/input.js';
import { Skeleton } from '../components/ui/skeleton.js';

type Body = z.input<typeof CreateOrgBodySchema>;
type Created = { org_slug: string; api_key: string; plan: Body['plan'] };

export function OnboardingPage() {
  const { api, config } = useServices();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const plans = useQuery(plansQuery(api));
  const [created, setCreated] = useState<Created>();
  const [failure, setFailure] = useState<unknown>();
  const [leaving, setLeaving] = useState(false);
  // One key per distinct submission: a retry of the same form after a lost answer creates the org once.
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const form = useForm<Body>({
    resolver: zodResolver(CreateOrgBodySchema),
    defaultValues: { org_name: '', plan: 'STARTER', currency: 'USD', timezone: browserTimezone() },
  });
  const { errors, isSubmitting } = form.formState;
  const plan = useWatch({ control: form.control, name: 'plan' });

  const submit = async (body: Body) => {
    setFailure(undefined);
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: crypto.randomUUID() };
    try {
      const { data } = await api.POST('/api/v1/organizations', {
        body,
        headers: { 'Idempotency-Key': attempt.current.key },
      });
      rememberOrg(data!.org_slug);
      setCreated({ org_slug: data!.org_slug, api_key: data!.api_key, plan: data!.plan });
    } catch (err) {
      setFailure(err);
    }
  };

  // After the key is stored: Stripe Checkout when payments are on, else straight to the new org.
  const proceed = async () => {
    if (!created) return;
    setLeaving(true);
    await queryClient.invalidateQueries({ queryKey: ['me'] });
    const org = created.org_slug;
    if (config.stripe_enabled) {
      try {
        const back = `${window.location.origin}/${org}/dashboard`;
        const { data } = await api.POST('/api/v1/billing/{org}/checkout', {
          params: { path: { org } },
          body: { plan: created.plan, success_url: back, cancel_url: back },
        });
        setCreated(undefined);
        window.location.assign(data!.url);
        return;
      } catch (err) {
        setFailure(err);
      }
    }
    setCreated(undefined);
    await navigate({ to: '/$org/dashboard', params: { org } });
  };

  return (
    <AuthLayout title="Create your organization" wide>
      <form onSubmit={(e) => void form.handleSubmit(submit)(e)} noValidate className="space-y-5">
        {failure ? <ErrorAlert error={failure} title="Could not create the organization" /> : null}
        <Field id="org_name" label="Organization name" error={errors.org_name?.message}>
          <Input
            autoComplete="organization"
            {...fieldAria('org_name', errors.org_name?.message)}
            {...form.register('org_name')}
          />
        </Field>
        <div className="space-y-1.5">
          <p id="plan-label" className="text-sm font-medium">
            Plan <span className="font-normal text-muted">(starts with a free trial)</span>
          </p>
          {plans.isPending ? (
            <div className="grid gap-3 sm:grid-cols-3">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} className="h-40" />
              ))}
            </div>
          ) : plans.isError ? (
            <ErrorAlert error={plans.error} title="Could not load the plans" />
          ) : (
            <PlanCards plans={plans.data.plans} selected={plan} field={form.register('plan')} />
          )}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="currency" label="Currency" error={errors.currency?.message}>
            <Select {...fieldAria('currency', errors.currency?.message)} {...form.register('currency')}>
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
          <Field id="timezone" label="Time zone" error={errors.timezone?.message}>
            <Select {...fieldAria('timezone', errors.timezone?.message)} {...form.register('timezone')}>
              {timezones().map((z) => (
                <option key={z}>{z}</option>
              ))}
            </Select>
          </Field>
        </div>
        <Button type="submit" className="w-full" disabled={isSubmitting || plans.isPending}>
          {isSubmitting ? 'Creating…' : 'Create organization'}
        </Button>
      </form>
      {created ? (
        <ApiKeyDialog apiKey={created.api_key} busy={leaving} onDone={() => void proceed()} />
      ) : null}
    </AuthLayout>
  );
}
