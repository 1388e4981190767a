import { useQuery } from '@tanstack/react-query';
import { ListTodo } from 'lucide-react';
import { useServices } from '../../app/services.js';
import { ChartFrame } from '../../components/charts/chart-frame.js';
import { CompareLineChart } from '../../components/charts/compare-line-chart.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import { ErrorAlert } from '../../components/ui/alert.js';
import { csvFileName } from '../../lib/csv.js';
import { formatMoney } from '../../lib/money.js';
import { formatDay, formatRange } from '../../lib/utc-days.js';
import { BarListChart } from '../../components/charts/bar-list-chart.js';
import { amountOf, topN } from '../../lib/cost-series.js';
import { genaiViewQuery, reconciliationQuery, unpricedQuery, type GenAiQuery } from './queries.js';
import { AMOUNT_COLUMNS, barsSummary, basisWord } from './cost-charts.js';
import { providerColors } from './labels.js';
import type { CostFilters } from './use-cost-filters.js';

const n = new Intl.NumberFormat('en-US');

/** Usage no price covers (GET /genai/{org}/usage/unpriced): a to-do list, never shown as $0. */
export function UnpricedList({ org, query }: { org: string; query: GenAiQuery }) {
  const { api } = useServices();
  const q = useQuery(unpricedQuery(api, org, query));
  const items = q.data?.items ?? [];
  return (
    <Card aria-labelledby="unpriced-title" data-testid="unpriced">
      <CardTitle>
        <span id="unpriced-title" className="inline-flex items-center gap-2">
          <ListTodo aria-hidden="true" className="size-4 text-accent" />
          Unpriced usage {q.data ? `(${items.length} to do)` : null}
        </span>
      </CardTitle>
      {q.isPending ? (
        <Skeleton className="h-16" />
      ) : q.isError ? (
        <ErrorAlert error={q.error} title="Could not load the unpriced usage" />
      ) : items.length === 0 ? (
        <p className="text-sm text-muted">Every token in this range has a price: nothing to do.</p>
      ) : (
        <>
          <p className="mb-2 text-sm text-muted">
            This usage has no price yet, so it is in no cost figure. Set a price for the model (Pricing) and
            re-run the provider&apos;s pipeline for these days.
          </p>
          <ul className="divide-y divide-line text-sm">
            {items.map((u, i) => (
              <li key={i} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">{u.model ?? 'Unknown model'}</span>{' '}
                  <span className="text-muted">
                    · {u.provider} · {u.token_type}
                  </span>
                </span>
                <span className="text-xs text-muted">
                  {n.format(u.quantity)} {u.unit} · {u.reason} ·{' '}
                  {formatRange({ start: u.first_date, end: u.last_date })}
                </span>
                <span className="rounded bg-surface-2 px-2 py-0.5 text-xs font-medium">Not priced</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

/**
 * Computed vs provider-billed GenAI cost per day (GET /genai/{org}/reconciliation): the lines sum the providers of
 * each day; the table lists the API's rows (per provider and day). Days the provider billed more are counted.
 */
export function ReconciliationChart({ org, query }: { org: string; query: GenAiQuery }) {
  const { api } = useServices();
  const q = useQuery(reconciliationQuery(api, org, query));
  const items = q.data?.items ?? [];
  const currency = items[0]?.currency ?? 'USD';
  const byDay = new Map<string, { period: string; a: number | null; b: number | null }>();
  for (const r of items) {
    const p = byDay.get(r.date) ?? { period: r.date, a: null, b: null };
    if (r.computed_cost !== null) p.a = (p.a ?? 0) + r.computed_cost;
    if (r.billed_cost !== null) p.b = (p.b ?? 0) + r.billed_cost;
    byDay.set(r.date, p);
  }
  const points = [...byDay.values()].sort((x, y) => (x.period < y.period ? -1 : 1));
  const over = items.filter((r) => r.difference !== null && r.difference < -0.005);
  const worst = over.reduce<(typeof items)[number] | undefined>(
    (w, r) => (!w || r.difference! < w.difference! ? r : w),
    undefined,
  );
  const range = { start: query.start_date, end: query.end_date };
  return (
    <ChartFrame
      id="reconciliation"
      title="Reconciliation: computed vs billed"
      currency={currency}
      loading={q.isPending}
      error={q.error}
      table={{
        columns: [
          { key: 'date', label: 'Day', kind: 'day' },
          { key: 'provider', label: 'Provider' },
          { key: 'computed_cost', label: 'Computed', kind: 'money' },
          { key: 'billed_cost', label: 'Billed by provider', kind: 'money' },
          { key: 'difference', label: 'Difference', kind: 'money' },
        ],
        rows: items,
      }}
      csvName={csvFileName('genai-reconciliation', range.start, range.end)}
      summary={`GenAI cost computed from usage vs billed by the providers per day, ${formatRange(range)}: ${
        over.length
      } provider-days billed more than computed.`}
      empty="No provider-billed cost to compare in this range (only OpenAI and Anthropic report one)."
      note={
        // Nothing billed to compare with: no claim about it either (the empty text says why).
        !items.some((r) => r.billed_cost !== null)
          ? undefined
          : over.length === 0
            ? 'Computed cost matches or exceeds the billed cost every day.'
            : `${over.length} provider-days billed more than computed; the largest gap: ${worst!.provider} on ${formatDay(
                worst!.date,
              )}, ${formatMoney(-worst!.difference!, currency)}.`
      }
      height={240}
    >
      <CompareLineChart points={points} currency={currency} labels={{ a: 'Computed', b: 'Billed' }} />
    </ChartFrame>
  );
}

/**
 * The GenAI cost in the FOCUS data (GET /costs/{org}/genai): per provider and model, GenAI billed through a cloud
 * bill counted once; billed or effective as the filter bar says.
 */
export function GenAiModelsChart({ org, filters }: { org: string; filters: CostFilters }) {
  const { api } = useServices();
  const q = useQuery(genaiViewQuery(api, org, { ...filters.query, cost_type: undefined }));
  const items = q.data?.items ?? [];
  const currency = q.data?.currency ?? 'USD';
  const top = topN(items, 10, (r) => amountOf(r, filters.basis));
  const color = providerColors(top.map((r) => r.provider));
  const bars = top.map((r) => ({
    label: r.model ?? 'Unknown model',
    value: amountOf(r, filters.basis),
    color: color(r.provider),
  }));
  const basis = basisWord(filters);
  return (
    <ChartFrame
      id="genai-models"
      title={`Cost by model in the cost data (${basis})`}
      currency={currency}
      loading={q.isPending}
      error={q.error}
      table={{
        columns: [
          { key: 'provider_name', label: 'Provider' },
          { key: 'model', label: 'Model' },
          ...AMOUNT_COLUMNS,
          { key: 'record_count', label: 'Rows', kind: 'number' },
        ],
        rows: items,
      }}
      csvName={csvFileName('genai-cost-by-model', filters.range.start, filters.range.end)}
      summary={barsSummary(
        `${basis} GenAI cost by model`,
        filters,
        currency,
        items.length,
        'models',
        bars[0] && { name: bars[0].label, value: bars[0].value },
      )}
      note="From the FOCUS cost data: GenAI billed through a cloud bill is counted once, under its provider."
      height={Math.max(160, bars.length * 30 + 20)}
    >
      <BarListChart items={bars} currency={currency} valueLabel={`${basis} cost`} />
    </ChartFrame>
  );
}
