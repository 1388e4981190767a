/**
 * Procedure sync: each SQL file under PROCEDURES_DIR becomes a routine in every org dataset, so analysts can call
 * the same SQL the pipelines run. BigQuery: a table function `{dataset}.{name}(p_org_slug, p_pipeline_id,
 * p_credential_id, p_run_id, p_start_date, p_end_date)`; DuckDB: a table macro with the same name and
 * parameters. The pipelines themselves run the files (run-procedure), so a routine is never stale for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { AppContext } from '../context.js';
import { notFound } from '../errors/index.js';
import type { Warehouse } from '../ports/warehouse/port.js';

/** The parameters every procedure takes (`@name` in the file). */
export const PROCEDURE_PARAMS = [
  'org_slug',
  'pipeline_id',
  'credential_id',
  'run_id',
  'start_date',
  'end_date',
] as const;
const ROUTINE_NAME = /^sp_[a-z0-9_]{1,120}$/;

export interface ProcedureFile {
  /** Path under the procedures dir without `.sql`, e.g. `genai/sp_genai_1_consolidate_usage_daily`. */
  path: string;
  /** The routine name: the file name, e.g. `sp_genai_1_consolidate_usage_daily`. */
  name: string;
  sql: string;
}

/** Every `sp_*.sql` file under `dir`; two files with one name are refused (routine names are per dataset). */
export function listProcedures(dir: string): ProcedureFile[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.sql') ? [join(d, e.name)] : [],
    );
  const files = walk(dir).map((file) => {
    const path = relative(dir, file)
      .split(sep)
      .join('/')
      .replace(/\.sql$/, '');
    const name = path.split('/').at(-1)!;
    if (!ROUTINE_NAME.test(name)) throw new Error(`Procedure file ${path}.sql must be named sp_<name>.sql`);
    return { path, name, sql: readFileSync(file, 'utf8') };
  });
  const seen = new Map<string, string>();
  for (const f of files) {
    const other = seen.get(f.name);
    if (other) throw new Error(`Procedures ${other} and ${f.path} have the same routine name ${f.name}.`);
    seen.set(f.name, f.path);
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The routine DDL of one procedure for one dataset, in the warehouse's dialect (BigQuery SQL for DuckDB is translated by the port). */
export function routineDdl(kind: Warehouse['kind'], dataset: string, p: ProcedureFile): string {
  let select = p.sql.replaceAll('{dataset}', dataset).replace(/;\s*$/, '');
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
  const { rows } = await (
    await ctx.db()
  ).query<{ dataset: string }>('SELECT dataset FROM organizations WHERE org_slug = $1', [orgSlug]);
  if (!rows[0]) throw notFound(`Organization ${orgSlug} not found.`);
  const dataset = rows[0].dataset;
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
  const { rows } = await (
    await ctx.db()
  ).query<{ org_slug: string }>('SELECT org_slug FROM organizations ORDER BY org_slug');
  const items = [];
  for (const r of rows) items.push(await syncOrgProcedures(ctx, r.org_slug));
  return { items, next_cursor: null };
}
