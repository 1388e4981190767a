import type { StepConfig } from '../contracts/steps.js';
import type { StepRun } from '../pipelines/step-function.js';
import { loadProcedure } from '../procedures/load.js';
import { orgDatasetOf, orgTable, runSlice } from './common.js';

/**
 * Runs a SQL procedure (a SELECT in BigQuery SQL) for the run's org and dates and replaces the run's slice
 * of the target table with its rows, atomically.
 */
export async function runProcedure(run: StepRun<StepConfig<'run-procedure'>>) {
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
