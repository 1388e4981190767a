import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS, GRID, valueAxis, moneyFormat, TOOLTIP } from './theme.js';

export interface BarItem {
  label: string;
  value: number;
  color: string;
}

const MAX_LABEL = 20;

/** A category label on one line (truncated, the full name in its title): Recharts' own tick wraps long names. */
function LabelTick(props: { x?: number; y?: number; payload?: { value?: string } }) {
  const name = String(props.payload?.value ?? '');
  const short = name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;
  return (
    <text x={props.x} y={props.y} dx={-4} dy={4} textAnchor="end" fontSize={12} fill="var(--muted)">
      <title>{name}</title>
      {short}
    </text>
  );
}

/** Horizontal bars, one per item, largest first (top providers, services, entities). */
export function BarListChart(props: { items: BarItem[]; currency: string; valueLabel: string }) {
  const money = moneyFormat(props.currency);
  // Few ticks: these charts are often narrow.
  const axis = valueAxis(
    props.items.map((i) => i.value),
    3,
  );
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={props.items} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid {...GRID} horizontal={false} />
        <XAxis type="number" {...axis} tickFormatter={money.tick} tick={AXIS.tick} stroke={AXIS.stroke} />
        <YAxis
          type="category"
          dataKey="label"
          width={150}
          tick={<LabelTick />}
          stroke={AXIS.stroke}
          interval={0}
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
