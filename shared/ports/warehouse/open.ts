import type { Warehouse, WarehouseOptions } from './port.js';

/** Chooses the adapter from configuration; each adapter is loaded only when chosen. */
export async function openWarehouse(options: WarehouseOptions): Promise<Warehouse> {
  if (options.kind === 'bigquery') {
    const { openBigQuery } = await import('./bigquery.js');
    return openBigQuery(options);
  }
  const { openDuckDb } = await import('./embedded/duckdb.js');
  return openDuckDb(options.file, options.duckdb);
}
