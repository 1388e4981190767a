// The hierarchy page's pure logic: the tree flattened for pickers, the CSV preview, the API's row problems, and
// allocation rules' match forms (one per kind of shared/contracts/allocation-rules.ts) and their summaries.
import type { z } from 'zod';
import {
  CSV_COLUMNS,
  GENAI_DIMENSIONS,
  type RuleMatch,
  type RuleKind,
  type TreeNode,
  type TreeSchema,
} from '../../../../shared/contracts/hierarchy.js';
import { CLOUD_PROVIDERS } from '../../../../shared/contracts/providers.js';

export type Tree = z.output<typeof TreeSchema>;
export type Level = Tree['levels'][number];

/** A tree node with its parent, depth and the ids of its path from the top (itself last). */
export interface FlatEntity {
  entity_id: string;
  name: string;
  level_code: string;
  owner_email: string | null;
  parent_id: string | null;
  depth: number;
  path: string[];
  child_count: number;
}

/** Every entity of the tree, parents before children, in the tree's order. */
export function flatten(roots: readonly TreeNode[]): FlatEntity[] {
  const out: FlatEntity[] = [];
  const walk = (nodes: readonly TreeNode[], parent: FlatEntity | null) => {
    for (const n of nodes) {
      const e: FlatEntity = {
        entity_id: n.entity_id,
        name: n.name,
        level_code: n.level_code,
        owner_email: n.owner_email,
        parent_id: parent?.entity_id ?? null,
        depth: parent ? parent.depth + 1 : 0,
        path: [...(parent?.path ?? []), n.entity_id],
        child_count: n.children.length,
      };
      out.push(e);
      walk(n.children, e);
    }
  };
  walk(roots, null);
  return out;
}

/** The level just above `levelCode` (null for the top level or an unknown one). */
export function levelAbove(levels: readonly Level[], levelCode: string): Level | null {
  const i = levels.findIndex((l) => l.level_code === levelCode);
  return i > 0 ? levels[i - 1]! : null;
}

/**
 * Parent choices for an entity of `levelCode`: the entities on the level above first (where a parent belongs),
 * then every other entity but `self` (the API answers a wrong level with 400 and a cycle with 409, which the
 * dialog shows).
 */
export function parentChoices(
  entities: readonly FlatEntity[],
  levels: readonly Level[],
  levelCode: string,
  self?: string,
): { above: FlatEntity[]; others: FlatEntity[] } {
  const above = levelAbove(levels, levelCode)?.level_code;
  const candidates = entities.filter((e) => e.entity_id !== self);
  return {
    above: candidates.filter((e) => e.level_code === above),
    others: candidates.filter((e) => e.level_code !== above),
  };
}

// --- CSV ---

/** RFC 4180 records (quoted fields with "" and line breaks; CRLF or LF); an unterminated quote is an error. */
export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) return { error: 'A quoted field is not closed.' };
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { rows: rows.filter((r) => r.some((f) => f.trim() !== '')) };
}

export interface CsvPreview {
  header: string[];
  /** The data rows with their file row number (the header is row 1), as the API numbers them. */
  rows: { row: number; cells: Record<string, string> }[];
  /** Header problems found before sending (the API checks every row itself). */
  problems: string[];
}

export const PREVIEW_ROWS = 10;

/** The file as the import dialog previews it: its header checked against the API's columns, its rows. */
export function previewCsv(text: string): CsvPreview | { error: string } {
  const parsed = parseCsv(text);
  if ('error' in parsed) return parsed;
  const [header, ...data] = parsed.rows;
  if (!header || !data.length)
    return { error: `The file needs a header (${CSV_COLUMNS.join(',')}) and at least one row.` };
  const names = header.map((h) => h.trim());
  const problems: string[] = [];
  const missing = ['entity_id', 'name', 'level_code'].filter((c) => !names.includes(c));
  if (missing.length) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  return {
    header: names,
    rows: data.map((cells, i) => ({
      row: i + 2,
      cells: Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ''])),
    })),
    problems,
  };
}

export interface ImportProblem {
  row: number;
  entity_id?: string;
  field?: string;
  message: string;
}

/** The 400's row problems (`details: [{row, entity_id?, field, message}]`), in row order. */
export function importProblems(details: unknown): ImportProblem[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter(
      (d): d is ImportProblem =>
        !!d &&
        typeof d === 'object' &&
        typeof (d as ImportProblem).row === 'number' &&
        typeof (d as ImportProblem).message === 'string',
    )
    .map((d) => ({
      row: d.row,
      message: d.message,
      ...(typeof d.entity_id === 'string' ? { entity_id: d.entity_id } : {}),
      ...(typeof d.field === 'string' ? { field: d.field } : {}),
    }))
    .sort((a, b) => a.row - b.row);
}

// --- allocation rules ---

