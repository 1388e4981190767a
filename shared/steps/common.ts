import type { AppContext } from '../context.js';
import { orgDatasetTables } from '../datasets/index.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import type { ClaimedStep } from '../pipelines/step-state.js';
import { permanent } from '../errors/index.js';

/** The org's dataset, read from the control plane (never built from message input). */
export async function orgDatasetOf(ctx: AppContext, orgSlug: string): Promise<string> {
  const { rows } = await (
    await ctx.db()
  ).query<{ dataset: string }>('SELECT dataset FROM organizations WHERE org_slug = $1', [orgSlug]);
  if (!rows[0]) throw permanent(`Organization ${orgSlug} not found.`);
  return rows[0].dataset;
}

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

/** Every date from start to end inclusive (YYYY-MM-DD, UTC). */
export function datesBetween(start: string, end: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

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
