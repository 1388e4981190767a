import type { UseFormRegisterReturn } from 'react-hook-form';
import { Check } from 'lucide-react';
import type { z } from 'zod';
import type { PlanInfoSchema } from '../../../../shared/contracts/billing.js';
import { formatMoney } from '../../lib/money.js';

type PlanInfo = z.infer<typeof PlanInfoSchema>;

const n = (v: number) => new Intl.NumberFormat('en-US').format(v);

/** The plans as radio cards (one radio group: arrow keys move between plans). */
export function PlanCards(props: {
  plans: readonly PlanInfo[];
  selected: string | undefined;
  field: UseFormRegisterReturn<'plan'>;
}) {
  return (
    <div role="radiogroup" aria-labelledby="plan-label" className="grid gap-3 sm:grid-cols-3">
      {props.plans.map((p) => {
        const on = props.selected === p.plan;
        return (
          <label
            key={p.plan}
            className={`relative cursor-pointer rounded-lg border p-4 transition-colors ${
              on ? 'border-accent ring-2 ring-accent' : 'border-line hover:border-muted'
            } bg-surface`}
          >
            <input type="radio" value={p.plan} className="sr-only" {...props.field} />
            <span className="flex items-center justify-between">
              <span className="font-semibold">{p.name}</span>
              {on ? <Check aria-hidden="true" className="size-4 text-accent" /> : null}
            </span>
            <span className="mt-1 block text-2xl font-semibold">
              {formatMoney(p.price_monthly, p.currency)}
              <span className="text-sm font-normal text-muted"> / month</span>
            </span>
            <ul className="mt-3 space-y-1 text-xs text-muted">
              <li>{n(p.limits.daily_runs)} pipeline runs a day</li>
              <li>{n(p.limits.monthly_runs)} runs a month</li>
              <li>{n(p.limits.seats)} seats</li>
              <li>{n(p.limits.providers)} providers</li>
            </ul>
          </label>
        );
      })}
    </div>
  );
}
