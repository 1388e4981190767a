import { describe, expect, it } from 'vitest';
import type { RuleMatch } from '../contracts/hierarchy.js';
import { allocate, hierarchyFieldsOf, type AllocationSnapshot } from './allocation.js';
import { codeSequence, nextCode, placementProblem } from './placement.js';

const fields = (id: string, name: string, level: string, path: string, names: string) => ({
  x_hierarchy_entity_id: id,
  x_hierarchy_entity_name: name,
  x_hierarchy_level_code: level,
  x_hierarchy_path: path,
  x_hierarchy_path_names: names,
});
const entities = {
  'DEPT-001': fields('DEPT-001', 'Engineering', 'department', '/DEPT-001', '/Engineering'),
  'PROJ-001': fields('PROJ-001', 'Platform', 'project', '/DEPT-001/PROJ-001', '/Engineering/Platform'),
  'TEAM-001': fields(
    'TEAM-001',
    'DevOps',
    'team',
    '/DEPT-001/PROJ-001/TEAM-001',
    '/Engineering/Platform/DevOps',
  ),
};
let n = 0;
const rule = (entity_id: string, match: RuleMatch, priority = 100) => ({
  rule_id: `r${++n}`,
  priority,
  entity_id,
  match,
});
const snapshot = (rules: AllocationSnapshot['rules']): AllocationSnapshot => ({
  org_slug: 'acme',
  loaded_at: '2026-01-01T00:00:00.000Z',
  entities,
  rules,
});
const to = (row: Parameters<typeof allocate>[0], s: AllocationSnapshot) =>
  allocate(row, s)?.x_hierarchy_entity_id ?? null;

