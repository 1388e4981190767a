import type { Column, ColumnType } from '../ports/warehouse/schema.js';

// The one column builder of the dataset definitions. Conventions of the per-org tables: money is NUMERIC (BIGNUMERIC
// where per-token prices or exported cloud costs need more than 9 decimals) with a `currency` column beside it,
// token and request counts INT64, fractional quantities (hours, units) NUMERIC.

/** A column: NOT NULL when `required`; otherwise the mode is left out (NULLABLE, the warehouse default). */
export const col = (name: string, type: ColumnType, description: string, required = false): Column =>
  required ? { name, type, mode: 'REQUIRED', description } : { name, type, description };

/** The same columns, every one NULLABLE: a raw copy keeps what its source said. */
export const nullable = (columns: readonly Column[]): Column[] =>
  columns.map((c) => col(c.name, c.type, c.description ?? ''));

/** ISO 4217 currency of a table's money columns. */
export const currency = col('currency', 'STRING', 'ISO 4217 currency of the money columns.', true);
