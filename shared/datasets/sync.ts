import type { Warehouse } from '../ports/warehouse/port.js';
import type { TableDef } from '../ports/warehouse/schema.js';

export interface SyncReport {
  dataset: string;
  created: string[];
  updated: string[];
  existing: string[];
}

/** Ensures a dataset and each of its tables; re-runnable, reports what it created, extended or found. */
export async function syncDataset(
  wh: Warehouse,
  dataset: string,
  tables: readonly TableDef[],
): Promise<SyncReport> {
  const report: SyncReport = { dataset, created: [], updated: [], existing: [] };
  const ds = await wh.ensureDataset(dataset);
  report[ds === 'created' ? 'created' : 'existing'].push(`warehouse.dataset.${dataset}`);
  for (const def of tables) {
    const r = await wh.ensureTable(dataset, def);
    report[r].push(`warehouse.table.${dataset}.${def.name}`);
  }
  return report;
}
