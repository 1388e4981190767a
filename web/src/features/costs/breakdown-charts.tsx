import { useQuery } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { ChartFrame, type Column } from '../../components/charts/chart-frame.js';
import { BarListChart } from '../../components/charts/bar-list-chart.js';
import { amountOf, topN } from '../../lib/cost-series.js';
import { csvFileName } from '../../lib/csv.js';
import { cloudAccountsQuery, cloudRegionsQuery, subscriptionPlansQuery, type CostQuery } from './queries.js';
import { AMOUNT_COLUMNS, barsSummary, basisWord } from './cost-charts.js';
import { providerColors } from './labels.js';
import type { CostFilters } from './use-cost-filters.js';

type Cell = string | number | null;

/** What one breakdown chart shows: its bars' labels and its table's columns. */
interface BreakdownDef {
  /** The frame's test id (the table twin's is `<id>-table`). */
  id: string;
  /** `account`: the title reads "Cost by account", the summary counts "accounts". */
  noun: string;
  /** The CSV file name's stem, before the range. */
  csv: string;
  label: (row: Record<string, Cell>) => string;
  columns: readonly Column[];
}

const ROWS_COLUMN = { key: 'record_count', label: 'Rows', kind: 'number' } as const;
const text = (v: Cell | undefined) => (v === null || v === undefined ? null : String(v));

export const ACCOUNTS: BreakdownDef = {
  id: 'accounts',
  noun: 'account',
  csv: 'cloud-cost-by-account',
  label: (r) => text(r.sub_account_name) ?? text(r.sub_account_id) ?? 'No account',
  columns: [
    { key: 'provider_name', label: 'Provider' },
    { key: 'sub_account_name', label: 'Account' },
    { key: 'sub_account_id', label: 'Account id' },
    ...AMOUNT_COLUMNS,
    ROWS_COLUMN,
  ],
};

export const REGIONS: BreakdownDef = {
  id: 'regions',
  noun: 'region',
  csv: 'cloud-cost-by-region',
  label: (r) => text(r.region_id) ?? 'No region',
  columns: [
    { key: 'provider_name', label: 'Provider' },
    { key: 'region_id', label: 'Region' },
    { key: 'region_name', label: 'Region name' },
    ...AMOUNT_COLUMNS,
    ROWS_COLUMN,
  ],
};

export const PLANS: BreakdownDef = {
  id: 'plans',
  noun: 'plan',
  csv: 'subscription-cost-by-plan',
  label: (r) =>
    `${text(r.service_name) ?? text(r.provider) ?? 'Unknown'} ${text(r.plan_name) ?? '(no plan)'}`,
  columns: [
    { key: 'provider_name', label: 'Provider' },
    { key: 'service_name', label: 'Service' },
    { key: 'plan_name', label: 'Plan' },
    ...AMOUNT_COLUMNS,
    ROWS_COLUMN,
  ],
};

type BreakdownRow = Record<string, Cell> & {
  provider: string | null;
  billed_cost: number;
  effective_cost: number;
};

/** A breakdown read's state, as useQuery gives it. */
interface BreakdownRead<R extends BreakdownRow> {
  data?: { currency: string; items: R[] } | undefined;
  isPending: boolean;
  error: unknown;
}

/**
 * One breakdown of a cost page (cloud by account or region, SaaS by plan): the largest `limit` rows as bars in the
 * page's basis, every API row in the table twin and the CSV.
 */
function BreakdownChart<R extends BreakdownRow>(props: {
  def: BreakdownDef;
  read: BreakdownRead<R>;
  filters: CostFilters;
  limit?: number;
}) {
  const { def, read, filters } = props;
  const items = read.data?.items ?? [];
  const currency = read.data?.currency ?? 'USD';
  const top = topN(items, props.limit ?? 10, (r) => amountOf(r, filters.basis));
  const color = providerColors(top.map((r) => r.provider));
  const bars = top.map((r) => ({
    label: def.label(r),
    value: amountOf(r, filters.basis),
    color: color(r.provider),
  }));
  const basis = basisWord(filters);
  return (
    <ChartFrame
      id={def.id}
      title={`Cost by ${def.noun} (${basis})`}
      currency={currency}
      loading={read.isPending}
      error={read.error}
      table={{ columns: def.columns, rows: items }}
      csvName={csvFileName(def.csv, filters.range.start, filters.range.end)}
      summary={barsSummary(
        `${basis} cost by ${def.noun}`,
        filters,
        currency,
        items.length,
        `${def.noun}s`,
        bars[0] && { name: bars[0].label, value: bars[0].value },
      )}
      height={Math.max(160, bars.length * 30 + 20)}
    >
      <BarListChart items={bars} currency={currency} valueLabel={`${basis} cost`} />
    </ChartFrame>
  );
}

interface PageProps {
  org: string;
  filters: CostFilters;
  /** The page's query (its cost type already). */
  query: CostQuery;
}

/** The cloud page's cost by sub account and by region (GET /costs/{org}/cloud/accounts and /cloud/regions). */
function CloudBreakdowns(props: PageProps) {
  const { api } = useServices();
  const accounts = useQuery(cloudAccountsQuery(api, props.org, props.query));
  const regions = useQuery(cloudRegionsQuery(api, props.org, props.query));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <BreakdownChart def={ACCOUNTS} read={accounts} filters={props.filters} />
      <BreakdownChart def={REGIONS} read={regions} filters={props.filters} />
    </div>
  );
}

/** The subscriptions page's cost by provider, service and plan (GET /costs/{org}/subscriptions/plans). */
function PlansBreakdown(props: PageProps) {
  const { api } = useServices();
  const plans = useQuery(subscriptionPlansQuery(api, props.org, props.query));
  return <BreakdownChart def={PLANS} read={plans} filters={props.filters} limit={12} />;
}

/** A cost type page's breakdowns: cloud by account and region, subscriptions by plan. */
export function TypeBreakdowns(props: PageProps & { kind: 'cloud' | 'subscriptions' }) {
  return props.kind === 'cloud' ? <CloudBreakdowns {...props} /> : <PlansBreakdown {...props} />;
}
