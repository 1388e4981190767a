import { useQuery } from '@tanstack/react-query';
import { ArrowDownRight, ArrowUpRight } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { COST_TYPES } from '../../../../shared/contracts/costs.js';
import { Card } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { formatChange, formatMoney } from '../../lib/money.js';
import { formatRange, previousRange } from '../../lib/utc-days.js';
import { summaryQuery, totalQuery } from '../costs/queries.js';
import { COST_TYPE_LABELS, costTypeColor } from '../costs/labels.js';
import { CurrencyNotice } from '../costs/currency-notice.js';
import type { CostFilters } from '../costs/use-cost-filters.js';

function Kpi(props: {
  label: string;
  testId: string;
  value?: string;
  sub?: React.ReactNode;
  active: boolean;
}) {
  return (
    <Card className={props.active ? 'ring-2 ring-accent/40' : undefined}>
      <p className="text-xs font-medium text-muted">{props.label}</p>
      {props.value === undefined ? (
        <Skeleton className="mt-2 h-8 w-40" />
      ) : (
        <p className="mt-1 text-2xl font-semibold tracking-tight tabular-nums" data-testid={props.testId}>
          {props.value}
        </p>
      )}
      <div className="mt-1 min-h-5 text-xs text-muted">{props.sub}</div>
    </Card>
  );
}

/**
 * The range's totals from GET /costs/{org}/summary (never re-totalled here), the change against the previous range
 * of equal length (a second summary), and the split by cost type (GET /costs/{org}/total, both bases).
 */
export function DashboardKpis({ org, filters }: { org: string; filters: CostFilters }) {
  const { api } = useServices();
  const prev = previousRange(filters.range);
  const current = useQuery(summaryQuery(api, org, filters.query));
  const before = useQuery(
    summaryQuery(api, org, { ...filters.query, start_date: prev.start, end_date: prev.end }),
  );
  if (current.isError) return <ErrorAlert error={current.error} title="Could not load the totals" />;
  const s = current.data;
  const currency = s?.currency ?? 'USD';
  const effective = filters.basis === 'effective';
  const now = s ? (effective ? s.total_effective_cost : s.total_billed_cost) : undefined;
  const then = before.data
    ? effective
      ? before.data.total_effective_cost
      : before.data.total_billed_cost
    : undefined;
  const change = now !== undefined && then !== undefined ? formatChange(now, then) : null;
  const up = now !== undefined && then !== undefined && now > then;
  return (
    <div className="space-y-3">
      <CurrencyNotice records={s?.other_currency_records} currency={currency} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Kpi
          label="Billed cost"
          testId="total-billed-cost"
          active={!effective}
          value={s && formatMoney(s.total_billed_cost, currency)}
          sub={s ? formatRange(filters.range) : null}
        />
        <Kpi
          label="Effective cost"
          testId="total-effective-cost"
          active={effective}
          value={s && formatMoney(s.total_effective_cost, currency)}
          sub="After discounts and amortized commitments"
        />
        <Kpi
          label={`Change vs previous ${prev.end === prev.start ? 'day' : 'period'}`}
          testId="cost-change"
          active={false}
          value={before.isPending || current.isPending ? undefined : (change ?? '—')}
          sub={
            then !== undefined ? (
              <span className="inline-flex items-center gap-1">
                {change ? (
                  up ? (
                    <ArrowUpRight aria-hidden="true" className="size-3.5" />
                  ) : (
                    <ArrowDownRight aria-hidden="true" className="size-3.5" />
                  )
                ) : null}
                {formatMoney(then, currency)} in {formatRange(prev)}
              </span>
            ) : null
          }
        />
        <CostTypeSplit org={org} filters={filters} currency={currency} />
      </div>
    </div>
  );
}

/** The range's cost per cost type on the view's basis (GET /costs/{org}/total gives both bases). */
function CostTypeSplit({ org, filters, currency }: { org: string; filters: CostFilters; currency: string }) {
  const { api } = useServices();
  const split = useQuery(totalQuery(api, org, filters.query));
  const effective = filters.basis === 'effective';
  return (
    <Card>
      <p className="text-xs font-medium text-muted">By cost type ({effective ? 'effective' : 'billed'})</p>
      {split.isError ? (
        <ErrorAlert error={split.error} title="Could not load the split" />
      ) : (
        <ul className="mt-2 space-y-1 text-sm" data-testid="cost-type-split">
          {COST_TYPES.map((t) => (
            <li key={t} className="flex items-center justify-between gap-2">
              <span className="inline-flex items-center gap-2">
                <span
                  aria-hidden="true"
                  className="inline-block size-2.5 rounded-sm"
                  style={{ background: costTypeColor(t) }}
                />
                {COST_TYPE_LABELS[t]}
              </span>
              {split.data ? (
                <span className="font-medium tabular-nums" data-testid={`cost-type-${t}`}>
                  {formatMoney(
                    effective
                      ? split.data.by_cost_type[t].effective_cost
                      : split.data.by_cost_type[t].billed_cost,
                    currency,
                  )}
                </span>
              ) : (
                <Skeleton className="h-4 w-20" />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
