/**
 * What a cloud billing export format is (`BillingFormat`), and the reading of its location settings from a
 * credential's integration config. A leaf: the format modules and the registry (formats.ts) import it.
 */
import type { CloudProvider } from '../contracts/providers.js';
import { permanent } from '../errors/index.js';
import type { FileReader } from '../ports/warehouse/port.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import type { ColumnSpec, ReadOptions } from './files/index.js';

export interface BillingFormat {
  provider: CloudProvider;
  /** The step config's `format`, e.g. `cur`. */
  format: string;
  description: string;
  columns: readonly ColumnSpec[];
  /** More reader options (null markers, keepOther); `columns` comes from above. */
  read?: Omit<ReadOptions, 'columns'>;
  table: TableDef;
  /**
   * Path segments of the credential's export (bucket / container / table, then the prefix), from its integration
   * config; a missing setting throws (requiredSetting). `null`: the credential has no export of this kind (an
   * optional dataset such as FOCUS contract commitments), so the run's slice is empty.
   */
  location(config: Record<string, unknown>): string[] | null;
  /** One source row as a raw-table row without lineage; `usage_date` decides the run slice it belongs to. */
  toRaw(row: Record<string, unknown>): Record<string, unknown> & { usage_date: string };
  /**
   * The same normalisation as SQL, for warehouses that read the files themselves (engine-load.ts): the SELECT of
   * one file's raw rows in the run dates (`file` names it in errors; `reader` its columns, in the warehouse's
   * dialect), and what to do after the insert, inside the transaction (`finish`, given the table and the slice's
   * WHERE).
   */
  engine?: {
    select(file: string, reader: FileReader): string;
    finish?(
      run: (sql: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>,
      table: string,
      where: string,
      params: Record<string, unknown>,
      dialect: FileReader['dialect'],
    ): Promise<void>;
  };
}

/** A string setting of an integration config: its text, or undefined when absent, empty or not a string. */
export function setting(config: Record<string, unknown>, key: string): string | undefined {
  const v = config[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A string setting that must be there: throws a permanent error naming it (the source adds the credential). */
export function requiredSetting(config: Record<string, unknown>, key: string): string {
  const v = setting(config, key);
  if (v === undefined) throw permanent(`The integration config has no ${key}.`);
  return v;
}
