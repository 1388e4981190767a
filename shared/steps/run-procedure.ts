import type { StepConfig } from '../contracts/steps.js';
import { canonicalModelNameSql, MODEL_NAME_PARAMS } from '../genai/model-name.js';
import type { StepRun } from '../pipelines/step-function.js';
import { loadProcedure } from '../procedures/load.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import { orgDatasetOf, orgTable, runSlice } from './common.js';

/**
 * Runs a SQL procedure (a SELECT in BigQuery SQL) for the run's org and dates and replaces the run's slice
 * of the target table with its rows, atomically. A procedure that writes x_genai_model has its model names
 * written in their one canonical spelling (shared/genai/model-name.ts).
 */
export async function runProcedure(run: StepRun<StepConfig<'run-procedure'>>) {
  const { ctx, step, config } = run;
  const def = orgTable(config.target);
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const sql = loadProcedure(ctx.config.PROCEDURES_DIR, config.procedure, dataset);
  const wh = await ctx.warehouse();
  const canonical = writesModel(def, sql);
  const select = canonical
    ? `SELECT * REPLACE (${canonicalModelNameSql('x_genai_model')} AS x_genai_model)
    FROM (${sql}
    ) AS procedure_rows`
    : sql;
  const rows = await wh.replaceSliceFromQuery(dataset, def, runSlice(step), select, {
    org_slug: step.org_slug,
    pipeline_id: step.pipeline_id,
    run_id: step.run_id,
    start_date: step.start_date,
    end_date: step.end_date,
    credential_id: step.credential_id,
    ...(canonical ? MODEL_NAME_PARAMS : {}),
  });
  await run.record('procedure ran', { procedure: config.procedure, target: config.target, rows });
  return { rows_written: rows };
}

/** Whether the procedure writes x_genai_model of its target (its select names the column). */
function writesModel(def: TableDef, sql: string): boolean {
  return def.columns.some((c) => c.name === 'x_genai_model') && /\bAS\s+x_genai_model\b/i.test(sql);
}