export const RULE_KINDS: readonly { kind: RuleKind; label: string; hint: string }[] = [
  { kind: 'cloud_account', label: 'Cloud account', hint: 'A cloud project, account or subscription id.' },
  { kind: 'tag', label: 'Tag or label', hint: 'Resources carrying a tag key with this value.' },
  { kind: 'credential', label: 'Integration', hint: 'Every cost row one connected credential imports.' },
  {
    kind: 'genai_dimension',
    label: 'GenAI workspace, API key or account',
    hint: 'An OpenAI project / Anthropic workspace, an API key id or a provider account.',
  },
  { kind: 'saas_plan', label: 'SaaS plan', hint: "A SaaS provider's plans, or one plan." },
];

export const kindLabel = (kind: RuleKind) => RULE_KINDS.find((k) => k.kind === kind)?.label ?? kind;

export { CLOUD_PROVIDERS, GENAI_DIMENSIONS };

/** The rule form's text fields (every kind's; only the chosen kind's are sent). */
export interface MatchForm {
  kind: RuleKind;
  credential_id: string;
  account_id: string;
  cloud_provider: string;
  key: string;
  value: string;
  dimension: (typeof GENAI_DIMENSIONS)[number];
  genai_value: string;
  genai_provider: string;
  saas_provider: string;
  plan_name: string;
}

export const emptyMatchForm = (kind: RuleKind = 'cloud_account'): MatchForm => ({
  kind,
  credential_id: '',
  account_id: '',
  cloud_provider: '',
  key: '',
  value: '',
  dimension: 'workspace',
  genai_value: '',
  genai_provider: '',
  saas_provider: '',
  plan_name: '',
});

export function formOfMatch(m: RuleMatch): MatchForm {
  const f = emptyMatchForm(m.kind);
  switch (m.kind) {
    case 'credential':
      return { ...f, credential_id: m.credential_id };
    case 'cloud_account':
      return { ...f, account_id: m.account_id, cloud_provider: m.provider ?? '' };
    case 'tag':
      return { ...f, key: m.key, value: m.value };
    case 'genai_dimension':
      return { ...f, dimension: m.dimension, genai_value: m.value, genai_provider: m.provider ?? '' };
    case 'saas_plan':
      return { ...f, saas_provider: m.provider, plan_name: m.plan_name ?? '' };
  }
}

/** The match the form stands for (trimmed; empty optional fields left out); the API validates the rest. */
export function matchOfForm(f: MatchForm): RuleMatch {
  const opt = <K extends string>(k: K, v: string) =>
    v.trim() ? ({ [k]: v.trim() } as Record<K, string>) : {};
  switch (f.kind) {
    case 'credential':
      return { kind: 'credential', credential_id: f.credential_id.trim() };
    case 'cloud_account':
      return {
        kind: 'cloud_account',
        account_id: f.account_id.trim(),
        ...(opt('provider', f.cloud_provider) as { provider?: (typeof CLOUD_PROVIDERS)[number] }),
      };
    case 'tag':
      return { kind: 'tag', key: f.key.trim(), value: f.value };
    case 'genai_dimension':
      return {
        kind: 'genai_dimension',
        dimension: f.dimension,
        value: f.genai_value.trim(),
        ...opt('provider', f.genai_provider),
      };
    case 'saas_plan':
      return { kind: 'saas_plan', provider: f.saas_provider.trim(), ...opt('plan_name', f.plan_name) };
  }
}

/** A rule's match in words, e.g. `tag team = platform`. */
export function describeMatch(m: RuleMatch, credentialName?: (id: string) => string | undefined): string {
  switch (m.kind) {
    case 'credential':
      return `integration ${credentialName?.(m.credential_id) ?? m.credential_id}`;
    case 'cloud_account':
      return `${m.provider ? `${m.provider} ` : ''}account ${m.account_id}`;
    case 'tag':
      return `tag ${m.key} = ${m.value === '' ? '(empty)' : m.value}`;
    case 'genai_dimension':
      return `${m.provider ? `${m.provider} ` : ''}${m.dimension.replace('_', ' ')} ${m.value}`;
    case 'saas_plan':
      return `${m.provider} ${m.plan_name ? `plan ${m.plan_name}` : 'plans (all)'}`;
  }
}

/** A field's 400 detail (`body.match.account_id`) as the rule form's field name. */
export function ruleFieldErrors(details: unknown): Record<string, string> {
  if (!Array.isArray(details)) return {};
  const out: Record<string, string> = {};
  for (const d of details) {
    if (!d || typeof d !== 'object') continue;
    const { field, message } = d as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const name = field.replace(/^body\./, '');
    out[name] ??= message;
  }
  return out;
}

/** Why a level cannot be deleted (the API's 409s), or undefined for the empty bottom level of several. */
export function undeletableWhy(level: Level, levels: readonly Level[]): string | undefined {
  if (levels.length <= 1) return 'An org keeps at least one level';
  if (level.level_code !== levels[levels.length - 1]?.level_code)
    return 'Only the bottom level can be deleted';
  if (level.entity_count > 0) return 'Its entities must go first';
  return undefined;
}
