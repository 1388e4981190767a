import { createElement } from 'react';
import { formatMoney, formatMoneyCompact } from '../../lib/money.js';
import { niceTicks } from '../../lib/cost-series.js';

/** Axis, grid and tooltip styling from the theme tokens (CSS variables work in SVG attributes). */
export const AXIS = {
  tick: { fill: 'var(--muted)', fontSize: 12 },
  stroke: 'var(--line)',
} as const;

export const GRID = { stroke: 'var(--line)', strokeDasharray: '3 3' } as const;

export const TOOLTIP = {
  contentStyle: {
    background: 'var(--surface)',
    border: '1px solid var(--line)',
    borderRadius: 6,
    color: 'var(--text)',
    fontSize: 12,
  },
  labelStyle: { color: 'var(--text)', fontWeight: 600 },
  itemStyle: { color: 'var(--text)' },
  cursor: { fill: 'var(--surface-2)' },
} as const;

/** Tick and tooltip formatters of a chart in `currency`. */
export const moneyFormat = (currency: string) => ({
  tick: (v: number) => formatMoneyCompact(v, currency),
  full: (v: unknown) => (typeof v === 'number' ? formatMoney(v, currency) : String(v)),
});

/** `2026-10-14` → `Oct 14` (a UTC day, no time-zone conversion). */
export function shortDay(day: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const m = Number(day.slice(5, 7));
  return `${months[m - 1] ?? day.slice(5, 7)} ${Number(day.slice(8, 10))}`;
}

/** The x axis of a chart over UTC days (rows keyed `period`): short day labels, thinned when crowded. */
export const DAY_AXIS = {
  dataKey: 'period',
  tickFormatter: shortDay,
  tick: AXIS.tick,
  stroke: AXIS.stroke,
  minTickGap: 16,
} as const;

/** The series colours of charts with no fixed palette (cost types, token types): the chart tokens in order. */
export const seriesColor = (i: number) => `var(--chart-${(i % 8) + 1})`;

/** The chart colours a series may move to, yellow last (it has the least contrast on the light background). */
export const CHART_SLOTS = [1, 2, 3, 4, 5, 6, 8, 7].map((n) => `var(--chart-${n})`);

/** Legend labels in the text colour (a series colour is too light to read as text). */
export const legendText = (value: string) =>
  createElement('span', { style: { color: 'var(--text)' } }, value);

/**
 * A value axis from 0 to a round number above the largest value (ticks of 1, 2, 2.5 or 5 × 10^n); with a negative
 * value (a credit) Recharts' own domain, which reaches below 0.
 */
export function valueAxis(
  values: readonly number[],
  count = 5,
): { ticks?: number[]; domain?: [number, number] } {
  if (values.some((v) => v < 0)) return {};
  const ticks = niceTicks(Math.max(0, ...values), count);
  return { ticks, domain: [0, ticks[ticks.length - 1]!] };
}
