import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StackedRow } from '../../lib/cost-series.js';
import { AXIS, DAY_AXIS, GRID, valueAxis, legendText, moneyFormat, shortDay, TOOLTIP } from './theme.js';

export interface Series {
  key: string;
  label: string;
  color: string;
}

/** Bars per period (a UTC day), stacked by series. */
export function StackedBarChart(props: { rows: StackedRow[]; series: Series[]; currency: string }) {
  const money = moneyFormat(props.currency);
  const axis = valueAxis(props.rows.flatMap((r) => [r.stack, ...Object.values(r.values)]));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={props.rows} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid {...GRID} vertical={false} />
        <XAxis {...DAY_AXIS} />
        <YAxis {...axis} tickFormatter={money.tick} tick={AXIS.tick} stroke={AXIS.stroke} width={64} />
        <Tooltip
          {...TOOLTIP}
          labelFormatter={(label) => shortDay(String(label))}
          formatter={(v) => money.full(v)}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
        {props.series.map((s) => (
          <Bar
            key={s.key}
            name={s.label}
            dataKey={(row: StackedRow) => row.values[s.key] ?? 0}
            stackId="stack"
            fill={s.color}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
