import type { ReactNode } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useServices } from '../../app/services.js';
import { ChartFrame } from '../../components/charts/chart-frame.js';
import { BarListChart } from '../../components/charts/bar-list-chart.js';
import { Card } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { amountOf, topN } from '../../lib/cost-series.js';
import { csvFileName } from '../../lib/csv.js';
import { formatMoney } from '../../lib/money.js';
import { formatRange } from '../../lib/utc-days.js';
import { useMembership } from '../org/use-role.js';
import { cloudQuery, subscriptionsQuery } from './queries.js';
import { AMOUNT_COLUMNS, barsSummary, basisWord, ProvidersChart, TrendChart } from './cost-charts.js';
import { CurrencyNotice } from './currency-notice.js';
import { RenewalsCard } from './renewals-card.js';
import { TypeBreakdowns } from './breakdown-charts.js';
import { FilterBar } from './filter-bar.js';
import { providerColors } from './labels.js';
import { useCostFilters, type CostFilters } from './use-cost-filters.js';

/** A page's title, its one-line purpose, and its filters. */
export function CostPageHeader(props: { title: string; children: ReactNode; filters: CostFilters }) {
  const { org } = useMembership();
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{props.title}</h1>
        <p className="mt-1 text-sm text-muted">{props.children}</p>
      </div>
      <FilterBar org={org} filters={props.filters} hide={['cost_type']} />
    </>
  );
}

/**
 * Two totals as the API gives them (never re-totalled), with their test ids; a skeleton only while loading (a page
 * shows its error instead of the cards), a dash for a total the answer has not.
 */
export function TotalCards(props: {
  loading: boolean;
  currency: string;
  cards: { label: string; value: number | undefined; testId: string; sub?: ReactNode }[];
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      {props.cards.map((c) => (
        <Card key={c.testId}>
          <p className="text-xs font-medium text-muted">{c.label}</p>
          {props.loading ? (
            <Skeleton className="mt-2 h-8 w-40" />
          ) : c.value === undefined ? (
            <p className="mt-1 text-2xl font-semibold text-muted">
              <span aria-hidden="true">—</span>
              <span className="sr-only">not available</span>
            </p>
          ) : (
            <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={c.testId}>
              {formatMoney(c.value, props.currency)}
            </p>
          )}
          <div className="mt-1 min-h-5 text-xs text-muted">{c.sub}</div>
        </Card>
      ))}
    </div>
  );
}

/**
 * The cloud and the subscriptions pages: totals of GET /costs/{org}/cloud (or /subscriptions), the daily trend by
 * provider, cost per provider, per provider and service, and per account and region (cloud) or per plan
 * (subscriptions); every API row in the table twins.
 */
export function CostTypePage(props: { kind: 'cloud' | 'subscriptions'; title: string; intro: string }) {
  const { api } = useServices();
  const { org } = useMembership();
  const filters = useCostFilters();
  // The view is one cost type already: a cost_type in the URL (from another page) does not narrow it.
  const query = { ...filters.query, cost_type: undefined };
  const view = useQuery(
    props.kind === 'cloud' ? cloudQuery(api, org, query) : subscriptionsQuery(api, org, query),
  );
  const costType = props.kind === 'cloud' ? 'cloud' : 'subscription';
  const currency = view.data?.currency ?? 'USD';
  const items = view.data?.items ?? [];
  const top = topN(items, 12, (r) => amountOf(r, filters.basis));
  const color = providerColors(top.map((r) => r.provider));
  const bars = top.map((r) => ({
    label: r.service_name ?? 'Unknown',
    value: amountOf(r, filters.basis),
    color: color(r.provider),
  }));
  const basis = basisWord(filters);
  return (
    <div className="space-y-6">
      <CostPageHeader title={props.title} filters={filters}>
        {props.intro}
      </CostPageHeader>
      <CurrencyNotice records={view.data?.other_currency_records} currency={currency} />
      <ViewTotals view={view} title={props.title} currency={currency} range={formatRange(filters.range)} />
      <TrendChart org={org} filters={filters} costType={costType} by="provider" />
      <div className="grid gap-6 lg:grid-cols-2">
        <ProvidersChart org={org} filters={filters} costType={costType} />
        <ChartFrame
          id="view"
          title={`Cost by service (${basis})`}
          currency={currency}
          loading={view.isPending}
          error={view.error}
          table={{
            columns: [
              { key: 'provider_name', label: 'Provider' },
              { key: 'service_name', label: 'Service' },
              { key: 'service_category', label: 'Category' },
              ...AMOUNT_COLUMNS,
              { key: 'record_count', label: 'Rows', kind: 'number' },
            ],
            rows: items,
          }}
          csvName={csvFileName(`${props.kind}-cost-by-service`, filters.range.start, filters.range.end)}
          summary={barsSummary(
            `${basis} ${props.title.toLowerCase()} by service`,
            filters,
            currency,
            items.length,
            'services',
            bars[0] && { name: bars[0].label, value: bars[0].value },
          )}
          height={Math.max(160, bars.length * 30 + 20)}
        >
          <BarListChart items={bars} currency={currency} valueLabel={`${basis} cost`} />
        </ChartFrame>
      </div>
      <TypeBreakdowns kind={props.kind} org={org} filters={filters} query={query} />
      {props.kind === 'subscriptions' ? <RenewalsCard org={org} /> : null}
    </div>
  );
}

/** The view's billed and effective totals, or its error instead of them. */
function ViewTotals(props: {
  view: UseQueryResult<{ total_billed_cost: number; total_effective_cost: number }>;
  title: string;
  currency: string;
  range: string;
}) {
  return props.view.isError ? (
    <ErrorAlert error={props.view.error} title={`Could not load ${props.title.toLowerCase()}`} />
  ) : (
    <TotalCards
      loading={props.view.isPending}
      currency={props.currency}
      cards={[
        {
          label: 'Billed cost',
          value: props.view.data?.total_billed_cost,
          testId: 'view-total-billed',
          sub: props.range,
        },
        {
          label: 'Effective cost',
          value: props.view.data?.total_effective_cost,
          testId: 'view-total-effective',
        },
      ]}
    />
  );
}
