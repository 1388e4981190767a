import { describe, expect, it } from 'vitest';
import { RuleMatchSchema, type RuleMatch, type TreeNode } from '../../../../shared/contracts/hierarchy.js';
import {
  describeMatch,
  flatten,
  formOfMatch,
  importProblems,
  matchOfForm,
  parentChoices,
  parseCsv,
  previewCsv,
  emptyMatchForm,
  RULE_KINDS,
  undeletableWhy,
  type Level,
} from './model.js';

const level = (level_code: string, name: string): Level => ({
  level_code,
  name,
  depth: 0,
  code_prefix: name.slice(0, 4).toUpperCase(),
  entity_count: 0,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});
const LEVELS = [level('department', 'Department'), level('project', 'Project'), level('team', 'Team')];
const node = (entity_id: string, level_code: string, children: TreeNode[] = []): TreeNode => ({
  entity_id,
  name: entity_id.toLowerCase(),
  level_code,
  owner_email: null,
  children,
});
const ROOTS = [
  node('DEPT-001', 'department', [node('PROJ-001', 'project', [node('TEAM-001', 'team')])]),
  node('DEPT-002', 'department'),
];

describe('the tree', () => {
  it('flattens parents before children with parent, depth and path', () => {
    const flat = flatten(ROOTS);
    expect(flat.map((e) => [e.entity_id, e.parent_id, e.depth, e.path.join('/'), e.child_count])).toEqual([
      ['DEPT-001', null, 0, 'DEPT-001', 1],
      ['PROJ-001', 'DEPT-001', 1, 'DEPT-001/PROJ-001', 1],
      ['TEAM-001', 'PROJ-001', 2, 'DEPT-001/PROJ-001/TEAM-001', 0],
      ['DEPT-002', null, 0, 'DEPT-002', 0],
    ]);
  });

  it('offers parents on the level above first, then every other entity but itself', () => {
    const { above, others } = parentChoices(flatten(ROOTS), LEVELS, 'department', 'DEPT-001');
    expect(above).toEqual([]);
    // A department's own descendants are offered: the API answers that move with its 409 (a cycle).
    expect(others.map((e) => e.entity_id)).toEqual(['PROJ-001', 'TEAM-001', 'DEPT-002']);
    const project = parentChoices(flatten(ROOTS), LEVELS, 'project', 'PROJ-001');
    expect(project.above.map((e) => e.entity_id)).toEqual(['DEPT-001', 'DEPT-002']);
  });
});

describe('CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF and line breaks inside quotes', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",\n')).toEqual({
      rows: [
        ['a', 'b'],
        ['x, y', 'say "hi"'],
        ['two\nlines', ''],
      ],
    });
    expect(parseCsv('a\n"open')).toEqual({ error: 'A quoted field is not closed.' });
  });

  it('previews rows numbered as the API numbers them (header = 1) and checks the header', () => {
    const p = previewCsv(
      'entity_id,name,level_code,parent_id\nDEPT-001,Eng,department,\n\nPROJ-001,P,project,DEPT-001',
    );
    if ('error' in p) throw new Error(p.error);
    expect(p.problems).toEqual([]);
    expect(p.rows.map((r) => [r.row, r.cells.entity_id, r.cells.parent_id])).toEqual([
      [2, 'DEPT-001', ''],
      [3, 'PROJ-001', 'DEPT-001'],
    ]);
    const bad = previewCsv('id,name,colour\n1,a,red');
    if ('error' in bad) throw new Error(bad.error);
    expect(bad.problems).toEqual(['missing columns entity_id, level_code', 'unknown columns id, colour']);
    expect(previewCsv('entity_id,name,level_code\n')).toHaveProperty('error');
  });

  it("lists the API's row problems in row order and ignores other details", () => {
    expect(
      importProblems([
        { field: 'parent_id', row: 4, entity_id: 'PROJ-009', message: 'no parent DEPT-404' },
        { field: 'body.csv', message: 'not a row' },
        { field: 'name', row: 2, message: 'name is required' },
      ]),
    ).toEqual([
      { row: 2, field: 'name', message: 'name is required' },
      { row: 4, entity_id: 'PROJ-009', field: 'parent_id', message: 'no parent DEPT-404' },
    ]);
    expect(importProblems(undefined)).toEqual([]);
  });
});

describe('rule match forms', () => {
  const matches: RuleMatch[] = [
    { kind: 'credential', credential_id: 'cred-1' },
    { kind: 'cloud_account', account_id: '123412341234', provider: 'aws' },
    { kind: 'cloud_account', account_id: 'my-project' },
    { kind: 'tag', key: 'team', value: 'platform' },
    { kind: 'genai_dimension', dimension: 'api_key', value: 'key_1', provider: 'openai' },
    { kind: 'saas_plan', provider: 'slack', plan_name: 'pro' },
    { kind: 'saas_plan', provider: 'slack' },
  ];

  it('round-trips every kind through the form, valid for the contract', () => {
    expect(new Set(matches.map((m) => m.kind))).toEqual(new Set(RULE_KINDS.map((k) => k.kind)));
    for (const m of matches) {
      expect(matchOfForm(formOfMatch(m))).toEqual(m);
      expect(RuleMatchSchema.safeParse(matchOfForm(formOfMatch(m))).success).toBe(true);
    }
  });

  it('leaves empty optional fields out and trims', () => {
    expect(matchOfForm({ ...emptyMatchForm('cloud_account'), account_id: ' 42 ' })).toEqual({
      kind: 'cloud_account',
      account_id: '42',
    });
  });

  it('describes a match in words', () => {
    expect(matches.map((m) => describeMatch(m, (id) => (id === 'cred-1' ? 'Prod AWS' : undefined)))).toEqual([
      'integration Prod AWS',
      'aws account 123412341234',
      'account my-project',
      'tag team = platform',
      'openai api key key_1',
      'slack plan pro',
      'slack plans (all)',
    ]);
  });
});

describe('deleting a level', () => {
  it('allows only the empty bottom level of several, and says why not for the others', () => {
    const [dept, proj, team] = LEVELS;
    expect(undeletableWhy(team!, LEVELS)).toBeUndefined();
    expect(undeletableWhy(dept!, LEVELS)).toBe('Only the bottom level can be deleted');
    expect(undeletableWhy(proj!, LEVELS)).toBe('Only the bottom level can be deleted');
    const staffed = { ...team!, entity_count: 3 };
    expect(undeletableWhy(staffed, [dept!, proj!, staffed])).toBe('Its entities must go first');
    expect(undeletableWhy(dept!, [dept!])).toBe('An org keeps at least one level');
  });
});
