import { z } from 'zod';
import { route } from '../http/contract.js';
import { listOf, OrgSlugSchema, TimestampSchema } from './common.js';

const read = { auth: ['root', 'apiKey', 'user'] as const, minRole: 'viewer' as const };
const write = { auth: ['root', 'apiKey', 'user'] as const, minRole: 'member' as const };
const base = '/api/v1/hierarchy/{org}';

/** Levels an org may configure (depth 1 is the top). */
export const MAX_LEVELS = 8;

export const LevelCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,29}$/, 'a level code like department or team (lowercase, 2 to 30 characters)');
export const CodePrefixSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'a code prefix like DEPT (capital letters and digits, 2 to 10)');
/** An entity code: its level's prefix, a dash and a suffix, e.g. DEPT-001 or TEAM-PLATFORM. */
export const EntityIdSchema = z
  .string()
  .max(50)
  .regex(/^[A-Z][A-Z0-9]{1,9}-[A-Z0-9]+([_-][A-Z0-9]+)*$/, 'an entity code like DEPT-001 (capital letters)');
const NameSchema = z.string().trim().min(1).max(200);
const EmailSchema = z.email().max(254);
const DescriptionSchema = z.string().max(2000);

const OrgParams = z.strictObject({ org: OrgSlugSchema });
const LevelParams = z.strictObject({ org: OrgSlugSchema, level_code: LevelCodeSchema });
const EntityParams = z.strictObject({ org: OrgSlugSchema, entity_id: EntityIdSchema });
const RuleParams = z.strictObject({ org: OrgSlugSchema, rule_id: z.uuid() });

export const LevelSchema = z.object({
  level_code: z.string(),
  name: z.string(),
  depth: z.number().int(),
  code_prefix: z.string(),
  entity_count: z.number().int(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

export const CreateLevelSchema = z.strictObject({
  level_code: LevelCodeSchema,
  name: z.string().trim().min(1).max(100),
  code_prefix: CodePrefixSchema,
});

export const UpdateLevelSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  code_prefix: CodePrefixSchema.optional(),
});

export const EntitySchema = z.object({
  entity_id: z.string(),
  name: z.string(),
  level_code: z.string(),
  parent_id: z.string().nullable(),
  owner_email: z.string().nullable(),
  description: z.string().nullable(),
  /** Entity ids from the root, e.g. /DEPT-001/PROJ-001 (the x_hierarchy_path of costs allocated here). */
  path: z.string(),
  /** Entity names from the root, e.g. /Engineering/Platform. */
  path_names: z.string(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

export const CreateEntitySchema = z.strictObject({
  /** Omitted: the next free code of the level, e.g. PROJ-004. */
  entity_id: EntityIdSchema.optional(),
  name: NameSchema,
  level_code: LevelCodeSchema,
  parent_id: EntityIdSchema.nullable().optional(),
  owner_email: EmailSchema.nullable().optional(),
  description: DescriptionSchema.nullable().optional(),
});

export const UpdateEntitySchema = z.strictObject({
  name: NameSchema.optional(),
  owner_email: EmailSchema.nullable().optional(),
  description: DescriptionSchema.nullable().optional(),
});

export const EntityListQuerySchema = z.strictObject({
  level_code: LevelCodeSchema.optional(),
  parent_id: EntityIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().max(100).optional(),
});

export const MoveEntitySchema = z.strictObject({
  /** The new parent, on the level just above the entity's; null for a top-level entity. */
  new_parent_id: EntityIdSchema.nullable(),
});

/** A tree node; the nesting is bounded by MAX_LEVELS so the schema stays a plain (non-recursive) one. */
export interface TreeNode {
  entity_id: string;
  name: string;
  level_code: string;
  owner_email: string | null;
  children: TreeNode[];
}
const nodeFields = {
  entity_id: z.string(),
  name: z.string(),
  level_code: z.string(),
  owner_email: z.string().nullable(),
};
let node: z.ZodType<TreeNode> = z.object({ ...nodeFields, children: z.array(z.never()) });
for (let i = 1; i < MAX_LEVELS; i++) node = z.object({ ...nodeFields, children: z.array(node) });
export const TreeSchema = z.object({ levels: z.array(LevelSchema), roots: z.array(node) });

export const CSV_COLUMNS = [
  'entity_id',
  'name',
  'level_code',
  'parent_id',
  'owner_email',
  'description',
] as const;

/** A CSV file, sent as `text/csv` or as JSON `{"csv": "..."}`. */
export const ImportBodySchema = z.union([
  z.string(),
  z.strictObject({ csv: z.string().describe(`CSV with the header ${CSV_COLUMNS.join(',')}`) }),
]);

export const ImportResultSchema = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.number().int(),
});

const Value = z.string().trim().min(1).max(256);
export const CLOUD_PROVIDERS = ['gcp', 'aws', 'azure', 'oci'] as const;
export const GENAI_DIMENSIONS = ['workspace', 'api_key', 'account'] as const;

/** What a rule matches on a cost row; `kind` says which fields of the row are compared. */
export const RuleMatchSchema = z.discriminatedUnion('kind', [
  /** The integration credential that ingested the row (x_credential_id). */
  z.strictObject({ kind: z.literal('credential'), credential_id: Value }),
  /** A cloud project, account or subscription (SubAccountId, BillingAccountId or x_cloud_account_id). */
  z.strictObject({
    kind: z.literal('cloud_account'),
    account_id: Value,
    provider: z.enum(CLOUD_PROVIDERS).optional(),
  }),
  /** A tag or label key with its value (Tags). */
  z.strictObject({ kind: z.literal('tag'), key: Value, value: z.string().max(256) }),
  /** A GenAI workspace (OpenAI project, Anthropic workspace), API key id or provider account. */
  z.strictObject({
    kind: z.literal('genai_dimension'),
    dimension: z.enum(GENAI_DIMENSIONS),
    value: Value,
    provider: z
      .string()
      .regex(/^[a-z0-9_]{2,40}$/)
      .optional(),
  }),
  /** A SaaS provider's plans, or one plan by name. */
  z.strictObject({
    kind: z.literal('saas_plan'),
    provider: z.string().regex(/^[a-z0-9_]{2,40}$/, 'a provider slug like slack'),
    plan_name: z
      .string()
      .regex(/^[a-z0-9_]{1,60}$/, 'a plan name like pro')
      .optional(),
  }),
]);
export type RuleMatch = z.infer<typeof RuleMatchSchema>;
export type RuleKind = RuleMatch['kind'];

export const RuleSchema = z.object({
  rule_id: z.string(),
  name: z.string().nullable(),
  priority: z.number().int(),
  enabled: z.boolean(),
  entity_id: z.string(),
  entity_name: z.string(),
  match: RuleMatchSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

const Priority = z.number().int().min(0).max(1_000_000);
export const CreateRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  /** Higher wins; among equal priorities the older rule wins. */
  priority: Priority.default(100),
  enabled: z.boolean().default(true),
  entity_id: EntityIdSchema,
  match: RuleMatchSchema,
});
export const UpdateRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  priority: Priority.optional(),
  enabled: z.boolean().optional(),
  entity_id: EntityIdSchema.optional(),
  match: RuleMatchSchema.optional(),
});
export const RuleListQuerySchema = z.strictObject({
  entity_id: EntityIdSchema.optional(),
  kind: z.enum(['credential', 'cloud_account', 'tag', 'genai_dimension', 'saas_plan']).optional(),
});

const ItemsSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const hierarchyRoutes = {
  listLevels: route({
    id: 'hierarchy.list-levels',
    method: 'GET',
    path: `${base}/levels`,
    summary: 'The hierarchy levels, top first (department > project > team until the org configures others).',
    ...read,
    params: OrgParams,
    response: listOf(LevelSchema),
  }),
  createLevel: route({
    id: 'hierarchy.create-level',
    method: 'POST',
    path: `${base}/levels`,
    summary: 'Add a level below the current bottom level, with the code prefix of its entities.',
    ...write,
    params: OrgParams,
    body: CreateLevelSchema,
    response: LevelSchema,
    status: 201,
    example: { body: { level_code: 'squad', name: 'Squad', code_prefix: 'SQD' } },
  }),
  updateLevel: route({
    id: 'hierarchy.update-level',
    method: 'PUT',
    path: `${base}/levels/{level_code}`,
    summary: 'Rename a level; its code prefix changes only while it has no entities.',
    ...write,
    params: LevelParams,
    body: UpdateLevelSchema,
    response: LevelSchema,
    example: { body: { name: 'Business unit' } },
  }),
  deleteLevel: route({
    id: 'hierarchy.delete-level',
    method: 'DELETE',
    path: `${base}/levels/{level_code}`,
    summary: 'Delete the bottom level when it has no entities (one level always stays).',
    ...write,
    params: LevelParams,
    response: z.null(),
    status: 204,
  }),
  listEntities: route({
    id: 'hierarchy.list-entities',
    method: 'GET',
    path: `${base}/entities`,
    summary: 'Entities by id, optionally of one level or one parent, with their paths.',
    ...read,
    params: OrgParams,
    query: EntityListQuerySchema,
    response: listOf(EntitySchema),
  }),
  createEntity: route({
    id: 'hierarchy.create-entity',
    method: 'POST',
    path: `${base}/entities`,
    summary:
      'Add an entity under a parent on the level above (none for the top level); without entity_id the next code is given.',
    ...write,
    params: OrgParams,
    body: CreateEntitySchema,
    response: EntitySchema,
    status: 201,
    example: { body: { name: 'Engineering', level_code: 'department' } },
  }),
  getEntity: route({
    id: 'hierarchy.get-entity',
    method: 'GET',
    path: `${base}/entities/{entity_id}`,
    summary: 'One entity with its path.',
    ...read,
    params: EntityParams,
    response: EntitySchema,
  }),
  updateEntity: route({
    id: 'hierarchy.update-entity',
    method: 'PUT',
    path: `${base}/entities/{entity_id}`,
    summary: 'Rename an entity or change its owner or description (a new parent goes through /move).',
    ...write,
    params: EntityParams,
    body: UpdateEntitySchema,
    response: EntitySchema,
    example: { body: { name: 'Platform Engineering' } },
  }),
  deleteEntity: route({
    id: 'hierarchy.delete-entity',
    method: 'DELETE',
    path: `${base}/entities/{entity_id}`,
    summary: 'Delete an entity that has no children and no allocation rules.',
    ...write,
    params: EntityParams,
    response: z.null(),
    status: 204,
  }),
  ancestors: route({
    id: 'hierarchy.ancestors',
    method: 'GET',
    path: `${base}/entities/{entity_id}/ancestors`,
    summary: "The entity's ancestors, from the top level down to its parent.",
    ...read,
    params: EntityParams,
    response: ItemsSchema(EntitySchema),
  }),
  descendants: route({
    id: 'hierarchy.descendants',
    method: 'GET',
    path: `${base}/entities/{entity_id}/descendants`,
    summary: 'Every entity below this one, in path order.',
    ...read,
    params: EntityParams,
    response: ItemsSchema(EntitySchema),
  }),
  move: route({
    id: 'hierarchy.move',
    method: 'POST',
    path: `${base}/entities/{entity_id}/move`,
    summary:
      'Give an entity a new parent on the level above; a move under its own descendant (a cycle) is a 409.',
    ...write,
    params: EntityParams,
    body: MoveEntitySchema,
    response: EntitySchema,
    example: { body: { new_parent_id: null } },
  }),
  tree: route({
    id: 'hierarchy.tree',
    method: 'GET',
    path: `${base}/tree`,
    summary: 'The whole hierarchy as nested entities under the top-level ones, with the levels.',
    ...read,
    params: OrgParams,
    response: TreeSchema,
  }),
  exportCsv: route({
    id: 'hierarchy.export',
    method: 'GET',
    path: `${base}/export`,
    summary: `Every entity as CSV (text/csv; header ${CSV_COLUMNS.join(',')}), parents before children.`,
    ...read,
    params: OrgParams,
    response: z.string(),
  }),
  importCsv: route({
    id: 'hierarchy.import',
    method: 'POST',
    path: `${base}/import`,
    summary:
      'Create or update entities from CSV (text/csv or JSON {csv}); every row is checked first and one bad row changes nothing (400 naming each bad row).',
    ...write,
    params: OrgParams,
    body: ImportBodySchema,
    response: ImportResultSchema,
    example: {
      body: { csv: 'entity_id,name,level_code,parent_id\nDEPT-001,Engineering,department,\n' },
    },
  }),
  listRules: route({
    id: 'hierarchy.list-rules',
    method: 'GET',
    path: `${base}/allocation-rules`,
    summary: 'Allocation rules in evaluation order (highest priority first, then oldest).',
    ...read,
    params: OrgParams,
    query: RuleListQuerySchema,
    response: listOf(RuleSchema),
  }),
  createRule: route({
    id: 'hierarchy.create-rule',
    method: 'POST',
    path: `${base}/allocation-rules`,
    summary:
      'Allocate costs matching a credential, cloud account, tag, GenAI workspace/API key or SaaS plan to an entity (from the next pipeline run on).',
    ...write,
    params: OrgParams,
    body: CreateRuleSchema,
    response: RuleSchema,
    status: 201,
    example: {
      body: { entity_id: 'TEAM-001', priority: 100, match: { kind: 'tag', key: 'team', value: 'platform' } },
    },
  }),
  getRule: route({
    id: 'hierarchy.get-rule',
    method: 'GET',
    path: `${base}/allocation-rules/{rule_id}`,
    summary: 'One allocation rule.',
    ...read,
    params: RuleParams,
    response: RuleSchema,
  }),
  updateRule: route({
    id: 'hierarchy.update-rule',
    method: 'PUT',
    path: `${base}/allocation-rules/{rule_id}`,
    summary: 'Change a rule (priority, match, entity, enabled); re-runs allocate history with it.',
    ...write,
    params: RuleParams,
    body: UpdateRuleSchema,
    response: RuleSchema,
    example: { body: { priority: 200 } },
  }),
  deleteRule: route({
    id: 'hierarchy.delete-rule',
    method: 'DELETE',
    path: `${base}/allocation-rules/{rule_id}`,
    summary:
      'Delete a rule; costs it matched are unallocated (or matched by another rule) from the next run on.',
    ...write,
    params: RuleParams,
    response: z.null(),
    status: 204,
  }),
};
