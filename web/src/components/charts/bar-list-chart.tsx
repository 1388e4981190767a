import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, GRID, valueAxis, moneyFormat, TOOLTIP } from './theme.js';

export interface BarItem {
  label: string;
  value: number;
  color: string;
}

/** Horizontal bars, one per item, largest first (top providers, services, entities). */
export function BarListChart(props: { items: BarItem[]; currency: string; valueLabel: string }) {
  const money = moneyFormat(props.currency);
  const axis = valueAxis(props.items.map((i) => i.value));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={props.items} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid {...GRID} horizontal={false} />
        <XAxis type="number" {...axis} tickFormatter={money.tick} tick={AXIS.tick} stroke={AXIS.stroke} />
        <YAxis
          type="category"
          dataKey="label"
          width={150}
          tick={AXIS.tick}
          stroke={AXIS.stroke}
          interval={0}
          tickFormatter={(v: string) => (v.length > 20 ? `${v.slice(0, 19)}…` : v)}
        />
        <Tooltip {...TOOLTIP} formatter={(v) => [money.full(v), props.valueLabel]} />
        <Bar dataKey="value" name={props.valueLabel} isAnimationActive={false} radius={[0, 3, 3, 0]}>
          {props.items.map((item, i) => (
            <Cell key={i} fill={item.color} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
