import { useState } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { DataTable, type DataColumn } from '../../components/ui/data-table.js';
import { formatUtcDay } from '../../lib/day-format.js';
import { saasPlansQuery } from '../costs/queries.js';
import { ChangeDialog } from './change-dialog.js';
import { useSaasWrite, WriteButton } from './common.js';
import { emptyPlanForm, planToForm, type Plan, type PlanForm, type ProviderItem } from './model.js';
import { planColumns, planLabel } from './plan-columns.js';
import { DeletePlanDialog, ResetPlansDialog } from './plan-confirm-dialogs.js';
import { PlanDialog } from './plan-dialog.js';

type Editing =
  { kind: 'new'; initial: PlanForm } | { kind: 'edit'; plan: Plan } | { kind: 'change'; plan: Plan };

interface PlansCardProps {
  org: string;
  provider: ProviderItem;
  orgCurrency: string;
  today: string;
  onEdited: (from: string, what: string) => void;
}

/** Switching a plan off or on; once switched, reports the first day whose cost it changed. */
function usePlanToggle({ org, provider, today, onEdited }: PlansCardProps) {
  const { api } = useServices();
  const toggle = useSaasWrite(org, async (p: Plan) => {
    const { data } = await api.POST(
      '/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}/toggle',
      {
        params: { path: { org, provider: p.provider, plan_id: p.plan_id } },
      },
    );
    return data!;
  });
  const run = (p: Plan) =>
    toggle.mutateAsync(p).then(
      // Off: it stops accruing from today. On again: it accrues as if never off, from when it stopped.
      () =>
        onEdited(
          p.enabled ? today : (p.disabled_from ?? today),
          `${provider.display_name} ${planLabel(p)} switched ${p.enabled ? 'off' : 'on'}`,
        ),
      () => {},
    );
  const toggling = (p: Plan) => toggle.isPending && toggle.variables?.plan_id === p.plan_id;
  return { run, toggling, error: toggle.error };
}

/** No plan yet: the catalogue's template plans, each a button that opens the form prefilled with it. */
function NoPlans(props: { provider: ProviderItem; onTemplate: (initial: PlanForm) => void; today: string }) {
  const { provider, today } = props;
  const name = provider.display_name;
  return (
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
              onClick={() => props.onTemplate(emptyPlanForm(today, t))}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** The plans: loading, the error that stopped them, no plan yet (with the catalogue's templates), or the table. */
function PlansList(props: {
  plans: UseQueryResult<{ items: Plan[] }>;
  provider: ProviderItem;
  today: string;
  columns: DataColumn<Plan>[];
  onTemplate: (initial: PlanForm) => void;
}) {
  const { plans, provider, today } = props;
  const name = provider.display_name;
  const items = plans.data?.items ?? [];
  return plans.isPending ? (
    <div aria-busy="true" className="space-y-2">
      {[0, 1].map((i) => (
        <Skeleton key={i} className="h-9" />
      ))}
    </div>
  ) : !plans.data ? (
    <ErrorAlert error={plans.error} title={`Could not load the ${name} plans`} />
  ) : items.length === 0 ? (
    <NoPlans provider={provider} today={today} onTemplate={props.onTemplate} />
  ) : (
    <DataTable
      caption={`${name} plans`}
      columns={props.columns}
      rows={items}
      rowId={(p) => p.plan_id}
      testId="saas-plans-table"
    />
  );
}

/** The card's buttons: reset to the catalogue (a catalogue provider) and add a blank plan. */
function PlansCardActions(props: { inCatalog: boolean; onReset: () => void; onAdd: () => void }) {
  return (
    <div className="flex gap-2">
      {props.inCatalog ? (
        <WriteButton label="Reset to catalogue" variant="secondary" onClick={props.onReset} />
      ) : null}
      <WriteButton
        label={
          <>
            <Plus aria-hidden="true" className="size-4" />
            Add plan
          </>
        }
        variant="primary"
        onClick={props.onAdd}
      />
    </div>
  );
}

/**
 * The open plan form or dated-change form; a save closes it and reports the first day whose cost it changed (an
 * edit: the earlier of the plan's old and new start).
 */
function PlanEditing(props: PlansCardProps & { editing: Editing; onClose: () => void }) {
  const { org, provider, editing, onClose, onEdited } = props;
  const name = provider.display_name;
  if (editing.kind === 'change') {
    return (
      <ChangeDialog
        org={org}
        plan={editing.plan}
        today={props.today}
        onClose={onClose}
        onSaved={(c) => {
          onClose();
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
    );
  }
  return (
    <PlanDialog
      org={org}
      provider={provider.provider}
      providerName={name}
      orgCurrency={props.orgCurrency}
      initial={editing.kind === 'edit' ? planToForm(editing.plan) : editing.initial}
      {...(editing.kind === 'edit' ? { plan: editing.plan } : {})}
      onClose={onClose}
      onSaved={(saved) => {
        const before = editing.kind === 'edit' ? editing.plan.start_date : saved.start_date;
        onClose();
        onEdited(
          before < saved.start_date ? before : saved.start_date,
          `${name} ${planLabel(saved)} ${editing.kind === 'edit' ? 'edited' : 'added'}`,
        );
      }}
    />
  );
}

/**
 * One provider's plans: add (blank or from a catalogue template), edit, a dated seat/price change, switch on/off,
 * delete and reset to the catalogue (each destructive step confirmed, naming what goes). Every write reports the
 * first day whose cost it changed (`onEdited`) so the page can offer to recalculate.
 */
export function PlansCard(props: PlansCardProps) {
  const { org, provider, today, onEdited } = props;
  const { api } = useServices();
  const plans = useQuery(saasPlansQuery(api, org, provider.provider));
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<Plan>();
  const [resetting, setResetting] = useState(false);
  const toggle = usePlanToggle(props);
  const name = provider.display_name;
  const items = plans.data?.items ?? [];
  const columns = planColumns(today, {
    edit: (plan) => setEditing({ kind: 'edit', plan }),
    addChange: (plan) => setEditing({ kind: 'change', plan }),
    toggle: (plan) => void toggle.run(plan),
    toggling: toggle.toggling,
    remove: setDeleting,
  });

  return (
    <Card aria-labelledby="saas-plans-title" data-testid="saas-plans">
      <CardTitle
        action={
          <PlansCardActions
            inCatalog={provider.in_catalog}
            onReset={() => setResetting(true)}
            onAdd={() => setEditing({ kind: 'new', initial: emptyPlanForm(today) })}
          />
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
      <PlansList
        plans={plans}
        provider={provider}
        today={today}
        columns={columns}
        onTemplate={(initial) => setEditing({ kind: 'new', initial })}
      />
      {editing ? <PlanEditing {...props} editing={editing} onClose={() => setEditing(undefined)} /> : null}
      {deleting ? (
        <DeletePlanDialog
          org={org}
          providerName={name}
          plan={deleting}
          onEdited={onEdited}
          onClose={() => setDeleting(undefined)}
        />
      ) : null}
      {resetting ? (
        <ResetPlansDialog
          org={org}
          provider={provider}
          items={items}
          onEdited={onEdited}
          onClose={() => setResetting(false)}
        />
      ) : null}
    </Card>
  );
}
