/**
 * Step `allocate-hierarchy`: fills the five x_hierarchy_* columns of FOCUS rows from the org's allocation rules
 * (shared/hierarchy: one snapshot of rules and entities per run), leaving money and every other column as written.
 *
 * - `scope: run` (after a pipeline's FOCUS step): the run's slice of cost_data_standard_1_3 (org, pipeline,
 *   credential, run dates), replaced batch by batch of whole run dates (allocation-pass.ts).
 * - `scope: org` (pipeline hierarchy/cost/reallocate): every pipeline's rows of the org. A manual run re-allocates its
 *   date range; a scheduled one (or its retry) works only when the org's hierarchy changed since the last complete
 *   re-allocation (org_allocation_state) and then covers every run date of the org, and records the version it
 *   ran with. Each (pipeline, credential) slice is replaced on its own, keeping its lineage; a slice whose
 *   allocation is unchanged is not written; a slice with a run of its pipeline in flight, or that changed since it
 *   was read, is skipped (that run allocates it itself) and the marker stays behind, so the next run retries.
 *
 * Unallocated rows keep the five columns NULL (the costs service shows them as Unallocated).
 */
import type { AppContext } from '../context.js';
import type { StepConfig } from '../contracts/steps.js';
import { allocationState, markReallocated } from '../hierarchy/allocation-state.js';
import { loadAllocationSnapshot } from '../hierarchy/rules.js';
import type { StepRun } from '../pipelines/step-function.js';
import { loadPlans } from '../saas/plans.js';
import { allocationPass, tallies, type PassScope, type SliceKey } from './allocation-pass.js';
import { orgDatasetOf, orgTable } from './common.js';
import { transient } from '../errors/index.js';

type Config = StepConfig<'allocate-hierarchy'>;

const FOCUS = 'cost_data_standard_1_3';

/** Plan id -> the plan's own hierarchy_entity_id, for the plans that name one. */
async function planEntities(ctx: AppContext, org: string): Promise<Map<string, string>> {
  const plans = await loadPlans(await ctx.db(), org);
  return new Map(
    plans.flatMap(({ plan: p }) => (p.hierarchy_entity_id ? [[p.plan_id, p.hierarchy_entity_id]] : [])),
  );
}

/** Whether this run is the schedule's (a retry of a scheduled run counts as one). */
async function isScheduled(ctx: AppContext, runId: string): Promise<boolean> {
  const { rows } = await (
    await ctx.db()
  ).query<{ trigger: string; original: string | null }>(
    `SELECT r.trigger, o.trigger AS original FROM pipeline_runs r
     LEFT JOIN pipeline_runs o ON o.run_id = r.retry_of WHERE r.run_id = $1`,
    [runId],
  );
  return rows[0]?.trigger === 'schedule' || rows[0]?.original === 'schedule';
}

/**
 * Before an org-wide pass rewrites another pipeline's slice: no run of that pipeline may be in flight over those
 * dates (it allocates its own rows, and its FOCUS step may be replacing them). A run starting after this check is
 * caught by the write itself, a compare-and-swap on the rows that were read (allocation-pass.ts).
 */
function sliceGuard(ctx: AppContext, org: string, ownRun: string) {
  return async (s: SliceKey): Promise<string | null> => {
    const { rows: active } = await (
      await ctx.db()
    ).query(
      `SELECT 1 FROM pipeline_runs WHERE org_slug = $1 AND pipeline_id = $2
         AND credential_id::text IS NOT DISTINCT FROM $3 AND status IN ('PENDING', 'RUNNING') AND run_id <> $4
         AND start_date <= $6::date AND end_date >= $5::date LIMIT 1`,
      [org, s.pipeline_id, s.credential_id, ownRun, s.from, s.to],
    );
    return active.length ? 'a run of this pipeline is in flight over these dates' : null;
  };
}

export async function allocateHierarchy(run: StepRun<Config>) {
  const { ctx, step, config } = run;
  const org = step.org_slug;
  const orgWide = config.scope === 'org';
  const db = await ctx.db();
  const scheduled = orgWide && (await isScheduled(ctx, step.run_id));
  // Read before the snapshot: a write after this point leaves the marker behind, so the next run redoes it.
  const state = scheduled ? await allocationState(db, org) : null;
  if (state && state.version === state.reallocated_version) {
    await run.record('hierarchy unchanged since the last re-allocation', { version: state.version });
    return { rows_written: 0 };
  }
  const snapshot = await loadAllocationSnapshot(ctx, org);
  const dataset = await orgDatasetOf(ctx, org);
  const wh = await ctx.warehouse();
  const scope: PassScope = {
    org,
    ...(orgWide ? {} : { pipeline: { pipeline_id: step.pipeline_id, credential_id: step.credential_id } }),
    ...(scheduled ? {} : { range: { from: step.start_date, to: step.end_date } }),
  };
  const result = await allocationPass(wh, dataset, orgTable(FOCUS), scope, snapshot, {
    maxRows: config.max_rows_per_batch,
    planEntities: await planEntities(ctx, org),
    ...(orgWide ? { guard: sliceGuard(ctx, org, step.run_id) } : {}),
    checkpoint: () => {
      if (run.signal.aborted) throw transient('Allocation stopped at the step timeout.');
    },
  });
  if (state && result.skipped.length === 0) await markReallocated(db, org, state.version);
  await run.record('hierarchy allocated', {
    scope: config.scope,
    dates: scheduled ? 'all' : `${step.start_date}..${step.end_date}`,
    ...(state ? { version: state.version, marker_advanced: result.skipped.length === 0 } : {}),
    rules: snapshot.rules.length,
    rows: result.rows_read,
    rows_rewritten: result.rows_rewritten,
    slices_rewritten: result.slices_rewritten,
    slices_unchanged: result.slices_unchanged,
    ...(result.skipped.length ? { skipped: result.skipped } : {}),
    ...tallies(result),
  });
  return { rows_written: result.rows_rewritten };
}
