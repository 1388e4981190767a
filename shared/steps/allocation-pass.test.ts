import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costDataStandard13 } from '../datasets/index.js';
import type { AllocationSnapshot } from '../hierarchy/allocation.js';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { focusFixtureRows } from '../testing/focus-rows.js';
import { allocationPass, HIERARCHY_FIELDS, type SliceKey } from './allocation-pass.js';

const DATASET = 'alloc_pass_test';
const ORG = 'acme';
const PIPELINE = 'aws/cost/billing';

const snapshot: AllocationSnapshot = {
  org_slug: ORG,
  loaded_at: '2026-01-01T00:00:00.000Z',
  entities: {
    'DEPT-001': {
      x_hierarchy_entity_id: 'DEPT-001',
      x_hierarchy_entity_name: 'Engineering',
      x_hierarchy_level_code: 'department',
      x_hierarchy_path: '/DEPT-001',
      x_hierarchy_path_names: '/Engineering',
    },
  },
  rules: [
    {
      rule_id: 'r1',
      priority: 100,
      entity_id: 'DEPT-001',
      match: { kind: 'credential', credential_id: 'cred-1' },
    },
  ],
};

/** The slice's rows as one run wrote them: unallocated, under run `runId`. */
const runRows = (runId: string, billed: string): Record<string, unknown>[] =>
  focusFixtureRows(ORG, { start: '2026-10-01', days: 2, count: 6, pipeline: PIPELINE }).map((r) => ({
    ...r,
    x_credential_id: 'cred-1',
    x_run_id: runId,
    BilledCost: billed,
    ...Object.fromEntries(HIERARCHY_FIELDS.map((f) => [f, null])),
  }));
const slice = {
  equals: { x_org_slug: ORG, x_pipeline_id: PIPELINE, x_credential_id: 'cred-1' },
  dateRange: { column: 'x_pipeline_run_date', from: '2026-10-01', to: '2026-10-02' },
};

let wh: Warehouse;
beforeAll(async () => {
  wh = await openDuckDb(':memory:');
  await wh.ensureDataset(DATASET);
  await wh.ensureTable(DATASET, costDataStandard13);
});
afterAll(() => wh.close());

describe('allocation pass: compare-and-swap write', () => {
  it("keeps a newer run's rows written between the read and the write (the slice is skipped, not overwritten)", async () => {
    await wh.replaceSlice(DATASET, costDataStandard13, slice, runRows('run-a', '1'));
    const newer = runRows('run-b', '2');
    const guarded: SliceKey[] = [];
    const result = await allocationPass(wh, DATASET, costDataStandard13, { org: ORG }, snapshot, {
      maxRows: 1000,
      planEntities: new Map(),
      // Passes, then a run of the same pipeline lands before the write (its FOCUS step replaces the slice).
      guard: async (key) => {
        guarded.push(key);
        if (guarded.length === 1) await wh.replaceSlice(DATASET, costDataStandard13, slice, newer);
        return null;
      },
    });
    const now = await wh.query<{ x_run_id: string; BilledCost: string; e: string | null }>(
      `SELECT x_run_id, CAST(BilledCost AS STRING) AS BilledCost, x_hierarchy_entity_id AS e
       FROM ${wh.table(DATASET, costDataStandard13.name)} ORDER BY ALL`,
    );
    expect(now).toHaveLength(newer.length);
    expect(new Set(now.map((r) => `${r.x_run_id} ${Number(r.BilledCost)} ${r.e}`))).toEqual(
      new Set(['run-b 2 null']),
    );
    expect(result.slices_rewritten).toBe(0);
    // Tried as a whole, then day by day: every day the newer run wrote is skipped, none rewritten.
    const days = [...new Set(newer.map((r) => String(r.x_pipeline_run_date)))].sort();
    expect(result.skipped).toEqual(
      days.map((d) => ({
        pipeline_id: PIPELINE,
        credential_id: 'cred-1',
        from: d,
        to: d,
        reason: 'rows changed since they were read',
      })),
    );
  });

  it('rewrites the slice when nothing changed in between', async () => {
    await wh.replaceSlice(DATASET, costDataStandard13, slice, runRows('run-a', '1'));
    const result = await allocationPass(wh, DATASET, costDataStandard13, { org: ORG }, snapshot, {
      maxRows: 1000,
      planEntities: new Map(),
      guard: async () => null,
    });
    expect(result).toMatchObject({ slices_rewritten: 1, skipped: [] });
    const now = await wh.query<{ e: string | null; n: number }>(
      `SELECT x_hierarchy_entity_id AS e, COUNT(*) AS n FROM ${wh.table(DATASET, costDataStandard13.name)} GROUP BY 1`,
    );
    expect(now).toEqual([{ e: 'DEPT-001', n: runRows('x', '1').length }]);
  });
});
