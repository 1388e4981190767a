/**
 * Allocation rules of an org (CRUD) and the snapshot a pipeline step loads once per run to allocate rows with
 * `allocate` (allocation.ts). A changed rule applies to whatever a pipeline (re-)writes from then on.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type {
  CreateRuleSchema,
  RuleListQuerySchema,
  RuleMatch,
  UpdateRuleSchema,
} from '../contracts/hierarchy.js';
import { auditRequest, type RequestMeta } from '../orgs/audit.js';
import type { Queryable } from '../ports/database/port.js';
import { isoTimestamp } from '../ports/database/values.js';
import type { AllocationSnapshot } from './allocation.js';
import { findEntity, inOrgTransaction, loadPathed, openOrg } from './store.js';
import { invalidInput, notFound, conflict } from '../errors/index.js';

/** Rules an org may have (each row of a run is checked against an index of them, not a list). */
export const MAX_RULES = 5000;

interface RuleRow {
  rule_id: string;
  name: string | null;
  priority: number;
  enabled: boolean;
  entity_id: string;
  entity_name: string;
  match: RuleMatch;
  created_at: Date | string;
  updated_at: Date | string;
}

/** Evaluation order: highest priority first, then the older rule, then the smaller id. */
const ORDER = 'r.priority DESC, r.created_at, r.rule_id';

async function loadRules(
  db: Queryable,
  org: string,
  filter: { rule_id?: string; entity_id?: string; kind?: string; enabled?: boolean } = {},
): Promise<RuleRow[]> {
  const params: unknown[] = [org];
  const where = ['r.org_slug = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(`${sql} $${params.length}`);
  };
  if (filter.rule_id) add('r.rule_id =', filter.rule_id);
  if (filter.entity_id) add('r.entity_id =', filter.entity_id);
  if (filter.kind) add('r.match_kind =', filter.kind);
  if (filter.enabled !== undefined) add('r.enabled =', filter.enabled);
  const { rows } = await db.query<RuleRow>(
    `SELECT r.rule_id::text AS rule_id, r.name, r.priority, r.enabled, r.entity_id, e.name AS entity_name, r.match,
       r.created_at, r.updated_at
     FROM hierarchy_allocation_rules r
     JOIN hierarchy_entities e ON e.org_slug = r.org_slug AND e.entity_id = r.entity_id
     WHERE ${where.join(' AND ')} ORDER BY ${ORDER}`,
    params,
  );
  return rows;
}

const view = (r: RuleRow) => ({
  rule_id: r.rule_id,
  name: r.name,
  priority: r.priority,
  enabled: r.enabled,
  entity_id: r.entity_id,
  entity_name: r.entity_name,
  match: r.match,
  created_at: isoTimestamp(r.created_at),
  updated_at: isoTimestamp(r.updated_at),
});

async function oneRule(db: Queryable, org: string, ruleId: string) {
  const [rule] = await loadRules(db, org, { rule_id: ruleId });
  if (!rule) throw notFound(`No allocation rule ${ruleId} in ${org}.`);
  return rule;
}

async function checkEntity(db: Queryable, org: string, entityId: string) {
  if (!(await findEntity(db, org, entityId))) {
    throw invalidInput(`entity_id: no entity ${entityId} in ${org}.`, [
      { field: 'body.entity_id', message: `no entity ${entityId}` },
    ]);
  }
}

