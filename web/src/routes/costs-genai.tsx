import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import type { SummaryDimension } from '../../../shared/contracts/genai.js';
import { useServices } from '../app/services.js';
import { useMembership } from '../features/org/use-role.js';
import { useCostFilters } from '../features/costs/use-cost-filters.js';
import { CostPageHeader, TotalCards } from '../features/costs/view-page.js';
import { TrendChart } from '../features/costs/cost-charts.js';
import { genaiQuery, genaiSummaryQuery, type GenAiQuery } from '../features/costs/queries.js';
import { GROUP_BY, GROUP_LABELS, parseGenAiSearch } from '../features/costs/genai-search.js';
import { GenAiModelsChart, ReconciliationChart, UnpricedList } from '../features/costs/genai-panels.js';
import { ChartFrame } from '../components/charts/chart-frame.js';
import { BarListChart } from '../components/charts/bar-list-chart.js';
import { seriesColor } from '../components/charts/theme.js';
import { Alert, ErrorAlert } from '../components/ui/alert.js';
import { cn } from '../components/ui/cn.js';
import { providerColor } from '../features/costs/labels.js';
import { csvFileName } from '../lib/csv.js';
import { formatMoney } from '../lib/money.js';
import { formatRange } from '../lib/utc-days.js';

/**
 * `/$org/costs/genai`: GenAI cost from priced usage (GET /genai/{org}/costs/summary) grouped by provider, model,
 * workspace, API key or token type; the daily trend; unpriced usage as a to-do list; reconciliation with the bills.
 */
export function GenAiCostsPage() {
  const { org } = useMembership();
  const filters = useCostFilters();
  const groupBy: SummaryDimension = parseGenAiSearch(useSearch({ strict: false })).group_by ?? 'provider';
  const query = genaiQuery(filters.range, filters.search.provider);
  return (
    <div className="space-y-6">
      <CostPageHeader title="GenAI costs" filters={filters}>
        Cost computed from token usage and the price book (payg list prices and your overrides), per provider,
        model, workspace, API key and token type.
      </CostPageHeader>
      {query.start_date !== filters.range.start ? (
        <Alert title="Showing the last 366 days">
          <p>
            GenAI usage is read a year at a time:{' '}
            {formatRange({ start: query.start_date, end: query.end_date })}.
          </p>
        </Alert>
      ) : null}
      <GenAiTotals org={org} query={query} />
      <GroupBySwitch current={groupBy} onChange={(g) => filters.set({ group_by: g } as never)} />
      <div className="grid gap-6 lg:grid-cols-2">
        <GenAiBreakdown org={org} query={query} groupBy={groupBy} />
        <UnpricedList org={org} query={query} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <TrendChart org={org} filters={filters} costType="genai" by="provider" />
        <GenAiModelsChart org={org} filters={filters} />
      </div>
      <ReconciliationChart org={org} query={query} />
    </div>
  );
}

/**
 * No priced usage: the summary has no total (and no currency) to show. Why, as far as the page knows: usage no
 * price covers (the price book is the fix), the provider filter, or no usage read for these days.
 */
function NoPricedUsage(props: {
  org: string;
  range: string;
  provider: string | undefined;
  unpriced: number;
}) {
  const { org, range, provider, unpriced } = props;
  return (
    <div data-testid="genai-no-usage">
      {unpriced > 0 ? (
        <Alert title={`No priced GenAI usage from ${range}`}>
          <p>
            There is usage for these days, but no price covers it (Unpriced usage below lists it). Add the
            missing models or rates in the{' '}
            <Link to="/$org/pricing" params={{ org }} className="text-accent underline">
              price book
            </Link>
            ; the next usage run prices them.
          </p>
        </Alert>
      ) : provider ? (
        <Alert title={`No priced GenAI usage for the provider ${provider} from ${range}`}>
          <p>
            No usage of this provider is priced for these days; clear the provider filter to see every
            provider.
          </p>
        </Alert>
      ) : (
        <Alert title={`No priced GenAI usage from ${range}`}>
          <p>Connect a GenAI provider and run its usage pipeline (or import its usage) for these days.</p>
        </Alert>
      )}
    </div>
  );
}

