import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PermanentError } from '../errors/index.js';
import type { StepRun } from '../pipelines/step-function.js';
import { orgDatasetOf, orgTable, runSlice } from './common.js';

export const RunProcedureConfigSchema = z.strictObject({
  /** Path under PROCEDURES_DIR without `.sql`, e.g. `sample/sp_sample_convert_to_focus`. */
  procedure: z.string().regex(/^[a-z0-9_]+(\/[a-z0-9_]+)*$/, 'must be a procedure path like domain/sp_name'),
  /** The per-org table whose run slice the procedure's rows replace. */
  target: z.string().regex(/^[a-z_][a-z0-9_]*$/),
});

/** Reads a procedure's SQL; `{dataset}` is replaced by the org's (validated, derived) dataset name. */
export function loadProcedure(dir: string, procedure: string, dataset: string): string {
  const file = resolve(join(dir, `${procedure}.sql`));
  if (!file.startsWith(resolve(dir))) throw new PermanentError(`Procedure ${procedure} is outside ${dir}.`);
  let sql: string;
  try {
    sql = readFileSync(file, 'utf8');
  } catch {
    throw new PermanentError(`Procedure ${procedure} not found in ${dir}.`);
  }
  return sql.replaceAll('{dataset}', dataset).replace(/;\s*$/, '');
}

/**
 * Runs a SQL procedure (a SELECT in BigQuery SQL) for the run's org and dates and replaces the run's slice
 * of the target table with its rows, atomically.
 */
export async function runProcedure(run: StepRun<z.output<typeof RunProcedureConfigSchema>>) {
  const { ctx, step, config } = run;
  const def = orgTable(config.target);
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const sql = loadProcedure(ctx.config.PROCEDURES_DIR, config.procedure, dataset);
  const wh = await ctx.warehouse();
  const rows = await wh.replaceSliceFromQuery(dataset, def, runSlice(step), sql, {
    org_slug: step.org_slug,
    pipeline_id: step.pipeline_id,
    run_id: step.run_id,
    start_date: step.start_date,
    end_date: step.end_date,
    credential_id: step.credential_id,
  });
  await run.record('procedure ran', { procedure: config.procedure, target: config.target, rows });
  return { rows_written: rows };
}
