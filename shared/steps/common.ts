import { orgDatasetTables } from '../datasets/index.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import type { ClaimedStep } from '../pipelines/step-state.js';
import { permanent } from '../errors/index.js';

/** The org's dataset (shared/orgs/org-record.ts); an unknown org is not_found, which a step acknowledges. */
export { orgDatasetOf } from '../orgs/org-record.js';

/** A per-org table definition by name; unknown names are a permanent (configuration) error. */
export function orgTable(name: string): TableDef {
  const def = orgDatasetTables.find((t) => t.name === name);
  if (!def) throw permanent(`Unknown warehouse table ${name}.`);
  return def;
}

export function assertColumn(def: TableDef, column: string): void {
  if (!def.columns.some((c) => c.name === column))
    throw permanent(`Table ${def.name} has no column ${column}.`);
}

/** The run's slice of a pipeline-written table: its org, pipeline and credential, run dates [start, end]. */
export const runSlice = (s: ClaimedStep) => ({
  equals: { x_org_slug: s.org_slug, x_pipeline_id: s.pipeline_id, x_credential_id: s.credential_id },
  dateRange: { column: 'x_pipeline_run_date', from: s.start_date, to: s.end_date },
});

/** Every date from start to end inclusive (shared/time/day.ts). */
export { datesBetween } from '../time/day.js';

/** Lineage columns of a row written by this step for `date`. */
export function lineage(s: ClaimedStep, date: string, now: Date) {
  return {
    x_org_slug: s.org_slug,
    x_pipeline_id: s.pipeline_id,
    x_credential_id: s.credential_id,
    x_pipeline_run_date: date,
    x_run_id: s.run_id,
    x_ingested_at: now.toISOString(),
    x_ingestion_date: now.toISOString().slice(0, 10),
  };
}
