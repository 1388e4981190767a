/**
 * The preview of an allocation rule (saved or not): over the last RULE_PREVIEW_DAYS UTC days, the billed cost and
 * row count of the org's FOCUS rows the rule matches, would allocate, would move, and of those matched the ones
 * unallocated today. Read-only over the warehouse and the control plane.
 *
 * No matching logic here: the warehouse groups the rows by what allocation reads (`keyColumns`, the allocation
 * pass's own projection, shared/steps/allocation-sql.ts), counted once as the cost views count them, and each group
 * is allocated by `allocate` / `allocationOf` (the functions a pipeline allocates with), once against a snapshot
 * holding only the previewed rule and once against the org's enabled rules with the previewed one among them.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  RULE_PREVIEW_DAYS,
  type RulePreviewBodySchema,
  type RulePreviewSchema,
} from '../contracts/hierarchy.js';
import { chargeDayInRangeSql, countedOnceSql } from '../focus/counted-once.js';
import { Exact } from '../money/decimal.js';
import { orgRecord } from '../orgs/org-record.js';
import { loadPlans } from '../saas/plans.js';
import { allocationOf } from '../steps/allocation-pass.js';
import { keyColumns } from '../steps/allocation-sql.js';
import { orgTable } from '../steps/common.js';
import { addDays } from '../time/day.js';
import { type AllocationSnapshot, allocate, type HierarchyFields } from './allocation.js';
import { loadAllocationSnapshot } from './rules.js';
import { findEntity } from './store.js';
import { invalidInput } from '../errors/index.js';

const FOCUS = 'cost_data_standard_1_3';
/** The previewed rule's stand-in entity: no entity id can hold a NUL. */
const PREVIEW = '\u0000preview';
const previewFields: HierarchyFields = {
  x_hierarchy_entity_id: PREVIEW,
  x_hierarchy_entity_name: PREVIEW,
  x_hierarchy_level_code: PREVIEW,
  x_hierarchy_path: PREVIEW,
  x_hierarchy_path_names: PREVIEW,
};

type Body = z.output<typeof RulePreviewBodySchema>;
type Preview = z.input<typeof RulePreviewSchema>;

class Tally {
  billed = new Exact(0);
  rows = 0;
  add(n: number, billed: string | null) {
    this.rows += n;
    this.billed = this.billed.plus(billed ?? 0);
  }
  view() {
    return { billed_cost: this.billed.toNumber(), record_count: this.rows };
  }
}

/** The UTC day of `now`. */
const utcDay = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The snapshots a preview allocates with: the previewed rule alone, and the org's enabled rules with it among them
 * (an edited rule keeps its place among equal priorities, its age; a new one is the newest), both pointing the
 * previewed rule at a stand-in entity; and the SaaS plans' own entities (they win over every rule).
 */
async function snapshots(ctx: AppContext, org: string, body: Body) {
  const stored = await loadAllocationSnapshot(ctx, org);
  const rule = {
    rule_id: body.rule_id ?? PREVIEW,
    priority: body.priority,
    entity_id: PREVIEW,
    match: body.match,
  };
  const rules = stored.rules.filter((r) => r.rule_id !== body.rule_id);
  const at = body.rule_id ? stored.rules.findIndex((r) => r.rule_id === body.rule_id) : -1;
  rules.splice(at < 0 ? rules.length : at, 0, rule);
  const entities = { ...stored.entities, [PREVIEW]: previewFields };
  const alone: AllocationSnapshot = { ...stored, entities, rules: [rule] };
  const all: AllocationSnapshot = { ...stored, entities, rules };
  const plans = new Map(
    (await loadPlans(await ctx.db(), org)).flatMap(({ plan: p }) =>
      p.hierarchy_entity_id ? [[p.plan_id, p.hierarchy_entity_id] as const] : [],
    ),
  );
  return { alone, all, plans };
}

interface PreviewGroup {
  inputs: Record<string, string | null>;
  currency: string | null;
  current: string | null;
  n: number;
  billed: string | null;
}

/**
 * The org's FOCUS rows of [start, end] (counted once), grouped by the allocation inputs `all` reads (Tags when any
 * of its rules matches tags), the billing currency and the entity they are allocated to today.
 */
async function readPreviewGroups(
  ctx: AppContext,
  dataset: string,
  org: string,
  range: { start: string; end: string },
  all: AllocationSnapshot,
): Promise<PreviewGroup[]> {
  const wh = await ctx.warehouse();
  const table = wh.table(dataset, FOCUS);
  const keys = keyColumns(wh, orgTable(FOCUS), all);
  const dims = [
    ...keys.map((k, i) => `${k.sql} AS k_${i}`),
    'f.`BillingCurrency` AS currency',
    'f.`x_hierarchy_entity_id` AS current_entity',
  ];
  const rows = await wh.query<Record<string, unknown>>(
    `SELECT ${dims.join(', ')}, COUNT(*) AS n, CAST(SUM(f.BilledCost) AS STRING) AS billed
     FROM ${table} AS f
     WHERE f.x_org_slug = @org AND ${chargeDayInRangeSql('f', 'start', 'end')}
       AND ${countedOnceSql({ alias: 'f', table, range: { start: 'start', end: 'end' } })}
     GROUP BY ${dims.map((_, i) => i + 1).join(', ')}`,
    { org, ...range },
  );
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((g) => ({
    inputs: Object.fromEntries(keys.map((k, i) => [k.name, text(g[`k_${i}`])])),
    currency: text(g.currency),
    current: text(g.current_entity),
    n: Number(g.n),
    billed: text(g.billed),
  }));
}

/** The preview of `body` for `org` over the RULE_PREVIEW_DAYS days up to `now`'s UTC day (see the file comment). */
export async function previewRule(
  ctx: AppContext,
  org: string,
  body: Body,
  now: Date = new Date(),
): Promise<Preview> {
  const db = await ctx.db();
  const { currency, dataset } = await orgRecord(db, org);
  if (body.entity_id && !(await findEntity(db, org, body.entity_id)))
    throw invalidInput(`entity_id: no entity ${body.entity_id} in ${org}.`, [
      { field: 'body.entity_id', message: `no entity ${body.entity_id}` },
    ]);
  const end = utcDay(now);
  const start = addDays(end, -(RULE_PREVIEW_DAYS - 1));
  const { alone, all, plans } = await snapshots(ctx, org, body);
  const groups = await readPreviewGroups(ctx, dataset, org, { start, end }, all);

  const [matched, allocated, moved, unallocated] = [new Tally(), new Tally(), new Tally(), new Tally()];
  let otherCurrency = 0;
  for (const g of groups) {
    if (!allocate(g.inputs, alone)) continue;
    if (g.currency !== currency) {
      otherCurrency += g.n;
      continue;
    }
    matched.add(g.n, g.billed);
    if (g.current === null) unallocated.add(g.n, g.billed);
    if (allocationOf(g.inputs, all, plans).x_hierarchy_entity_id !== PREVIEW) continue;
    allocated.add(g.n, g.billed);
    if (body.entity_id === undefined || g.current !== body.entity_id) moved.add(g.n, g.billed);
  }
  return {
    currency,
    start_date: start,
    end_date: end,
    matched: matched.view(),
    allocated: allocated.view(),
    moved: moved.view(),
    unallocated: unallocated.view(),
    other_currency_records: otherCurrency,
  };
}