describe('allocate', () => {
  it('matches each rule kind on the fields of FOCUS rows and of the daily tables', () => {
    const s = snapshot([
      rule('DEPT-001', { kind: 'credential', credential_id: 'cred-1' }),
      rule('PROJ-001', { kind: 'cloud_account', account_id: 'my-gcp-project', provider: 'gcp' }),
      rule('TEAM-001', { kind: 'cloud_account', account_id: 'sub-123' }),
      rule('TEAM-001', { kind: 'tag', key: 'cost-center', value: '42' }),
      rule('PROJ-001', { kind: 'genai_dimension', dimension: 'workspace', value: 'wrkspc_1' }),
      rule('TEAM-001', { kind: 'genai_dimension', dimension: 'api_key', value: 'key_9' }),
      rule('DEPT-001', {
        kind: 'genai_dimension',
        dimension: 'account',
        value: 'org-abc',
        provider: 'openai',
      }),
      rule('PROJ-001', { kind: 'saas_plan', provider: 'figma' }),
      rule('TEAM-001', { kind: 'saas_plan', provider: 'slack', plan_name: 'pro' }),
    ]);
    expect(allocate({ x_credential_id: 'cred-1' }, s)).toEqual(entities['DEPT-001']);
    expect(to({ x_cost_type: 'cloud', x_cloud_provider: 'gcp', SubAccountId: 'my-gcp-project' }, s)).toBe(
      'PROJ-001',
    );
    expect(
      to({ x_cost_type: 'cloud', x_cloud_provider: 'azure', SubAccountId: 'my-gcp-project' }, s),
    ).toBeNull();
    expect(to({ x_cost_type: 'cloud', x_cloud_account_id: 'sub-123' }, s)).toBe('TEAM-001');
    // A GenAI row's SubAccountId is a workspace, never a cloud account.
    expect(to({ x_cost_type: 'genai', SubAccountId: 'sub-123' }, s)).toBeNull();
    // Tags: an object, JSON text, or [{key, value}]; values compared as text.
    expect(to({ Tags: { 'cost-center': 42 } }, s)).toBe('TEAM-001');
    expect(to({ Tags: '{"cost-center":"42"}' }, s)).toBe('TEAM-001');
    expect(to({ Tags: [{ key: 'cost-center', value: '42' }] }, s)).toBe('TEAM-001');
    expect(to({ Tags: '{"cost-center":"43"}' }, s)).toBeNull();
    expect(to({ Tags: 'not json' }, s)).toBeNull();
    expect(to({ x_cost_type: 'genai', SubAccountId: 'wrkspc_1' }, s)).toBe('PROJ-001');
    expect(to({ workspace_id: 'wrkspc_1' }, s)).toBe('PROJ-001');
    expect(to({ x_cost_type: 'genai', ResourceId: 'key_9' }, s)).toBe('TEAM-001');
    expect(to({ api_key_id: 'key_9' }, s)).toBe('TEAM-001');
    expect(to({ x_genai_account_id: 'org-abc', x_genai_provider: 'openai' }, s)).toBe('DEPT-001');
    expect(to({ x_genai_account_id: 'org-abc', x_genai_provider: 'anthropic' }, s)).toBeNull();
    expect(to({ x_cost_type: 'subscription', SkuId: 'saas/figma/org' }, s)).toBe('PROJ-001');
    expect(to({ provider: 'slack', plan_name: 'pro' }, s)).toBe('TEAM-001');
    expect(to({ provider: 'slack', plan_name: 'business' }, s)).toBeNull();
    expect(to({ x_cost_type: 'cloud', SkuId: 'saas/figma/org' }, s)).toBeNull();
    expect(allocate({}, s)).toBeNull();
  });

  it('the highest priority wins; equal priorities go to the earlier rule; disabled rules are not in the snapshot', () => {
    const row = {
      x_credential_id: 'cred-1',
      Tags: { team: 'devops' },
      x_cost_type: 'cloud',
      SubAccountId: 'p1',
    };
    const low = rule('DEPT-001', { kind: 'credential', credential_id: 'cred-1' }, 10);
    const high = rule('TEAM-001', { kind: 'tag', key: 'team', value: 'devops' }, 900);
    const mid = rule('PROJ-001', { kind: 'cloud_account', account_id: 'p1' }, 500);
    expect(to(row, snapshot([low, high, mid]))).toBe('TEAM-001');
    expect(to(row, snapshot([low, mid]))).toBe('PROJ-001');
    expect(to(row, snapshot([low]))).toBe('DEPT-001');
    const first = rule('PROJ-001', { kind: 'credential', credential_id: 'cred-1' }, 10);
    expect(to(row, snapshot([first, low]))).toBe('PROJ-001');
    expect(to(row, snapshot([low, first]))).toBe('DEPT-001');
    // A higher-priority rule whose extra condition fails does not hide a lower one with the same value.
    const gcpOnly = rule('TEAM-001', { kind: 'cloud_account', account_id: 'p1', provider: 'gcp' }, 800);
    expect(
      to({ x_cost_type: 'cloud', SubAccountId: 'p1', x_cloud_provider: 'aws' }, snapshot([gcpOnly, mid])),
    ).toBe('PROJ-001');
  });

  it('returns a copy, resolves an entity directly, and stays fast on a large run', () => {
    const s = snapshot([rule('DEPT-001', { kind: 'credential', credential_id: 'c' })]);
    const a = allocate({ x_credential_id: 'c' }, s)!;
    a.x_hierarchy_entity_name = 'changed';
    expect(allocate({ x_credential_id: 'c' }, s)!.x_hierarchy_entity_name).toBe('Engineering');
    expect(hierarchyFieldsOf(s, 'PROJ-001')).toEqual(entities['PROJ-001']);
    expect(hierarchyFieldsOf(s, 'PROJ-404')).toBeNull();
    expect(hierarchyFieldsOf(s, null)).toBeNull();

    const many = snapshot(
      Array.from({ length: 2000 }, (_, i) =>
        rule(
          'TEAM-001',
          i % 2
            ? { kind: 'tag', key: 'app', value: `a${i}` }
            : { kind: 'cloud_account', account_id: `p${i}` },
          i,
        ),
      ),
    );
    const started = performance.now();
    let hits = 0;
    for (let i = 0; i < 200_000; i++) {
      if (
        allocate({ x_cost_type: 'cloud', SubAccountId: `p${i % 4000}`, Tags: `{"app":"a${i % 50}"}` }, many)
      )
        hits++;
    }
    expect(hits).toBeGreaterThan(0);
    // ~0.2 s on a laptop; the bound only catches a per-row scan of every rule.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('codes and placement', () => {
  const levels = [
    { level_code: 'department', name: 'Department', depth: 1, code_prefix: 'DEPT' },
    { level_code: 'project', name: 'Project', depth: 2, code_prefix: 'PROJ' },
  ];
  it('numbers codes after the highest one taken', () => {
    expect(nextCode('DEPT', [])).toBe('DEPT-001');
    expect(nextCode('DEPT', ['DEPT-002', 'DEPT-ENG', 'PROJ-077', 'DEPT-010'])).toBe('DEPT-011');
    const next = codeSequence('PROJ', ['PROJ-999']);
    expect([next(), next()]).toEqual(['PROJ-1000', 'PROJ-1001']);
  });
  it('puts a parent on the level just above', () => {
    expect(placementProblem(levels, levels[0]!, null)).toBeNull();
    expect(
      placementProblem(levels, levels[1]!, { entity_id: 'DEPT-001', level_code: 'department' }),
    ).toBeNull();
    expect(placementProblem(levels, levels[1]!, null)).toContain('needs a parent department');
    expect(
      placementProblem(levels, levels[0]!, { entity_id: 'DEPT-002', level_code: 'department' }),
    ).toContain('top level');
    expect(placementProblem(levels, levels[1]!, { entity_id: 'PROJ-001', level_code: 'project' })).toContain(
      'must be a department',
    );
  });
});
