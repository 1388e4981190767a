import { ResponsiveContainer, Tooltip, Treemap } from 'recharts';
import { moneyFormat, TOOLTIP } from './theme.js';

export interface Tile {
  id: string | null;
  name: string;
  value: number;
  color: string;
  /** Has children to drill into. */
  drill: boolean;
}

interface TileProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  name?: string;
  color?: string;
  value?: number;
  depth?: number;
}

function TileContent(props: TileProps & { currency: string }) {
  const { x = 0, y = 0, width = 0, height = 0, name = '', color, value = 0, depth } = props;
  if (depth !== 1) return null;
  const roomy = width > 70 && height > 36;
  const label = Math.max(name.length, 6);
  const chars = Math.min(label, Math.max(3, Math.floor((width - 18) / 7.6)));
  return (
    <g>
      <rect x={x} y={y} width={width} height={height} fill={color} stroke="var(--surface)" strokeWidth={2} />
      {roomy ? (
        <>
          <rect
            x={x + 4}
            y={y + 4}
            width={Math.min(width - 8, chars * 7.6 + 10)}
            height={34}
            rx={3}
            fill="#ffffff"
            fillOpacity={0.88}
          />
          <text x={x + 8} y={y + 18} fontSize={12} fontWeight={600} fill="#111827">
            {name.length > chars ? `${name.slice(0, chars - 1)}…` : name}
          </text>
          <text x={x + 8} y={y + 33} fontSize={11} fill="#111827">
            {moneyFormat(props.currency).tick(value)}
          </text>
        </>
      ) : null}
    </g>
  );
}

/** Tiles sized by cost; a click on a tile with children drills into it. */
export function TreemapChart(props: { tiles: Tile[]; currency: string; onSelect: (tile: Tile) => void }) {
  const money = moneyFormat(props.currency);
  const data = props.tiles
    .filter((t) => t.value > 0)
    .map((t) => ({ ...t }) as Tile & Record<string, unknown>);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <Treemap
        data={data}
        dataKey="value"
        nameKey="name"
        isAnimationActive={false}
        content={<TileContent currency={props.currency} />}
        onClick={(node) => {
          const tile = data.find((t) => t.name === (node as { name?: string }).name);
          if (tile?.drill) props.onSelect(tile);
        }}
      >
        <Tooltip {...TOOLTIP} formatter={(v) => money.full(v)} />
      </Treemap>
    </ResponsiveContainer>
  );
}
