import { useQuery } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import type { CostType } from '../../../../shared/contracts/costs.js';
import { ChartFrame } from '../../components/charts/chart-frame.js';
import { StackedBarChart } from '../../components/charts/stacked-bar-chart.js';
import { BarListChart } from '../../components/charts/bar-list-chart.js';
import { amountOf, distinctColors, peakOf, stackBy, topN } from '../../lib/cost-series.js';
import { CHART_SLOTS } from '../../components/charts/theme.js';
import { formatMoney } from '../../lib/money.js';
import { csvFileName } from '../../lib/csv.js';
import { formatDay, formatRange } from '../../lib/utc-days.js';
import { byHierarchyQuery, byProviderQuery, byServiceQuery, trendQuery } from './queries.js';
import { costTypeColor, costTypeLabel, providerColor, providerColors, UNALLOCATED_COLOR } from './labels.js';
import type { CostFilters } from './use-cost-filters.js';

/** The columns every cost table ends with: both bases, as the API gives them. */
export const AMOUNT_COLUMNS = [
  { key: 'billed_cost', label: 'Billed cost', kind: 'money' },
  { key: 'effective_cost', label: 'Effective cost', kind: 'money' },
] as const;

/** `billed` or `effective`: the filters' cost basis as a word for titles and summaries. */
export const basisWord = (f: CostFilters) => (f.basis === 'effective' ? 'effective' : 'billed');

/** A bar chart's one-sentence summary: what, when, how many, and the largest. */
export function barsSummary(
  what: string,
  f: CostFilters,
  currency: string,
  count: number,
  noun: string,
  top?: { name: string; value: number },
): string {
  const head = `${what}, ${formatRange(f.range)}: ${count} ${noun}`;
  return top ? `${head}; largest ${top.name} at ${formatMoney(top.value, currency)}.` : `${head}.`;
}

/**
 * Daily cost (GET /costs/{org}/trend-granular) stacked by cost type or by provider; `costType` narrows it to one
 * type (the cost pages). The table lists the API's rows.
 */
export function TrendChart(props: {
  org: string;
  filters: CostFilters;
  costType?: CostType;
  by?: 'cost_type' | 'provider';
  title?: string;
}) {
  const { api } = useServices();
  const { filters } = props;
  const by = props.by ?? 'cost_type';
  const query = props.costType ? { ...filters.query, cost_type: props.costType } : filters.query;
  const q = useQuery(trendQuery(api, props.org, query));
  const items = q.data?.items ?? [];
  const currency = q.data?.currency ?? 'USD';
  const stacked = stackBy(
    items,
    (r) => r.period,
    (r) => (by === 'provider' ? r.provider : r.cost_type) ?? 'other',
    (r) => amountOf(r, filters.basis),
  );
  const peak = peakOf(stacked.rows, (r) => r.stack);
  const heading =
    props.title ?? `Daily ${basisWord(filters)} cost by ${by === 'provider' ? 'provider' : 'cost type'}`;
  // Providers keep their colour unless two share one here (hashed SaaS names): then the later one moves.
  const colors = distinctColors(
    stacked.series,
    by === 'provider' ? providerColor : costTypeColor,
    CHART_SLOTS,
  );
  const series = stacked.series.map((s) => ({
    key: s,
    label: by === 'provider' ? s : costTypeLabel(s),
    color: colors.get(s)!,
  }));
  return (
    <ChartFrame
      id="trend"
      title={heading}
      currency={currency}
      loading={q.isPending}
      error={q.error}
      table={{
        columns: [
          { key: 'period', label: 'Day', kind: 'day' },
          { key: 'cost_type', label: 'Cost type' },
          { key: 'provider', label: 'Provider' },
          ...AMOUNT_COLUMNS,
        ],
        rows: items,
      }}
      csvName={csvFileName('daily-cost', props.costType ?? '', filters.range.start, filters.range.end)}
      summary={
        peak
          ? `${heading}, ${formatRange(filters.range)}: ${stacked.rows.length} days; highest ${formatDay(peak.period)} at ${formatMoney(peak.stack, currency)}.`
          : `${heading}, ${formatRange(filters.range)}: no cost.`
      }
      height={280}
    >
      <StackedBarChart rows={stacked.rows} currency={currency} series={series} />
    </ChartFrame>
  );
}

