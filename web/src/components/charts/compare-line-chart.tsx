import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, DAY_AXIS, GRID, valueAxis, legendText, moneyFormat, shortDay, TOOLTIP } from './theme.js';

export interface ComparePoint {
  period: string;
  a: number | null;
  b: number | null;
}

/** Two lines over UTC days (computed vs billed); a gap where a value is missing. */
export function CompareLineChart(props: {
  points: ComparePoint[];
  currency: string;
  labels: { a: string; b: string };
}) {
  const money = moneyFormat(props.currency);
  const axis = valueAxis(props.points.flatMap((p) => [p.a ?? 0, p.b ?? 0]));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={props.points} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid {...GRID} vertical={false} />
        <XAxis {...DAY_AXIS} />
        <YAxis {...axis} tickFormatter={money.tick} tick={AXIS.tick} stroke={AXIS.stroke} width={64} />
        <Tooltip
          {...TOOLTIP}
          cursor={{ stroke: 'var(--line)' }}
          labelFormatter={(l) => shortDay(String(l))}
          formatter={(v) => money.full(v)}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
        <Line
          dataKey="a"
          name={props.labels.a}
          stroke="var(--chart-1)"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="b"
          name={props.labels.b}
          stroke="var(--chart-2)"
          strokeWidth={2}
          strokeDasharray="5 3"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
