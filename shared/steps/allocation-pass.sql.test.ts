import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costDataStandard13 } from '../datasets/index.js';
import { costDailyRollup, rollupSelect } from '../datasets/cost-rollup.js';
import type { AllocationSnapshot } from '../hierarchy/allocation.js';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Warehouse, WarehouseRow } from '../ports/warehouse/port.js';
import { focusFixtureRows, TEST_ENTITIES } from '../testing/focus-rows.js';
import { allocationOf, allocationPass, HIERARCHY_FIELDS, tallies } from './allocation-pass.js';

// The pass groups rows in the warehouse and writes them back there: the result must be what allocating each row
// read whole gives (allocationOf per row), with every other column exactly as it was.

const DATASET = 'alloc_pass_sql_test';
const ORG = 'acme';
const PIPELINE = 'fixture/cost/rows';

const entity = (id: string) => {
  const e = TEST_ENTITIES.find((x) => x.id === id)!;
  return {
    x_hierarchy_entity_id: e.id,
    x_hierarchy_entity_name: e.name,
    x_hierarchy_level_code: e.level,
    x_hierarchy_path: e.path,
    x_hierarchy_path_names: e.names,
  };
};

const snapshot: AllocationSnapshot = {
  org_slug: ORG,
  loaded_at: '2026-01-01T00:00:00.000Z',
  entities: Object.fromEntries(TEST_ENTITIES.map((e) => [e.id, entity(e.id)])),
  rules: [
    {
      rule_id: 'r1',
      priority: 10,
      entity_id: 'DEPT-002',
      match: { kind: 'credential', credential_id: 'cred-2' },
    },
    {
      rule_id: 'r2',
      priority: 50,
      entity_id: 'TEAM-001',
      match: { kind: 'tag', key: 'team', value: 'platform' },
    },
    {
      rule_id: 'r3',
      priority: 40,
      entity_id: 'PROJ-001',
      match: { kind: 'cloud_account', account_id: 'acct-1', provider: 'aws' },
    },
    {
      rule_id: 'r4',
      priority: 45,
      entity_id: 'DEPT-001',
      match: { kind: 'genai_dimension', dimension: 'api_key', value: 'key-1' },
    },
    {
      rule_id: 'r5',
      priority: 30,
      entity_id: 'PROJ-001',
      match: { kind: 'saas_plan', provider: 'slack', plan_name: 'pro' },
    },
  ],
};
const planEntities = new Map([['plan-2', 'DEPT-002']]);

const TAGS = [
  '{"team":"platform","env":"prod"}',
  '{"env": "prod", "team": "platform"}',
  '[{"key":"team","value":"data"}]',
  '{"team":"platform","team2":{"x":1}}',
  null,
];

/** Seeded rows that exercise every rule kind, NULL keys, µs timestamps and 9-decimal money. */
function seedRows(): Record<string, unknown>[] {
  return focusFixtureRows(ORG, { start: '2026-09-01', days: 3, count: 150, pipeline: PIPELINE }).map(
    (r, i) => {
      const type = r.x_cost_type;
      return {
        ...r,
        ResourceName: `row-${i}`,
        x_credential_id: [null, 'cred-1', 'cred-2'][i % 3],
        x_run_id: `run-${i % 2}`,
        x_ingested_at: `2026-01-01T00:00:0${i % 10}.${String(100000 + i).slice(-6)}Z`,
        Tags: TAGS[i % TAGS.length],
        SubAccountId: i % 7 === 0 ? null : `acct-${i % 3}`,
        ResourceId:
          type === 'subscription' ? `plan-${i % 3}` : type === 'genai' ? `key-${i % 2}` : `res-${i}`,
        SkuId: type === 'subscription' ? `saas/slack/${i % 2 ? 'pro' : 'free'}` : `sku-${i}`,
        BilledCost: i % 11 === 0 ? '0.000000001' : r.BilledCost,
        EffectiveCost: i % 13 === 0 ? '-1.000000007' : r.EffectiveCost,
      };
    },
  );
}

const t = () => `${DATASET}.${costDataStandard13.name}`;
const readAll = async (wh: Warehouse) => {
  const cols = costDataStandard13.columns
    .map((c) => (c.type === 'TIMESTAMP' ? `CAST(${c.name} AS STRING) AS ${c.name}` : c.name))
    .join(', ');
  const rows = await wh.query(`SELECT ${cols} FROM ${t()}`);
  return new Map(rows.map((r) => [String(r.ResourceName), r]));
};

