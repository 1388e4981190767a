/** How BigQuery's answers become the port's values, and the parameter types the client cannot infer. */
import type { QueryParams, WarehouseRow } from './port.js';

/** BigQuery returns NUMERIC as Big, DATE/TIMESTAMP as wrapper objects; flatten them to the port's shapes. */
export function normaliseRow(row: WarehouseRow): WarehouseRow {
  const out: WarehouseRow = {};
  for (const [k, v] of Object.entries(row)) out[k] = normaliseValue(v);
  return out;
}

function normaliseValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(normaliseValue);
  const ctor = (v as { constructor?: { name?: string } }).constructor?.name;
  if (ctor === 'BigQueryDate') return (v as { value: string }).value;
  if (ctor === 'BigQueryTimestamp' || ctor === 'BigQueryDatetime') {
    return new Date((v as { value: string }).value).toISOString();
  }
  if (ctor === 'Big') return (v as { toFixed(): string }).toFixed();
  if (v instanceof Date) return v.toISOString();
  return v;
}

export function nullParamTypes(params: QueryParams): Record<string, string> {
  return Object.fromEntries(
    Object.keys(params)
      .filter((k) => params[k] === null)
      .map((k) => [k, 'STRING']),
  );
}
