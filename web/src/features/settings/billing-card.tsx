import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Check, ExternalLink } from 'lucide-react';
import type { z } from 'zod';
import type { BillingStatusSchema, PlanInfoSchema } from '../../../../shared/contracts/billing.js';
import { useServices } from '../../app/services.js';
import { plansQuery } from '../../app/queries.js';
import { Alert, ErrorAlert } from '../../components/ui/alert.js';
import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { cn } from '../../components/ui/cn.js';
import { formatMoney } from '../../lib/money.js';
import { formatTimestamp } from '../alerts/model.js';
import { RequireRole } from '../org/use-role.js';
import { Facts, Loaded, SettingsCard, useSettingsWrite } from './common.js';
import { billingQuery } from './queries.js';
import { PLAN_STATUS_LABELS, daysUntil } from './model.js';

type PlanInfo = z.output<typeof PlanInfoSchema>;
type Plan = PlanInfo['plan'];
type Billing = z.output<typeof BillingStatusSchema>;

const n = (v: number) => new Intl.NumberFormat('en-US').format(v);
// A plan change moves limits, seats and the org's status.
const REFRESH = ['billing', 'quota', 'profile'] as const;

/** This page's own address: where Stripe sends the browser back to. */
const here = (org: string) => `${window.location.origin}/${org}/settings/billing`;

/** The subscription's facts (plan, status, trial or period end, payments) and the alerts its status calls for. */
function SubscriptionFacts({ billing: b, current }: { billing: Billing; current: PlanInfo | undefined }) {
  return (
    <>
      <Facts
        testId="billing-facts"
        items={[
          ['Plan', current?.name ?? b.plan],
          ['Status', <span data-testid="billing-status-value">{PLAN_STATUS_LABELS[b.status]}</span>],
          [
            b.status === 'TRIAL' ? 'Trial ends' : 'Current period ends',
            b.status === 'TRIAL' && b.trial_ends_at ? (
              <span data-volatile>
                {formatTimestamp(b.trial_ends_at)} ({daysUntil(b.trial_ends_at)} days left)
              </span>
            ) : b.current_period_end ? (
              <span data-volatile>{formatTimestamp(b.current_period_end)}</span>
            ) : (
              '—'
            ),
          ],
          ['Payments', b.stripe_enabled ? 'Stripe' : 'Not configured (plans apply at once)'],
        ]}
      />
      {b.cancel_at_period_end ? (
        <Alert title="Cancels at the end of the period">
          <p>The subscription ends when the current period does. Reopen it in Manage billing.</p>
        </Alert>
      ) : null}
      {b.status === 'SUSPENDED' || b.status === 'EXPIRED' || b.status === 'CANCELLED' ? (
        <Alert tone="error" title={`The subscription is ${PLAN_STATUS_LABELS[b.status].toLowerCase()}`}>
          <p>Pipelines do not run until a plan is chosen below.</p>
        </Alert>
      ) : null}
    </>
  );
}

/** The billing reads (subscription, plans) and the Billing Portal redirect. */
function useBilling(org: string) {
  const { api } = useServices();
  const billing = useQuery(billingQuery(api, org));
  const plans = useQuery(plansQuery(api));
  const portal = useSettingsWrite(org, [], async () => {
    const { data } = await api.POST('/api/v1/billing/{org}/portal', {
      params: { path: { org } },
      body: { return_url: here(org) },
    });
    window.location.assign(data!.url);
  });
  return { billing, plans, portal };
}

/** "Manage billing": opens the Stripe Billing Portal (admins). */
function PortalButton({ portal }: { portal: ReturnType<typeof useBilling>['portal'] }) {
  return (
    <RequireRole min="admin">
      {(disabled) => (
        <Button
          size="sm"
          variant="secondary"
          disabled={disabled || portal.isPending}
          onClick={() => void portal.mutateAsync(undefined).catch(() => {})}
        >
          <ExternalLink aria-hidden="true" className="size-4" />
          {portal.isPending ? 'Opening…' : 'Manage billing'}
        </Button>
      )}
    </RequireRole>
  );
}

/**
 * Plan, status, trial end and period end (GET /billing/{org}); with Stripe on (/config.json), Checkout for a new
 * plan and the Billing Portal, both by redirect; without Stripe a plan change applies at once.
 */