/** The tallies of rows allocated one by one, in the shape of `tallies`. */
function rowTallies(rows: WarehouseRow[]) {
  type M = { rows: number; billed_cost: Record<string, Decimal>; effective_cost: Record<string, Decimal> };
  const by = new Map<string | null, M>();
  for (const row of rows) {
    const id = allocationOf(row, snapshot, planEntities).x_hierarchy_entity_id;
    const m = by.get(id) ?? { rows: 0, billed_cost: {}, effective_cost: {} };
    by.set(id, m);
    const c = String(row.BillingCurrency ?? '');
    m.rows += 1;
    m.billed_cost[c] = (m.billed_cost[c] ?? new Decimal(0)).plus(String(row.BilledCost ?? 0));
    m.effective_cost[c] = (m.effective_cost[c] ?? new Decimal(0)).plus(String(row.EffectiveCost ?? 0));
  }
  const plain = (m: M | undefined) => ({
    rows: m?.rows ?? 0,
    billed_cost: Object.fromEntries(Object.entries(m?.billed_cost ?? {}).map(([k, v]) => [k, v.toFixed()])),
    effective_cost: Object.fromEntries(
      Object.entries(m?.effective_cost ?? {}).map(([k, v]) => [k, v.toFixed()]),
    ),
  });
  return {
    allocated: Object.fromEntries(
      [...by]
        .filter(([id]) => id !== null)
        .sort()
        .map(([id, m]) => [id, plain(m)]),
    ),
    unallocated: plain(by.get(null)),
  };
}

let wh: Warehouse;
beforeAll(async () => {
  wh = await openDuckDb(':memory:');
  await wh.ensureDataset(DATASET);
  await wh.ensureTable(DATASET, costDataStandard13);
  await wh.ensureTable(DATASET, costDailyRollup);
});
afterAll(() => wh.close());

describe('allocation pass in the warehouse', () => {
  it('gives every row what allocating it alone gives, keeps every other column exactly, refreshes the rollup', async () => {
    const seeded = seedRows();
    const days = [...new Set(seeded.map((r) => String(r.x_pipeline_run_date)))].sort();
    for (const credential of [null, 'cred-1', 'cred-2'])
      await wh.replaceSlice(
        DATASET,
        costDataStandard13,
        {
          equals: { x_org_slug: ORG, x_pipeline_id: PIPELINE, x_credential_id: credential },
          dateRange: { column: 'x_pipeline_run_date', from: days[0]!, to: days.at(-1)! },
        },
        seeded.filter((r) => r.x_credential_id === credential),
      );
    const before = await readAll(wh);
    expect(before.size).toBe(seeded.length);

    const result = await allocationPass(wh, DATASET, costDataStandard13, { org: ORG }, snapshot, {
      maxRows: 60,
      planEntities,
    });
    expect(result.rows_read).toBe(seeded.length);
    expect(result.rows_rewritten).toBe(seeded.length);
    expect(result.skipped).toEqual([]);
    expect(tallies(result)).toEqual(rowTallies([...before.values()]));

    const after = await readAll(wh);
    expect(after.size).toBe(before.size);
    const hierarchy = new Set<string>(HIERARCHY_FIELDS);
    const seen = new Set<string | null>();
    for (const [name, row] of before) {
      const want = allocationOf(row, snapshot, planEntities);
      const got = after.get(name)!;
      seen.add(want.x_hierarchy_entity_id);
      for (const f of HIERARCHY_FIELDS) expect(got[f], `${name} ${f}`).toBe(want[f]);
      for (const c of costDataStandard13.columns)
        if (!hierarchy.has(c.name)) expect(got[c.name], `${name} ${c.name}`).toEqual(row[c.name]);
    }
    // Every rule kind (and unallocated) occurs.
    expect([...seen].sort()).toEqual([null, 'DEPT-001', 'DEPT-002', 'PROJ-001', 'TEAM-001'].sort());

    // The rollup was refreshed by the replaces: it equals its select over the FOCUS table.
    const refresh = { refresh_from: days[0]!, refresh_to: days.at(-1)! };
    const sorted = (rows: WarehouseRow[]) => rows.map((r) => JSON.stringify(r)).sort();
    const rollup = await wh.query(`SELECT * FROM ${DATASET}.${costDailyRollup.name}`);
    expect(rollup.length).toBeGreaterThan(0);
    expect(sorted(rollup)).toEqual(sorted(await wh.query(`SELECT * FROM (${rollupSelect(t())})`, refresh)));

    // Idempotent: a second pass finds nothing changed and writes nothing.
    const again = await allocationPass(wh, DATASET, costDataStandard13, { org: ORG }, snapshot, {
      maxRows: 60,
      planEntities,
    });
    expect(again).toMatchObject({ rows_read: seeded.length, rows_rewritten: 0, slices_rewritten: 0 });
    expect(tallies(again)).toEqual(tallies(result));
    // No scratch table is left behind.
    expect((await wh.listTables(DATASET)).filter((n) => n.startsWith('ca_alloc_'))).toEqual([]);
  });
});
