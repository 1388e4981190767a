import { Decimal } from 'decimal.js';
import type { StepConfig } from '../contracts/steps.js';
import type { StepRun } from '../pipelines/step-function.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { sliceWhere } from '../ports/warehouse/slice.js';
import type { ClaimedStep } from '../pipelines/step-state.js';
import { assertColumn, orgDatasetOf, orgTable, runSlice } from './common.js';
import { permanent } from '../errors/index.js';

async function aggregate(
  wh: Warehouse,
  dataset: string,
  step: ClaimedStep,
  table: string,
  expr: (col: string) => string,
  column?: string,
) {
  const def = orgTable(table);
  if (column) assertColumn(def, column);
  const { where, params } = sliceWhere(def, runSlice(step), (c) => `\`${c}\``);
  const rows = await wh.query<{ v: string | number | null }>(
    `SELECT ${expr(column ? `\`${column}\`` : '*')} AS v FROM ${wh.table(dataset, table)} WHERE ${where}`,
    params,
  );
  return new Decimal(rows[0]?.v ?? 0);
}

/**
 * Data-quality checks over the run's slice; results are recorded per check, and any failure fails the step
 * permanently (retrying cannot change the data).
 */
export async function dqCheck(run: StepRun<StepConfig<'dq-check'>>) {
  const { ctx, step, config } = run;
  const wh = await ctx.warehouse();
  const db = await ctx.db();
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const failed: string[] = [];
  for (const check of config.checks) {
    let expected: Decimal;
    let actual: Decimal;
    let passed: boolean;
    if (check.kind === 'sum_equal') {
      expected = await aggregate(wh, dataset, step, check.left.table, (c) => `SUM(${c})`, check.left.column);
      actual = await aggregate(wh, dataset, step, check.right.table, (c) => `SUM(${c})`, check.right.column);
      passed = expected.minus(actual).abs().lte(check.tolerance);
    } else {
      expected = new Decimal(check.min);
      actual = await aggregate(wh, dataset, step, check.table, () => 'COUNT(*)');
      passed = actual.gte(expected);
    }
    await db.query(
      'INSERT INTO pipeline_dq_results (run_id, step_id, check_name, passed, expected, actual) VALUES ($1, $2, $3, $4, $5, $6)',
      [step.run_id, step.step_id, check.name, passed, expected.toFixed(), actual.toFixed()],
    );
    if (!passed) failed.push(`${check.name} (expected ${expected.toFixed()}, got ${actual.toFixed()})`);
  }
  await run.record('data-quality checks', { checks: config.checks.length, failed });
  if (failed.length) throw permanent(`Data-quality checks failed: ${failed.join('; ')}`);
  return { rows_written: 0 };
}