export async function listRules(ctx: AppContext, org: string, q: z.output<typeof RuleListQuerySchema>) {
  const { db } = await openOrg(ctx, org);
  const rules = await loadRules(db, org, {
    ...(q.entity_id ? { entity_id: q.entity_id } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
  });
  return { items: rules.map(view), next_cursor: null };
}

export async function getRule(ctx: AppContext, org: string, ruleId: string) {
  const { db } = await openOrg(ctx, org);
  return view(await oneRule(db, org, ruleId));
}

export async function createRule(
  ctx: AppContext,
  org: string,
  body: z.output<typeof CreateRuleSchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const ruleId = randomUUID();
  await inOrgTransaction(db, org, async (tx) => {
    await checkEntity(tx, org, body.entity_id);
    const { rows } = await tx.query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM hierarchy_allocation_rules WHERE org_slug = $1',
      [org],
    );
    if (Number(rows[0]!.n) >= MAX_RULES) throw conflict(`An org has at most ${MAX_RULES} allocation rules.`);
    await tx.query(
      `INSERT INTO hierarchy_allocation_rules (rule_id, org_slug, name, priority, match_kind, match, entity_id, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        ruleId,
        org,
        body.name ?? null,
        body.priority,
        body.match.kind,
        JSON.stringify(body.match),
        body.entity_id,
        body.enabled,
      ],
    );
    await auditRequest(tx, org, meta, 'hierarchy.rule_created', ruleId, {
      entity_id: body.entity_id,
      priority: body.priority,
      match: body.match,
    });
  });
  return view(await oneRule(db, org, ruleId));
}

export async function updateRule(
  ctx: AppContext,
  org: string,
  ruleId: string,
  body: z.output<typeof UpdateRuleSchema>,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  await inOrgTransaction(db, org, async (tx) => {
    const current = await oneRule(tx, org, ruleId);
    if (body.entity_id !== undefined) await checkEntity(tx, org, body.entity_id);
    const match = body.match ?? current.match;
    await tx.query(
      `UPDATE hierarchy_allocation_rules SET name = $3, priority = $4, enabled = $5, entity_id = $6, match_kind = $7,
         match = $8, updated_at = now()
       WHERE org_slug = $1 AND rule_id = $2`,
      [
        org,
        ruleId,
        body.name === undefined ? current.name : body.name,
        body.priority ?? current.priority,
        body.enabled ?? current.enabled,
        body.entity_id ?? current.entity_id,
        match.kind,
        JSON.stringify(match),
      ],
    );
    await auditRequest(tx, org, meta, 'hierarchy.rule_updated', ruleId, {
      fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined),
    });
  });
  return view(await oneRule(db, org, ruleId));
}

export async function deleteRule(ctx: AppContext, org: string, ruleId: string, meta: RequestMeta) {
  const db = await ctx.db();
  await inOrgTransaction(db, org, async (tx) => {
    await oneRule(tx, org, ruleId);
    await tx.query('DELETE FROM hierarchy_allocation_rules WHERE org_slug = $1 AND rule_id = $2', [
      org,
      ruleId,
    ]);
    await auditRequest(tx, org, meta, 'hierarchy.rule_deleted', ruleId);
  });
}

/**
 * The org's entities (with their hierarchy fields) and enabled rules in evaluation order, read in one transaction:
 * what a pipeline step loads once per run and passes to `allocate` for every row. Plain JSON; reads only.
 */
export async function loadAllocationSnapshot(
  ctx: Pick<AppContext, 'db'>,
  org: string,
): Promise<AllocationSnapshot> {
  const db = await ctx.db();
  return db.transaction(async (tx) => {
    // One consistent view of entities and rules, even while someone edits them.
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const entities: AllocationSnapshot['entities'] = {};
    for (const e of await loadPathed(tx, org)) {
      entities[e.entity_id] = {
        x_hierarchy_entity_id: e.entity_id,
        x_hierarchy_entity_name: e.name,
        x_hierarchy_level_code: e.level_code,
        x_hierarchy_path: e.path,
        x_hierarchy_path_names: e.path_names,
      };
    }
    const rules = (await loadRules(tx, org, { enabled: true })).map((r) => ({
      rule_id: r.rule_id,
      priority: r.priority,
      entity_id: r.entity_id,
      match: r.match,
    }));
    return { org_slug: org, loaded_at: new Date().toISOString(), entities, rules };
  });
}
