import { useServices } from '../../app/services.js';
import { ConfirmDialog } from './common.js';
import { earliestStart, type Plan, type ProviderItem } from './model.js';
import { planLabel } from './plan-columns.js';

/**
 * "Delete the plan?": names the dated changes that go with it; a deletion reports the plan's start as the first
 * day whose cost changed.
 */
export function DeletePlanDialog(props: {
  org: string;
  providerName: string;
  plan: Plan;
  onEdited: (from: string, what: string) => void;
  onClose: () => void;
}) {
  const { org, providerName: name, plan: deleting } = props;
  const { api } = useServices();
  return (
    <ConfirmDialog
      org={org}
      title={`Delete the ${name} plan “${planLabel(deleting)}”?`}
      description={`The plan and its ${deleting.changes.length} dated change${deleting.changes.length === 1 ? '' : 's'} go. Its computed costs go at the next recalculation.`}
      confirmLabel="Delete plan"
      busyLabel="Deleting…"
      run={() =>
        api.DELETE('/api/v1/subscriptions/{org}/providers/{provider}/plans/{plan_id}', {
          params: { path: { org, provider: deleting.provider, plan_id: deleting.plan_id } },
        })
      }
      onDone={(result) => {
        if (result) props.onEdited(deleting.start_date, `${name} ${planLabel(deleting)} deleted`);
        props.onClose();
      }}
    />
  );
}

/**
 * "Reset to the catalogue?": names the plans that go and the catalogue plans that come in their place; a reset
 * reports the earliest start of the plans that went as the first day whose cost changed.
 */
export function ResetPlansDialog(props: {
  org: string;
  provider: ProviderItem;
  items: readonly Plan[];
  onEdited: (from: string, what: string) => void;
  onClose: () => void;
}) {
  const { org, provider, items } = props;
  const { api } = useServices();
  const name = provider.display_name;
  return (
    <ConfirmDialog
      org={org}
      title={`Reset ${name} to the catalogue?`}
      description={
        <>
          {items.length
            ? `These ${items.length} plan${items.length === 1 ? '' : 's'} and their changes go: ${items.map(planLabel).join(', ')}. `
            : ''}
          In their place come the catalogue plans (
          {provider.template_plans.map((t) => t.plan_name).join(', ')}), switched off, one seat, from today,
          to edit and switch on.
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
        if (result && from) props.onEdited(from, `${name} reset to the catalogue`);
        props.onClose();
      }}
    />
  );
}