/** The summary's totals (per currency: the first is shown in full, any other listed). */
function GenAiTotals(props: { org: string; query: GenAiQuery }) {
  const { org, query } = props;
  const { api } = useServices();
  const summary = useQuery(genaiSummaryQuery(api, org, query, 'provider'));
  const totals = summary.data?.totals ?? [];
  const currency = totals[0]?.currency ?? 'USD';
  const range = formatRange({ start: query.start_date, end: query.end_date });
  if (summary.isSuccess && totals.length === 0)
    return (
      <NoPricedUsage
        org={org}
        range={range}
        provider={query.provider}
        unpriced={summary.data.unpriced.length}
      />
    );
  if (summary.isError) return <ErrorAlert error={summary.error} title="Could not load the GenAI costs" />;
  return (
    <>
      <TotalCards
        loading={summary.isPending}
        currency={currency}
        cards={[
          {
            label: 'GenAI cost (priced usage)',
            value: totals[0]?.total_cost,
            testId: 'genai-total',
            sub: range,
          },
          {
            label: 'At list prices',
            value: totals[0]?.list_cost,
            testId: 'genai-list-total',
            sub: 'Before negotiated overrides and discounts',
          },
        ]}
      />
      {totals.length > 1 ? (
        <Alert title="Usage in several currencies">
          <p>
            Also:{' '}
            {totals
              .slice(1)
              .map((t) => formatMoney(t.total_cost, t.currency))
              .join(', ')}
            .
          </p>
        </Alert>
      ) : null}
    </>
  );
}

function GenAiBreakdown(props: { org: string; query: GenAiQuery; groupBy: SummaryDimension }) {
  const { api } = useServices();
  const { query, groupBy } = props;
  const summary = useQuery(genaiSummaryQuery(api, props.org, query, groupBy));
  const currency = summary.data?.totals[0]?.currency ?? 'USD';
  const items = (summary.data?.items ?? []).map((i) => ({ ...i, key: i.key ?? '(none)' }));
  const bars = items.slice(0, 12).map((i, k) => ({
    label: i.key,
    value: i.total_cost,
    color: groupBy === 'provider' ? providerColor(i.key) : seriesColor(k),
  }));
  const what = `GenAI cost by ${GROUP_LABELS[groupBy].toLowerCase()}`;
  const largest = bars[0] ? `; largest ${bars[0].label} at ${formatMoney(bars[0].value, currency)}` : '';
  return (
    <ChartFrame
      id="genai-breakdown"
      title={what}
      currency={currency}
      loading={summary.isPending}
      error={summary.error}
      table={{
        columns: [
          { key: 'key', label: GROUP_LABELS[groupBy] },
          { key: 'currency', label: 'Currency' },
          { key: 'total_cost', label: 'Cost', kind: 'money' },
          { key: 'list_cost', label: 'List cost', kind: 'money' },
        ],
        rows: items,
      }}
      csvName={csvFileName('genai-cost-by', groupBy, query.start_date, query.end_date)}
      summary={`${what}, ${formatRange({ start: query.start_date, end: query.end_date })}: ${items.length} groups${largest}.`}
      note={
        items.some((i) => i.key === '(none)')
          ? '(none): cost without that attribute, e.g. GenAI billed through a cloud bill (Bedrock, Vertex AI).'
          : undefined
      }
      height={Math.max(160, bars.length * 30 + 20)}
    >
      <BarListChart items={bars} currency={currency} valueLabel="cost" />
    </ChartFrame>
  );
}

function GroupBySwitch(props: {
  current: SummaryDimension;
  onChange: (g: SummaryDimension | undefined) => void;
}) {
  return (
    <div role="group" aria-label="Group GenAI cost by" className="flex flex-wrap gap-1">
      {GROUP_BY.map((g) => (
        <button
          key={g}
          type="button"
          aria-pressed={props.current === g}
          onClick={() => props.onChange(g === 'provider' ? undefined : g)}
          className={cn(
            'h-8 rounded-md border px-3 text-sm font-medium',
            props.current === g
              ? 'border-transparent bg-accent text-accent-contrast'
              : 'border-line bg-surface hover:bg-surface-2',
          )}
        >
          {GROUP_LABELS[g]}
        </button>
      ))}
    </div>
  );
}
