import { z } from 'zod';
import type { StepRun } from '../pipelines/step-function.js';
import { loadProcedure } from '../procedures/load.js';
import { orgDatasetOf, orgTable, runSlice } from './common.js';

export const RunProcedureConfigSchema = z.strictObject({
  /** Path under PROCEDURES_DIR without `.sql`, e.g. `sample/sp_sample_convert_to_focus`. */
  procedure: z.string().regex(/^[a-z0-9_]+(\/[a-z0-9_]+)*$/, 'must be a procedure path like domain/sp_name'),
  /** The per-org table whose run slice the procedure's rows replace. */
  target: z.string().regex(/^[a-z_][a-z0-9_]*$/),
});

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
