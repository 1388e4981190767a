import type { DataColumn } from '../../components/ui/data-table.js';
import { formatMoney } from '../../lib/money.js';
import { formatUtcDay } from '../../lib/day-format.js';
import { OnOffBadge, WriteButton } from './common.js';
import { CYCLE_LABELS, describeChange, termsOn, type Plan } from './model.js';

/** A plan's name as the page shows it: its display name, else its plan name. */
export const planLabel = (p: Plan) => p.display_name ?? p.plan_name;

/** What a plan row's buttons do. */
export interface PlanRowActions {
  edit: (p: Plan) => void;
  addChange: (p: Plan) => void;
  toggle: (p: Plan) => void;
  /** Whether this plan's switch is under way. */
  toggling: (p: Plan) => boolean;
  remove: (p: Plan) => void;
}

/** What the plan is and how it bills: name, on/off, cycle, and seats and price in force `today`. */
function billingColumns(today: string): DataColumn<Plan>[] {
  return [
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
  ];
}

/** The plan's discount, term, and dated changes (those after `today` marked upcoming). */
function termColumns(today: string): DataColumn<Plan>[] {
  return [
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
  ];
}

/** A plan row's buttons: edit, add a dated change, switch off/on, delete. */
function PlanActions({ plan: p, actions }: { plan: Plan; actions: PlanRowActions }) {
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <WriteButton label="Edit" ariaLabel={`Edit ${planLabel(p)}`} onClick={() => actions.edit(p)} />
      <WriteButton
        label="Add change"
        ariaLabel={`Add change to ${planLabel(p)}`}
        onClick={() => actions.addChange(p)}
      />
      <WriteButton
        label={p.enabled ? 'Switch off' : 'Switch on'}
        ariaLabel={`${p.enabled ? 'Switch off' : 'Switch on'} ${planLabel(p)}`}
        busy={actions.toggling(p)}
        onClick={() => actions.toggle(p)}
      />
      <WriteButton
        label="Delete"
        ariaLabel={`Delete ${planLabel(p)}`}
        danger
        onClick={() => actions.remove(p)}
      />
    </div>
  );
}

/** The plans table's columns: seats and price as in force `today`, then each row's actions. */
export function planColumns(today: string, actions: PlanRowActions): DataColumn<Plan>[] {
  return [
    ...billingColumns(today),
    ...termColumns(today),
    {
      id: 'actions',
      header: 'Actions',
      numeric: true,
      sortable: false,
      sortValue: () => null,
      cell: (p) => <PlanActions plan={p} actions={actions} />,
    },
  ];
}
