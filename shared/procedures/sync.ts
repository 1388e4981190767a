/**
 * Procedure sync: each SQL file under PROCEDURES_DIR becomes a routine in every org dataset, so analysts can call
 * the same SQL the pipelines run. BigQuery: a table function `{dataset}.{name}(p_org_slug, p_pipeline_id,
 * p_credential_id, p_run_id, p_start_date, p_end_date)`; DuckDB: a table macro with the same name and
 * parameters. The pipelines themselves run the files (run-procedure), so a routine is never stale for them.
 * Both read the files through `./load.ts` (fragments expanded).
 */
import type { AppContext } from '../context.js';
import { orgRecord, orgSlugs } from '../orgs/org-record.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { listProcedures, withDataset, type ProcedureFile } from './load.js';

/** The parameters every procedure takes (`@name` in the file). */
export const PROCEDURE_PARAMS = [
  'org_slug',
  'pipeline_id',
  'credential_id',
  'run_id',
  'start_date',
  'end_date',
] as const;
/** The routine DDL of one procedure for one dataset, in the warehouse's dialect (BigQuery SQL for DuckDB is translated by the port). */
export function routineDdl(kind: Warehouse['kind'], dataset: string, p: ProcedureFile): string {
  let select = withDataset(p.sql, dataset);
  for (const name of PROCEDURE_PARAMS) select = select.replace(new RegExp(`@${name}\\b`, 'g'), `p_${name}`);
  if (kind === 'bigquery') {
    const params = PROCEDURE_PARAMS.map((n) => `p_${n} STRING`).join(', ');
    return `CREATE OR REPLACE TABLE FUNCTION \`${dataset}.${p.name}\`(${params})\nAS (\n${select}\n)`;
  }
  const params = PROCEDURE_PARAMS.map((n) => `p_${n}`).join(', ');
  return `CREATE OR REPLACE MACRO \`${dataset}.${p.name}\`(${params}) AS TABLE\n${select}`;
}

/** Creates or replaces every procedure routine in one org's dataset. */
export async function syncOrgProcedures(ctx: AppContext, orgSlug: string) {
  const { dataset } = await orgRecord(await ctx.db(), orgSlug);
  const wh = await ctx.warehouse();
  const routines: string[] = [];
  for (const p of listProcedures(ctx.config.PROCEDURES_DIR)) {
    wh.table(dataset, p.name); // validates both names before they reach DDL
    await wh.query(routineDdl(wh.kind, dataset, p));
    routines.push(p.name);
  }
  return { org_slug: orgSlug, dataset, routines };
}

/** Procedure sync for every org. */
export async function syncAllProcedures(ctx: AppContext) {
  const items = [];
  for (const slug of await orgSlugs(await ctx.db())) items.push(await syncOrgProcedures(ctx, slug));
  return { items, next_cursor: null };
}
