import { z } from 'zod';
import { route } from './route.js';
import {
  DateSchema,
  listOf,
  orgMember,
  OrgParamsSchema,
  OrgSlugSchema,
  orgViewer,
  TimestampSchema,
} from './common.js';
import {
  CreateRuleSchema,
  RuleListQuerySchema,
  RuleMatchSchema,
  RuleSchema,
  UpdateRuleSchema,
} from './allocation-rules.js';
import { CodePrefixSchema, EntityIdSchema, LevelCodeSchema, MAX_LEVELS } from './hierarchy-ids.js';

export * from './allocation-rules.js';
export * from './hierarchy-ids.js';

const base = '/api/v1/hierarchy/{org}';

const NameSchema = z.string().trim().min(1).max(200);
const EmailSchema = z.email().max(254);
const DescriptionSchema = z.string().max(2000);

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

/** The days a rule preview reads: the last 30 UTC days, today included. */
export const RULE_PREVIEW_DAYS = 30;

/** A rule to preview: a saved rule's fields (with its id) or an unsaved one. */
export const RulePreviewBodySchema = z.strictObject({
  match: RuleMatchSchema,
  /** The entity the rule allocates to; omitted: `moved` counts every row the rule would win. */
  entity_id: EntityIdSchema.optional(),
  priority: z.number().int().min(0).max(1_000_000).default(100),
  /** The saved rule being edited: its stored version is left out of the other rules. */
  rule_id: z.uuid().optional(),
});

const PreviewMoney = z.object({ billed_cost: z.number(), record_count: z.number().int() });

export const RulePreviewSchema = z.object({
  currency: z.string(),
  start_date: DateSchema,
  end_date: DateSchema,
  /** FOCUS rows of the range (counted once, as the cost views count them) the rule's match selects. */
  matched: PreviewMoney,
  /** Of those, the rows it would allocate: no higher (or older, equal) enabled rule and no plan's own entity wins. */
  allocated: PreviewMoney,
  /** Of those, the rows whose entity would change (all of them when entity_id is omitted). */
  moved: PreviewMoney,
  /** Of the matched rows, the ones unallocated today. */
  unallocated: PreviewMoney,
  /** Matched rows billed in another currency than the org's: not in the money figures. */
  other_currency_records: z.number().int(),
});

const ItemsSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const hierarchyRoutes = {
  listLevels: route({
    id: 'hierarchy.list-levels',
    method: 'GET',
    path: `${base}/levels`,
    summary: 'The hierarchy levels, top first (department > project > team until the org configures others).',
    ...orgViewer,
    params: OrgParamsSchema,
    response: listOf(LevelSchema),
  }),
  createLevel: route({
    id: 'hierarchy.create-level',
    method: 'POST',
    path: `${base}/levels`,
    summary: 'Add a level below the current bottom level, with the code prefix of its entities.',
    ...orgMember,
    params: OrgParamsSchema,
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
    ...orgMember,
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
    ...orgMember,
    params: LevelParams,
    response: z.null(),
    status: 204,
  }),
  listEntities: route({
    id: 'hierarchy.list-entities',
    method: 'GET',
    path: `${base}/entities`,
    summary: 'Entities by id, optionally of one level or one parent, with their paths.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: EntityListQuerySchema,
    response: listOf(EntitySchema),
  }),
  createEntity: route({
    id: 'hierarchy.create-entity',
    method: 'POST',
    path: `${base}/entities`,
    summary:
      'Add an entity under a parent on the level above (none for the top level); without entity_id the next code is given.',
    ...orgMember,
    params: OrgParamsSchema,
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
    ...orgViewer,
    params: EntityParams,
    response: EntitySchema,
  }),
  updateEntity: route({
    id: 'hierarchy.update-entity',
    method: 'PUT',
    path: `${base}/entities/{entity_id}`,
    summary: 'Rename an entity or change its owner or description (a new parent goes through /move).',
    ...orgMember,
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
    ...orgMember,
    params: EntityParams,
    response: z.null(),
    status: 204,
  }),
  ancestors: route({
    id: 'hierarchy.ancestors',
    method: 'GET',
    path: `${base}/entities/{entity_id}/ancestors`,
    summary: "The entity's ancestors, from the top level down to its parent.",
    ...orgViewer,
    params: EntityParams,
    response: ItemsSchema(EntitySchema),
  }),
  descendants: route({
    id: 'hierarchy.descendants',
    method: 'GET',
    path: `${base}/entities/{entity_id}/descendants`,
    summary: 'Every entity below this one, in path order.',
    ...orgViewer,
    params: EntityParams,
    response: ItemsSchema(EntitySchema),
  }),
  move: route({
    id: 'hierarchy.move',
    method: 'POST',
    path: `${base}/entities/{entity_id}/move`,
    summary:
      'Give an entity a new parent on the level above; a move under its own descendant (a cycle) is a 409.',
    ...orgMember,
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
    ...orgViewer,
    params: OrgParamsSchema,
    response: TreeSchema,
  }),
  exportCsv: route({
    id: 'hierarchy.export',
    method: 'GET',
    path: `${base}/export`,
    summary: `Every entity as CSV (text/csv; header ${CSV_COLUMNS.join(',')}), parents before children.`,
    ...orgViewer,
    params: OrgParamsSchema,
    response: z.string(),
  }),
  importCsv: route({
    id: 'hierarchy.import',
    method: 'POST',
    path: `${base}/import`,
    summary:
      'Create or update entities from CSV (text/csv or JSON {csv}); every row is checked first and one bad row changes nothing (400 naming each bad row).',
    ...orgMember,
    params: OrgParamsSchema,
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
    ...orgViewer,
    params: OrgParamsSchema,
    query: RuleListQuerySchema,
    response: listOf(RuleSchema),
  }),
  createRule: route({
    id: 'hierarchy.create-rule',
    method: 'POST',
    path: `${base}/allocation-rules`,
    summary:
      'Allocate costs matching a credential, cloud account, tag, GenAI workspace/API key or SaaS plan to an entity (from the next pipeline run on).',
    ...orgMember,
    params: OrgParamsSchema,
    body: CreateRuleSchema,
    response: RuleSchema,
    status: 201,
    example: {
      body: { entity_id: 'TEAM-001', priority: 100, match: { kind: 'tag', key: 'team', value: 'platform' } },
    },
  }),
  previewRule: route({
    id: 'hierarchy.preview-rule',
    method: 'POST',
    path: `${base}/allocation-rules/preview`,
    summary:
      'How much cost a rule (saved or not) matches and would move over the last 30 days, read from the FOCUS rows; changes nothing.',
    ...orgViewer,
    params: OrgParamsSchema,
    body: RulePreviewBodySchema,
    response: RulePreviewSchema,
    example: { body: { match: { kind: 'tag', key: 'team', value: 'platform' } } },
  }),
  getRule: route({
    id: 'hierarchy.get-rule',
    method: 'GET',
    path: `${base}/allocation-rules/{rule_id}`,
    summary: 'One allocation rule.',
    ...orgViewer,
    params: RuleParams,
    response: RuleSchema,
  }),
  updateRule: route({
    id: 'hierarchy.update-rule',
    method: 'PUT',
    path: `${base}/allocation-rules/{rule_id}`,
    summary: 'Change a rule (priority, match, entity, enabled); re-runs allocate history with it.',
    ...orgMember,
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
    ...orgMember,
    params: RuleParams,
    response: z.null(),
    status: 204,
  }),
};
