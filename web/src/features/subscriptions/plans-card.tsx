import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import { formatMoney } from '../../lib/money.js';
import { formatUtcDay } from '../../lib/day-format.js';
import { saasPlansQuery } from '../costs/queries.js';
import { ChangeDialog } from './change-dialog.js';
import { ConfirmDialog, OnOffBadge, useSaasWrite, WriteButton } from './common.js';
import {
  CYCLE_LABELS,
  describeChange,
  earliestStart,
  emptyPlanForm,
  planToForm,
  type Plan,
  type PlanForm,
  termsOn,
  type ProviderItem,
} from './model.js';
import { PlanDialog } from './plan-dialog.js';

type Editing =
  { kind: 'new'; initial: PlanForm } | { kind: 'edit'; plan: Plan } | { kind: 'change'; plan: Plan };

const planLabel = (p: Plan) => p.display_name ?? p.plan_name;

/**
 * One provider's plans: add (blank or from a catalogue template), edit, a dated seat/price change, switch on/off,
 * delete and reset to the catalogue (each destructive step confirmed, naming what goes). Every write reports the
 * first day whose cost it changed (`onEdited`) so the page can offer to recalculate.
 */
export function PlansCard(props: {
  org: string;
  provider: ProviderItem;
  orgCurrency: string;
  today: string;
  onEdited: (from: string, what: string) => void;
}) {
  const { org, provider, today, onEdited } = props;
  const { api } = useServices();
  const plans = useQuery(saasPlansQuery(api, org, provider.provider));
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<Plan>();
  const [resetting, setResetting] = useState(false);
  const name = provider.display_name;
  const planPath = (p: Plan) => ({ params: { path: { org, provider: p.provider, plan_id: p.plan_id } } });
  const toggle = useSaasWrite(org, async (p: Plan) => {
    const { data } = await api.POST(
      '/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}/toggle',
      planPath(p),
    );
    return data!;
  });
  const items = plans.data?.items ?? [];

  const columns: DataColumn<Plan>[] = [
    {
      id: 'plan',
      header: 'Plan',
      sortValue: planLabel,
      cell: (p) => (
        <>
          <span className="font-medium">{planLabel(p)}</span>
          {p.display_name ? <span className="block text-xs text-muted">{p.plan_name}</span> : null}
        </>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      sortValue: (p) => (p.enabled ? 'on' : 'off'),
      cell: (p) => (
        <>
          <OnOffBadge on={p.enabled} labels={['On', 'Off']} />
          {p.disabled_from ? (
            <span className="block text-xs text-muted">since {formatUtcDay(p.disabled_from)}</span>
          ) : null}
        </>
      ),
    },
    {
      id: 'cycle',
      header: 'Cycle',
      sortValue: (p) => CYCLE_LABELS[p.billing_cycle],
      cell: (p) =>
        p.billing_cycle === 'custom'
          ? p.custom_cycle_days
            ? `Every ${p.custom_cycle_days} days`
            : `Every ${p.custom_cycle_months} months`
          : CYCLE_LABELS[p.billing_cycle],
    },
    {
      id: 'seats',
      header: 'Seats now',
      numeric: true,
      sortValue: (p) => (p.pricing_model === 'PER_SEAT' ? termsOn(p, today).seats : null),
      cell: (p) => (p.pricing_model === 'PER_SEAT' ? termsOn(p, today).seats : '—'),
    },
    {
      id: 'price',
      header: 'Price per cycle now',
      numeric: true,
      sortValue: (p) => termsOn(p, today).unit_price,
      cell: (p) =>
        `${formatMoney(termsOn(p, today).unit_price, p.currency)}${p.pricing_model === 'PER_SEAT' ? ' / seat' : ''}`,
    },
    {
      id: 'discount',
      header: 'Discount',
      sortValue: (p) => p.discount_value,
      cell: (p) =>
        p.discount_type === 'percent'
          ? `${p.discount_value}%`
          : p.discount_type === 'fixed'
            ? `${formatMoney(p.discount_value ?? 0, p.currency)} off`
            : '—',
    },
    {
      id: 'dates',
      header: 'Term',
      sortValue: (p) => p.start_date,
      cell: (p) => `${formatUtcDay(p.start_date)} – ${p.end_date ? formatUtcDay(p.end_date) : 'open'}`,
    },
    {
      id: 'changes',
      header: 'Changes',
      sortable: false,
      sortValue: () => null,
      cell: (p) =>
        p.changes.length ? (
          <ul className="text-xs">
            {p.changes.map((c) => (
              <li key={c.effective_date}>
                From {formatUtcDay(c.effective_date)}: {describeChange(c, p.currency)}
                {c.effective_date > today ? ' (upcoming)' : ''}
              </li>
            ))}
          </ul>
        ) : (
          '—'
        ),
    },
    {
      id: 'actions',
      header: 'Actions',
      numeric: true,
      sortable: false,
      sortValue: () => null,
      cell: (p) => (
        <div className="flex flex-wrap justify-end gap-1">
          <WriteButton
            label="Edit"
            ariaLabel={`Edit ${planLabel(p)}`}
            onClick={() => setEditing({ kind: 'edit', plan: p })}
          />
          <WriteButton
            label="Add change"
            ariaLabel={`Add change to ${planLabel(p)}`}
            onClick={() => setEditing({ kind: 'change', plan: p })}
          />
          <WriteButton
            label={p.enabled ? 'Switch off' : 'Switch on'}
            ariaLabel={`${p.enabled ? 'Switch off' : 'Switch on'} ${planLabel(p)}`}
            busy={toggle.isPending && toggle.variables?.plan_id === p.plan_id}
            onClick={() =>
              toggle.mutateAsync(p).then(
                // Off: it stops accruing from today. On again: it accrues as if never off, from when it stopped.
                () =>
                  onEdited(
                    p.enabled ? today : (p.disabled_from ?? today),
                    `${name} ${planLabel(p)} switched ${p.enabled ? 'off' : 'on'}`,
                  ),
                () => {},
              )
            }
          />
          <WriteButton
            label="Delete"
            ariaLabel={`Delete ${planLabel(p)}`}
            danger
            onClick={() => setDeleting(p)}
          />
        </div>
      ),
    },
  ];

  return (
    <Card aria-labelledby="saas-plans-title" data-testid="saas-plans">
      <CardTitle
        action={
          <div className="flex gap-2">
            {provider.in_catalog ? (
              <WriteButton
                label="Reset to catalogue"
                variant="secondary"
                onClick={() => setResetting(true)}
              />
            ) : null}
            <WriteButton
              label={
                <>
                  <Plus aria-hidden="true" className="size-4" />
                  Add plan
                </>
              }
              variant="primary"
              onClick={() => setEditing({ kind: 'new', initial: emptyPlanForm(today) })}
            />
          </div>
        }
      >
        <span id="saas-plans-title">{name} plans</span>
      </CardTitle>
      {!provider.enabled ? (
        <p className="mb-3 text-sm text-muted">
          {name} is disabled: its plans accrue no cost. Enable it under Providers.
        </p>
      ) : null}
      {toggle.error ? <ErrorAlert error={toggle.error} title="The plan was not switched" /> : null}
      {plans.isPending ? (
        <div aria-busy="true" className="space-y-2">
          {[0, 1].map((i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </div>
      ) : !plans.data ? (
        <ErrorAlert error={plans.error} title={`Could not load the ${name} plans`} />
      ) : items.length === 0 ? (
        <div className="space-y-2 text-sm">
          <p className="text-muted">No {name} plan yet.</p>
          {provider.template_plans.length ? (
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-muted">Start from the catalogue:</span>
              {provider.template_plans.map((t) => (
                <WriteButton
                  key={t.plan_name}
                  variant="secondary"
                  label={`Add ${t.plan_name} (${t.unit_price}${t.pricing_model === 'PER_SEAT' ? ' per seat' : ''})`}
                  onClick={() => setEditing({ kind: 'new', initial: emptyPlanForm(today, t) })}
                />
              ))}
            </div>
          ) : null}
        </div>
      ) : (
        <DataTable
          caption={`${name} plans`}
          columns={columns}
          rows={items}
          rowId={(p) => p.plan_id}
          testId="saas-plans-table"
        />
      )}
      {editing?.kind === 'new' || editing?.kind === 'edit' ? (
        <PlanDialog
          org={org}
          provider={provider.provider}
          providerName={name}
          orgCurrency={props.orgCurrency}
          initial={editing.kind === 'edit' ? planToForm(editing.plan) : editing.initial}
          {...(editing.kind === 'edit' ? { plan: editing.plan } : {})}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            const before = editing.kind === 'edit' ? editing.plan.start_date : saved.start_date;
            setEditing(undefined);
            onEdited(
              before < saved.start_date ? before : saved.start_date,
              `${name} ${planLabel(saved)} ${editing.kind === 'edit' ? 'edited' : 'added'}`,
            );
          }}
        />
      ) : null}
      {editing?.kind === 'change' ? (
        <ChangeDialog
          org={org}
          plan={editing.plan}
          today={today}
          onClose={() => setEditing(undefined)}
          onSaved={(c) => {
            setEditing(undefined);
            onEdited(
              c.effective_date,
              `${name} ${planLabel(editing.plan)}: ${[
                c.seats !== undefined ? `${c.seats} seats` : '',
                c.unit_price !== undefined ? `price ${c.unit_price}` : '',
              ]
                .filter(Boolean)
                .join(', ')} from ${formatUtcDay(c.effective_date)}`,
            );
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          org={org}
          title={`Delete the ${name} plan “${planLabel(deleting)}”?`}
          description={`The plan and its ${deleting.changes.length} dated change${deleting.changes.length === 1 ? '' : 's'} go. Its computed costs go at the next recalculation.`}
          confirmLabel="Delete plan"
          busyLabel="Deleting…"
          run={() =>
            api.DELETE('/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}', planPath(deleting))
          }
          onDone={(result) => {
            if (result) onEdited(deleting.start_date, `${name} ${planLabel(deleting)} deleted`);
            setDeleting(undefined);
          }}
        />
      ) : null}
      {resetting ? (
        <ConfirmDialog
          org={org}
          title={`Reset ${name} to the catalogue?`}
          description={
            <>
              {items.length
                ? `These ${items.length} plan${items.length === 1 ? '' : 's'} and their changes go: ${items.map(planLabel).join(', ')}. `
                : ''}
              In their place come the catalogue plans (
              {provider.template_plans.map((t) => t.plan_name).join(', ')}), switched off, one seat, from
              today, to edit and switch on.
            </>
          }
          confirmLabel="Reset plans"
          busyLabel="Resetting…"
          run={async () =>
            (
              await api.POST('/api/v1/subscriptions/{org}/providers/{provider}/reset', {
                params: { path: { org, provider: provider.provider } },
              })
            ).data!
          }
          onDone={(result) => {
            const from = earliestStart(items);
            if (result && from) onEdited(from, `${name} reset to the catalogue`);
            setResetting(false);
          }}
        />
      ) : null}
    </Card>
  );
}
