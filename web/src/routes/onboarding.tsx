import { useForm, useWatch, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { CreateOrgBodySchema } from '../../../shared/contracts/organizations.js';
import { useServices } from '../app/services.js';
import { plansQuery } from '../app/queries.js';
import { AuthLayout } from '../features/auth/auth-layout.js';
import { PlanCards } from '../features/onboarding/plan-cards.js';
import { ApiKeyDialog } from '../features/onboarding/api-key-dialog.js';
import { useCreateOrg, type CreateOrgBody } from '../features/onboarding/use-create-org.js';
import { browserTimezone, CURRENCIES, timezones } from '../features/onboarding/options.js';
import { ErrorAlert } from '../components/ui/alert.js';
import { Button } from '../components/ui/button.js';
import { Field, fieldAria, Input, Select } from '../components/ui/input.js';
import { Skeleton } from '../components/ui/skeleton.js';

/** `/onboarding`: a signed-in user creates an org (their first, or one more) and is shown its API key once. */
export function OnboardingPage() {
  const { api } = useServices();
  const plans = useQuery(plansQuery(api));
  const { created, failure, leaving, submit, proceed } = useCreateOrg();
  const form = useForm<CreateOrgBody>({
    resolver: zodResolver(CreateOrgBodySchema),
    defaultValues: { org_name: '', plan: 'STARTER', currency: 'USD', timezone: browserTimezone() },
  });
  const { errors, isSubmitting } = form.formState;
  const plan = useWatch({ control: form.control, name: 'plan' });

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
        <LocaleFields register={form.register} errors={errors} />
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

function LocaleFields(props: {
  register: UseFormRegister<CreateOrgBody>;
  errors: FieldErrors<CreateOrgBody>;
}) {
  const { register, errors } = props;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field id="currency" label="Currency" error={errors.currency?.message}>
        <Select {...fieldAria('currency', errors.currency?.message)} {...register('currency')}>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </Field>
      <Field id="timezone" label="Time zone" error={errors.timezone?.message}>
        <Select {...fieldAria('timezone', errors.timezone?.message)} {...register('timezone')}>
          {timezones().map((z) => (
            <option key={z}>{z}</option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