export function BillingCard({ org }: { org: string }) {
  const { config } = useServices();
  const { billing, plans, portal } = useBilling(org);
  const stripe = config.stripe_enabled;
  const [changing, setChanging] = useState<PlanInfo>();
  return (
    <>
      <SettingsCard
        id="billing-status"
        title="Subscription"
        action={stripe ? <PortalButton portal={portal} /> : null}
      >
        <Loaded query={billing} what="subscription" lines={2}>
          {(b) => (
            <SubscriptionFacts billing={b} current={plans.data?.plans.find((p) => p.plan === b.plan)} />
          )}
        </Loaded>
        {portal.error ? <ErrorAlert error={portal.error} title="Could not open the billing portal" /> : null}
      </SettingsCard>
      <SettingsCard
        id="plans"
        title="Plans"
        lead={
          stripe
            ? 'Choosing a plan opens Stripe Checkout; you come back here when it is done.'
            : 'Payments are not configured on this installation: a plan change applies at once.'
        }
      >
        <Loaded query={plans} what="plans" lines={3}>
          {(list) => (
            <ul className="grid gap-3 sm:grid-cols-3">
              {list.plans.map((p) => (
                <PlanTile
                  key={p.plan}
                  plan={p}
                  current={billing.data?.plan === p.plan}
                  live={billing.data?.status === 'ACTIVE' || billing.data?.status === 'TRIAL'}
                  stripe={stripe}
                  onChoose={() => setChanging(p)}
                />
              ))}
            </ul>
          )}
        </Loaded>
      </SettingsCard>
      {changing ? (
        <ChangePlanDialog org={org} plan={changing} stripe={stripe} onDone={() => setChanging(undefined)} />
      ) : null}
    </>
  );
}

function PlanTile(props: {
  plan: PlanInfo;
  current: boolean;
  live: boolean;
  stripe: boolean;
  onChoose: () => void;
}) {
  const p = props.plan;
  // The current plan is chosen again only to restart a stopped subscription.
  const choosable = !props.current || !props.live;
  return (
    <li
      className={cn(
        'rounded-lg border bg-surface p-4',
        props.current ? 'border-accent ring-2 ring-accent' : 'border-line',
      )}
      data-testid={`plan-${p.plan}`}
    >
      <div className="flex items-center justify-between">
        <span className="font-semibold">{p.name}</span>
        {props.current ? (
          <span className="inline-flex items-center gap-1 text-xs font-medium text-accent">
            <Check aria-hidden="true" className="size-3.5" />
            Current plan
          </span>
        ) : null}
      </div>
      <p className="mt-1 text-2xl font-semibold">
        {formatMoney(p.price_monthly, p.currency)}
        <span className="text-sm font-normal text-muted"> / month</span>
      </p>
      <ul className="mt-3 space-y-1 text-xs text-muted">
        <li>{n(p.limits.daily_runs)} pipeline runs a day</li>
        <li>{n(p.limits.monthly_runs)} runs a month</li>
        <li>{n(p.limits.concurrent_runs)} runs at a time</li>
        <li>{n(p.limits.seats)} seats</li>
        <li>{n(p.limits.providers)} providers</li>
      </ul>
      {choosable ? (
        <RequireRole min="admin">
          {(disabled) => (
            <Button size="sm" className="mt-4 w-full" disabled={disabled} onClick={props.onChoose}>
              {props.current ? `Restart ${p.name}` : `Switch to ${p.name}`}
            </Button>
          )}
        </RequireRole>
      ) : null}
    </li>
  );
}

/** Confirms a plan change: with Stripe it continues in Checkout; without, it applies at once. */
function ChangePlanDialog(props: { org: string; plan: PlanInfo; stripe: boolean; onDone: () => void }) {
  const { api } = useServices();
  const change = useSettingsWrite(props.org, REFRESH, async (plan: Plan) => {
    const { data } = await api.POST('/api/v1/billing/{org}/checkout', {
      params: { path: { org: props.org } },
      body: { plan, success_url: here(props.org), cancel_url: here(props.org) },
    });
    return data!.url;
  });
  const p = props.plan;
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : props.onDone())}
      title={`Switch to ${p.name}?`}
      description={
        props.stripe
          ? `You continue in Stripe Checkout to pay ${formatMoney(p.price_monthly, p.currency)} a month.`
          : `The plan and its limits (${n(p.limits.seats)} seats, ${n(p.limits.providers)} providers, ${n(p.limits.daily_runs)} runs a day) apply at once.`
      }
    >
      <div className="space-y-4">
        {change.error ? <ErrorAlert error={change.error} title="Could not change the plan" /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onDone}>
            Cancel
          </Button>
          <Button
            disabled={change.isPending}
            onClick={() =>
              void change.mutateAsync(p.plan).then(
                (url) => {
                  if (props.stripe) window.location.assign(url);
                  else props.onDone();
                },
                () => {},
              )
            }
          >
            {change.isPending ? 'Switching…' : props.stripe ? 'Continue to checkout' : `Switch to ${p.name}`}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