/** Cost per provider (GET /costs/{org}/by-provider), the largest `limit` drawn, every row in the table. */
export function ProvidersChart(props: {
  org: string;
  filters: CostFilters;
  limit?: number;
  costType?: CostType;
}) {
  const { api } = useServices();
  const { filters } = props;
  const query = props.costType ? { ...filters.query, cost_type: props.costType } : filters.query;
  const q = useQuery(byProviderQuery(api, props.org, query));
  const items = q.data?.items ?? [];
  const currency = q.data?.currency ?? 'USD';
  const top = topN(items, props.limit ?? 8, (r) => amountOf(r, filters.basis));
  const color = providerColors(top.map((r) => r.provider));
  const bars = top.map((r) => ({
    label: r.provider_name ?? r.provider ?? 'Unknown',
    value: amountOf(r, filters.basis),
    color: color(r.provider),
  }));
  const title = `Top providers (${basisWord(filters)})`;
  return (
    <ChartFrame
      id="providers"
      title={title}
      currency={currency}
      loading={q.isPending}
      error={q.error}
      table={{
        columns: [
          { key: 'provider_name', label: 'Provider' },
          { key: 'cost_type', label: 'Cost type' },
          ...AMOUNT_COLUMNS,
        ],
        rows: items,
      }}
      csvName={csvFileName('cost-by-provider', props.costType ?? '', filters.range.start, filters.range.end)}
      summary={barsSummary(
        `${basisWord(filters)} cost by provider`,
        filters,
        currency,
        items.length,
        'providers',
        bars[0] && { name: bars[0].label, value: bars[0].value },
      )}
      height={Math.max(160, bars.length * 30 + 20)}
    >
      <BarListChart items={bars} currency={currency} valueLabel={`${basisWord(filters)} cost`} />
    </ChartFrame>
  );
}

/** Cost per provider and service (GET /costs/{org}/by-service): the top `limit` drawn, every row in the table. */
export function ServicesChart(props: { org: string; filters: CostFilters; limit?: number }) {
  const { api } = useServices();
  const { filters } = props;
  const q = useQuery(byServiceQuery(api, props.org, filters.query));
  const items = q.data?.items ?? [];
  const currency = q.data?.currency ?? 'USD';
  const limit = props.limit ?? 10;
  const top = topN(items, limit, (r) => amountOf(r, filters.basis));
  const color = providerColors(top.map((r) => r.provider));
  const bars = top.map((r) => ({
    label: r.service_name ?? 'Unknown',
    value: amountOf(r, filters.basis),
    color: color(r.provider),
  }));
  return (
    <ChartFrame
      id="services"
      title={`Top ${limit} services (${basisWord(filters)})`}
      currency={currency}
      loading={q.isPending}
      error={q.error}
      table={{
        columns: [
          { key: 'provider', label: 'Provider' },
          { key: 'service_name', label: 'Service' },
          { key: 'service_category', label: 'Category' },
          ...AMOUNT_COLUMNS,
        ],
        rows: items,
      }}
      csvName={csvFileName('cost-by-service', filters.range.start, filters.range.end)}
      summary={barsSummary(
        `${basisWord(filters)} cost by service`,
        filters,
        currency,
        items.length,
        'services',
        bars[0] && { name: bars[0].label, value: bars[0].value },
      )}
      height={Math.max(160, bars.length * 30 + 20)}
    >
      <BarListChart items={bars} currency={currency} valueLabel={`${basisWord(filters)} cost`} />
    </ChartFrame>
  );
}

/** Cost per hierarchy entity with Unallocated (GET /costs/{org}/by-hierarchy). */
export function HierarchyChart(props: { org: string; filters: CostFilters; limit?: number }) {
  const { api } = useServices();
  const { filters } = props;
  const q = useQuery(byHierarchyQuery(api, props.org, filters.query));
  const items = (q.data?.items ?? []).map((r) => ({
    ...r,
    entity_name: r.entity_id === null ? 'Unallocated' : (r.entity_name ?? r.entity_id),
  }));
  const currency = q.data?.currency ?? 'USD';
  const unallocated = items.find((r) => r.entity_id === null);
  // The largest entities and always Unallocated (the share no rule assigns is what a FinOps lead looks for).
  const limit = props.limit ?? 10;
  const top = topN(items, limit, (r) => amountOf(r, filters.basis));
  if (unallocated && !top.includes(unallocated)) top.splice(limit - 1, 1, unallocated);
  const bars = top.map((r, i) => ({
    label: r.entity_name ?? 'Unknown',
    value: amountOf(r, filters.basis),
    color: r.entity_id === null ? UNALLOCATED_COLOR : `var(--chart-${(i % 6) + 1})`,
  }));
  return (
    <ChartFrame
      id="hierarchy"
      title={`Cost by team and project (${basisWord(filters)})`}
      currency={currency}
      loading={q.isPending}
      error={q.error}
      table={{
        columns: [
          { key: 'entity_name', label: 'Entity' },
          { key: 'entity_id', label: 'Id' },
          { key: 'level_code', label: 'Level' },
          ...AMOUNT_COLUMNS,
        ],
        rows: items,
      }}
      csvName={csvFileName('cost-by-hierarchy', filters.range.start, filters.range.end)}
      summary={barsSummary(
        `${basisWord(filters)} cost by hierarchy entity`,
        filters,
        currency,
        items.length,
        'entities',
        bars[0] && { name: bars[0].label, value: bars[0].value },
      )}
      note={
        unallocated
          ? `Unallocated: ${formatMoney(amountOf(unallocated, filters.basis), currency)} (cost no allocation rule assigns to an entity).`
          : 'All cost in this range is allocated to an entity.'
      }
      height={Math.max(160, bars.length * 30 + 20)}
    >
      <BarListChart items={bars} currency={currency} valueLabel={`${basisWord(filters)} cost`} />
    </ChartFrame>
  );
}
