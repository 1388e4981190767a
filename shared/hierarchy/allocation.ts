/**
 * Cost allocation to the hierarchy, pure and fast: `allocate(row, snapshot)` gives the five x_hierarchy_* fields of
 * the entity whose rule matches the row (the highest priority wins; among equals the older rule, then the smaller
 * rule id), or null for unallocated cost. A pipeline step loads the snapshot once per run (`loadAllocationSnapshot`
 * in rules.ts) and calls `allocate` per row; the snapshot is plain JSON, the lookup index is built on first use.
 */
import type { RuleMatch } from '../contracts/hierarchy.js';

/** The five hierarchy columns of a cost row (shared/datasets/lineage.ts). */
export interface HierarchyFields {
  x_hierarchy_entity_id: string;
  x_hierarchy_entity_name: string;
  x_hierarchy_level_code: string;
  /** Entity ids from the top, e.g. /DEPT-001/PROJ-002/TEAM-003. */
  x_hierarchy_path: string;
  /** Entity names from the top, e.g. /Engineering/Platform/DevOps. */
  x_hierarchy_path_names: string;
}

export interface SnapshotRule {
  rule_id: string;
  priority: number;
  entity_id: string;
  match: RuleMatch;
}

/** What allocation needs of an org, loaded once per run. */
export interface AllocationSnapshot {
  org_slug: string;
  loaded_at: string;
  /** Every entity by id, with its hierarchy fields. */
  entities: Record<string, HierarchyFields>;
  /** Enabled rules in evaluation order: highest priority first, then oldest, then rule id. */
  rules: SnapshotRule[];
}

/**
 * The fields of a cost row allocation reads; all optional. FOCUS rows (cost_data_standard_1_3) and the per-flow
 * daily tables both fit:
 * - credential: `x_credential_id`.
 * - cloud_account (rows of x_cost_type cloud, or without x_cost_type): `SubAccountId` (GCP project, AWS account, Azure
 *   subscription, OCI compartment), `BillingAccountId`, `x_cloud_account_id`; provider `x_cloud_provider`.
 * - tag: `Tags` as an object, JSON text, or an array of {key, value}.
 * - genai_dimension (x_cost_type genai, or none): workspace `workspace_id` (else SubAccountId of a genai row), api_key
 *   `api_key_id` (else ResourceId of a genai row), account `x_genai_account_id`; provider `x_genai_provider` or
 *   `provider`.
 * - saas_plan (x_cost_type subscription, or none): `provider` and `plan_name`, else SkuId `saas/<provider>/<plan>`.
 */
export interface AllocatableRow {
  x_cost_type?: string | null;
  x_credential_id?: string | null;
  x_cloud_provider?: string | null;
  x_cloud_account_id?: string | null;
  SubAccountId?: string | null;
  BillingAccountId?: string | null;
  Tags?: unknown;
  x_genai_provider?: string | null;
  x_genai_account_id?: string | null;
  workspace_id?: string | null;
  api_key_id?: string | null;
  ResourceId?: string | null;
  provider?: string | null;
  plan_name?: string | null;
  SkuId?: string | null;
}

interface Candidate {
  order: number;
  fields: HierarchyFields;
  /** Extra condition beyond the indexed value (a provider or plan name). */
  also?: (row: AllocatableRow) => boolean;
}

interface Index {
  credential: Map<string, Candidate[]>;
  account: Map<string, Candidate[]>;
  tag: Map<string, Map<string, Candidate[]>>;
  genai: Map<string, Candidate[]>;
  saas: Map<string, Candidate[]>;
}

const indexes = new WeakMap<AllocationSnapshot, Index>();

const push = <K>(map: Map<K, Candidate[]>, key: K, c: Candidate) => {
  const list = map.get(key);
  if (list) list.push(c);
  else map.set(key, [c]);
};

const is = (kind: string) => (row: AllocatableRow) =>
  row.x_cost_type === undefined || row.x_cost_type === null || row.x_cost_type === kind;
const isCloud = is('cloud');
const isGenai = is('genai');
const isSaas = is('subscription');
const genaiProvider = (row: AllocatableRow) => row.x_genai_provider ?? row.provider;

function compile(snapshot: AllocationSnapshot): Index {
  const index: Index = {
    credential: new Map(),
    account: new Map(),
    tag: new Map(),
    genai: new Map(),
    saas: new Map(),
  };
  // Stable: equal priorities keep the snapshot's order (older rule first).
  const ordered = snapshot.rules
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.i - b.i);
  ordered.forEach(({ rule }, order) => {
    const fields = snapshot.entities[rule.entity_id];
    if (!fields) return;
    const m = rule.match;
    switch (m.kind) {
      case 'credential':
        push(index.credential, m.credential_id, { order, fields });
        break;
      case 'cloud_account':
        push(index.account, m.account_id, {
          order,
          fields,
          ...(m.provider ? { also: (row) => row.x_cloud_provider === m.provider } : {}),
        });
        break;
      case 'tag': {
        const byValue = index.tag.get(m.key) ?? new Map<string, Candidate[]>();
        index.tag.set(m.key, byValue);
        push(byValue, m.value, { order, fields });
        break;
      }
      case 'genai_dimension':
        push(index.genai, `${m.dimension}\u0000${m.value}`, {
          order,
          fields,
          ...(m.provider ? { also: (row) => genaiProvider(row) === m.provider } : {}),
        });
        break;
      case 'saas_plan':
        push(index.saas, m.provider, {
          order,
          fields,
          ...(m.plan_name ? { also: (row) => saasPlan(row)?.plan === m.plan_name } : {}),
        });
        break;
    }
  });
  return index;
}

function saasPlan(row: AllocatableRow): { provider: string; plan: string | null } | null {
  if (row.provider && row.x_cost_type !== 'genai')
    return { provider: row.provider, plan: row.plan_name ?? null };
  if (row.x_cost_type === 'subscription' && row.SkuId?.startsWith('saas/')) {
    const [, provider, plan] = row.SkuId.split('/');
    return provider ? { provider, plan: plan ?? null } : null;
  }
  return null;
}

let lastTagsText: string | undefined;
let lastTags: Map<string, string> = new Map();

/**
 * Tags as key -> value text, from an object, JSON text or an array of {key, value}; anything else: none. Rows of one
 * resource repeat the same Tags text, so the last parse is kept (read-only).
 */
function tagsOf(raw: unknown): Map<string, string> {
  if (typeof raw === 'string') {
    if (raw === lastTagsText) return lastTags;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    lastTagsText = raw;
    lastTags = tagsOf(parsed);
    return lastTags;
  }
  const out = new Map<string, string>();
  const put = (k: unknown, v: unknown) => {
    if (typeof k !== 'string' || v === null || v === undefined || typeof v === 'object') return;
    out.set(k, String(v));
  };
  if (Array.isArray(raw)) {
    for (const t of raw)
      if (t && typeof t === 'object') put((t as { key?: unknown }).key, (t as { value?: unknown }).value);
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) put(k, v);
  }
  return out;
}

/** The hierarchy fields for `row`, or null when no enabled rule matches (unallocated cost). */
export function allocate(row: AllocatableRow, snapshot: AllocationSnapshot): HierarchyFields | null {
  let index = indexes.get(snapshot);
  if (!index) {
    index = compile(snapshot);
    indexes.set(snapshot, index);
  }
  let best: Candidate | undefined;
  const consider = (list: Candidate[] | undefined) => {
    if (!list) return;
    for (const c of list) {
      if (best && c.order >= best.order) break; // lists are in evaluation order
      if (!c.also || c.also(row)) {
        best = c;
        break;
      }
    }
  };
  if (index.credential.size && row.x_credential_id) consider(index.credential.get(row.x_credential_id));
  if (index.account.size && isCloud(row)) {
    for (const id of [row.SubAccountId, row.BillingAccountId, row.x_cloud_account_id]) {
      if (id) consider(index.account.get(id));
    }
  }
  if (index.tag.size && row.Tags !== undefined && row.Tags !== null) {
    for (const [k, v] of tagsOf(row.Tags)) consider(index.tag.get(k)?.get(v));
  }
  if (index.genai.size && isGenai(row)) {
    const genai = row.x_cost_type === 'genai';
    const workspace = row.workspace_id ?? (genai ? row.SubAccountId : null);
    const apiKey = row.api_key_id ?? (genai ? row.ResourceId : null);
    if (workspace) consider(index.genai.get(`workspace\u0000${workspace}`));
    if (apiKey) consider(index.genai.get(`api_key\u0000${apiKey}`));
    if (row.x_genai_account_id) consider(index.genai.get(`account\u0000${row.x_genai_account_id}`));
  }
  if (index.saas.size && isSaas(row)) {
    const plan = saasPlan(row);
    if (plan) consider(index.saas.get(plan.provider));
  }
  return best ? { ...best.fields } : null;
}

/** The hierarchy fields of one entity (e.g. a SaaS plan's own hierarchy_entity_id), or null when unknown. */
export function hierarchyFieldsOf(snapshot: AllocationSnapshot, entityId: string | null | undefined) {
  const fields = entityId ? snapshot.entities[entityId] : undefined;
  return fields ? { ...fields } : null;
}

/** All five columns NULL: what an unallocated row carries. */
export const UNALLOCATED = {
  x_hierarchy_entity_id: null,
  x_hierarchy_entity_name: null,
  x_hierarchy_level_code: null,
  x_hierarchy_path: null,
  x_hierarchy_path_names: null,
} as const;
