/**
 * The hierarchy router end to end on the embedded stack (or Postgres with TEST_DATABASE_URL): levels, entities with
 * codes, tree, moves without cycles, CSV round trip and all-or-nothing import, allocation rules and the snapshot
 * pipelines allocate with, roles, and isolation between orgs.
 */
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { hierarchyRoutes } from '../../shared/contracts/hierarchy.js';
import { fillPath } from '../../shared/http/path-template.js';
import { allocate } from '../../shared/hierarchy/allocation.js';
import { loadAllocationSnapshot } from '../../shared/hierarchy/rules.js';
import { apiKey, bearer, type Org, signUp } from '../__tests__/helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; details?: unknown; request_id: string };
};
interface Entity {
  entity_id: string;
  name: string;
  level_code: string;
  parent_id: string | null;
  path: string;
  path_names: string;
}

async function api(
  org: Org,
  method: string,
  path: string,
  json?: unknown,
  headers: Record<string, string> = apiKey(org.api_key),
) {
  const res = await p.request(`/api/v1/hierarchy/${org.org_slug}${path}`, {
    method,
    headers,
    ...(json === undefined ? {} : { json }),
  });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.includes('json');
  return {
    status: res.status,
    body: (isJson && text ? JSON.parse(text) : null) as Body,
    text,
    headers: res.headers,
  };
}

async function entity(org: Org, body: Record<string, unknown>): Promise<Entity> {
  const r = await api(org, 'POST', '/entities', body);
  expect(r.status, r.text).toBe(201);
  return r.body as unknown as Entity;
}

/** DEPT-001 Engineering > PROJ-001 Platform > TEAM-001 DevOps, and DEPT-002 Finance. */
async function seedTree(org: Org) {
  await entity(org, { name: 'Engineering', level_code: 'department' });
  await entity(org, { name: 'Finance', level_code: 'department' });
  await entity(org, { name: 'Platform', level_code: 'project', parent_id: 'DEPT-001' });
  await entity(org, { name: 'DevOps', level_code: 'team', parent_id: 'PROJ-001' });
}

async function exported(org: Org) {
  const r = await api(org, 'GET', '/export');
  expect(r.status).toBe(200);
  return r.text;
}

async function importCsv(org: Org, csv: string) {
  const res = await p.request(`/api/v1/hierarchy/${org.org_slug}/import`, {
    method: 'POST',
    headers: { ...apiKey(org.api_key), 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as Body };
}

const expectError = (r: { status: number; body: Body; headers: Headers }, status: number, code: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error?.code).toBe(code);
  expect(r.body.error?.request_id).toBe(r.headers.get('x-request-id'));
};

describe('hierarchy levels', () => {
  it('exist as department > project > team on first use; added and removed at the bottom only', async () => {
    const org = await p.onboard();
    const levels = await api(org, 'GET', '/levels');
    expect(levels.status).toBe(200);
    expect(
      (levels.body.items as { level_code: string; depth: number; code_prefix: string }[]).map((l) => [
        l.level_code,
        l.depth,
        l.code_prefix,
      ]),
    ).toEqual([
      ['department', 1, 'DEPT'],
      ['project', 2, 'PROJ'],
      ['team', 3, 'TEAM'],
    ]);
    expect(levels.body.next_cursor).toBeNull();

    const squad = await api(org, 'POST', '/levels', {
      level_code: 'squad',
      name: 'Squad',
      code_prefix: 'SQD',
    });
    expect(squad.status).toBe(201);
    expect(squad.body).toMatchObject({ level_code: 'squad', depth: 4, entity_count: 0 });
    expectError(
      await api(org, 'POST', '/levels', { level_code: 'squad', name: 'Again', code_prefix: 'SQX' }),
      409,
      'CONFLICT',
    );
    expectError(
      await api(org, 'POST', '/levels', { level_code: 'pod', name: 'Pod', code_prefix: 'TEAM' }),
      409,
      'CONFLICT',
    );
    expectError(
      await api(org, 'POST', '/levels', { level_code: 'Pod', name: 'Pod', code_prefix: 'pod' }),
      400,
      'VALIDATION_ERROR',
    );

    const renamed = await api(org, 'PUT', '/levels/department', { name: 'Business unit' });
    expect(renamed.body).toMatchObject({
      level_code: 'department',
      name: 'Business unit',
      code_prefix: 'DEPT',
    });
    await entity(org, { name: 'Engineering', level_code: 'department' });
    expectError(await api(org, 'PUT', '/levels/department', { code_prefix: 'BU' }), 409, 'CONFLICT');
    expect((await api(org, 'PUT', '/levels/squad', { code_prefix: 'SQ' })).body.code_prefix).toBe('SQ');

    // Only the bottom level, only when empty; the last level stays.
    expectError(await api(org, 'DELETE', '/levels/project'), 409, 'CONFLICT');
    expect((await api(org, 'DELETE', '/levels/squad')).status).toBe(204);
    expect((await api(org, 'DELETE', '/levels/team')).status).toBe(204);
    expect((await api(org, 'DELETE', '/levels/project')).status).toBe(204);
    const last = await api(org, 'DELETE', '/levels/department');
    expectError(last, 409, 'CONFLICT');
    expectError(await api(org, 'DELETE', '/levels/nothing'), 404, 'NOT_FOUND');
    // The defaults do not come back once the org configured its own levels.
    expect((await api(org, 'GET', '/levels')).body.items).toHaveLength(1);
  });
});

describe('hierarchy entities', () => {
  it('are created with generated or given codes checked against their level, with paths', async () => {
    const org = await p.onboard();
    await seedTree(org);
    const given = await entity(org, { entity_id: 'DEPT-OPS', name: 'Operations', level_code: 'department' });
    expect(given.entity_id).toBe('DEPT-OPS');
    // The next numbered code continues after the highest one.
    expect((await entity(org, { name: 'Legal', level_code: 'department' })).entity_id).toBe('DEPT-003');

    // Concurrent creations of one level serialise on the org's lock: each gets its own code.
    const concurrent = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => api(org, 'POST', '/entities', { name, level_code: 'department' })),
    );
    expect(concurrent.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(concurrent.map((r) => String(r.body.entity_id)).sort()).toEqual([
      'DEPT-004',
      'DEPT-005',
      'DEPT-006',
      'DEPT-007',
    ]);

    const team = await api(org, 'GET', '/entities/TEAM-001');
    expect(team.body).toMatchObject({
      entity_id: 'TEAM-001',
      name: 'DevOps',
      level_code: 'team',
      parent_id: 'PROJ-001',
      path: '/DEPT-001/PROJ-001/TEAM-001',
      path_names: '/Engineering/Platform/DevOps',
    });

    const bad = async (body: Record<string, unknown>, status: number, text: string) => {
      const r = await api(org, 'POST', '/entities', body);
      expectError(r, status, status === 409 ? 'CONFLICT' : 'VALIDATION_ERROR');
      expect(r.body.error!.message).toContain(text);
    };
    await bad(
      { entity_id: 'PROJ-009', name: 'X', level_code: 'department' },
      400,
      'department codes look like DEPT-001',
    );
    await bad({ name: 'X', level_code: 'project' }, 400, 'needs a parent department');
    await bad({ name: 'X', level_code: 'team', parent_id: 'DEPT-001' }, 400, 'must be a project');
    await bad({ name: 'X', level_code: 'department', parent_id: 'DEPT-002' }, 400, 'top level');
    await bad({ name: 'X', level_code: 'project', parent_id: 'DEPT-404' }, 400, 'no entity DEPT-404');
    await bad({ name: 'X', level_code: 'galaxy' }, 400, 'no level galaxy');
    await bad({ entity_id: 'DEPT-001', name: 'X', level_code: 'department' }, 409, 'already exists');
    await bad({ entity_id: 'dept-7', name: 'X', level_code: 'department' }, 400, 'Invalid request body');

    const updated = await api(org, 'PUT', '/entities/PROJ-001', {
      name: 'Platform Eng',
      owner_email: 'lead@example.test',
    });
    expect(updated.body).toMatchObject({ name: 'Platform Eng', owner_email: 'lead@example.test' });
    expect((await api(org, 'GET', '/entities/TEAM-001')).body.path_names).toBe(
      '/Engineering/Platform Eng/DevOps',
    );
    expectError(
      await api(org, 'PUT', '/entities/PROJ-001', { parent_id: 'DEPT-002' }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(await api(org, 'GET', '/entities/TEAM-404'), 404, 'NOT_FOUND');
  });

  it('list by level and parent, one page at a time', async () => {
    const org = await p.onboard();
    await seedTree(org);
    await entity(org, { name: 'Data', level_code: 'project', parent_id: 'DEPT-001' });
    const ids = async (qs: string) =>
      ((await api(org, 'GET', `/entities${qs}`)).body.items as Entity[]).map((e) => e.entity_id);
    expect(await ids('')).toEqual(['DEPT-001', 'DEPT-002', 'PROJ-001', 'PROJ-002', 'TEAM-001']);
    expect(await ids('?level_code=department')).toEqual(['DEPT-001', 'DEPT-002']);
    expect(await ids('?parent_id=DEPT-001')).toEqual(['PROJ-001', 'PROJ-002']);
    const first = await api(org, 'GET', '/entities?limit=2');
    expect((first.body.items as Entity[]).map((e) => e.entity_id)).toEqual(['DEPT-001', 'DEPT-002']);
    expect(first.body.next_cursor).toBe('DEPT-002');
    const second = await api(org, 'GET', `/entities?limit=2&cursor=${String(first.body.next_cursor)}`);
    expect((second.body.items as Entity[]).map((e) => e.entity_id)).toEqual(['PROJ-001', 'PROJ-002']);
    const third = await api(org, 'GET', `/entities?limit=2&cursor=${String(second.body.next_cursor)}`);
    expect((third.body.items as Entity[]).map((e) => e.entity_id)).toEqual(['TEAM-001']);
    expect(third.body.next_cursor).toBeNull();
    expectError(await api(org, 'GET', '/entities?limit=0'), 400, 'VALIDATION_ERROR');
    expectError(await api(org, 'GET', '/entities?parent_id=nope'), 400, 'VALIDATION_ERROR');
  });

  it('tree, ancestors and descendants', async () => {
    const org = await p.onboard();
    await seedTree(org);
    await entity(org, { name: 'Data', level_code: 'project', parent_id: 'DEPT-001' });
    await entity(org, { name: 'SRE', level_code: 'team', parent_id: 'PROJ-001' });
    const tree = await api(org, 'GET', '/tree');
    expect(tree.status).toBe(200);
    type Node = { entity_id: string; children: Node[] };
    const shape = (n: Node): unknown => [n.entity_id, n.children.map(shape)];
    expect((tree.body.roots as Node[]).map(shape)).toEqual([
      [
        'DEPT-001',
        [
          [
            'PROJ-001',
            [
              ['TEAM-001', []],
              ['TEAM-002', []],
            ],
          ],
          ['PROJ-002', []],
        ],
      ],
      ['DEPT-002', []],
    ]);
    expect((tree.body.levels as { level_code: string }[]).map((l) => l.level_code)).toEqual([
      'department',
      'project',
      'team',
    ]);

    const up = await api(org, 'GET', '/entities/TEAM-002/ancestors');
    expect((up.body.items as Entity[]).map((e) => [e.entity_id, e.path])).toEqual([
      ['DEPT-001', '/DEPT-001'],
      ['PROJ-001', '/DEPT-001/PROJ-001'],
    ]);
    expect((await api(org, 'GET', '/entities/DEPT-002/ancestors')).body.items).toEqual([]);
    const down = await api(org, 'GET', '/entities/DEPT-001/descendants');
    expect((down.body.items as Entity[]).map((e) => [e.entity_id, e.path_names])).toEqual([
      ['PROJ-001', '/Engineering/Platform'],
      ['TEAM-001', '/Engineering/Platform/DevOps'],
      ['TEAM-002', '/Engineering/Platform/SRE'],
      ['PROJ-002', '/Engineering/Data'],
    ]);
    expect((await api(org, 'GET', '/entities/TEAM-001/descendants')).body.items).toEqual([]);
    expectError(await api(org, 'GET', '/entities/TEAM-404/descendants'), 404, 'NOT_FOUND');
    expectError(await api(org, 'GET', '/entities/TEAM-404/ancestors'), 404, 'NOT_FOUND');
  });

  it('move refuses a cycle (409 naming it) and a parent on the wrong level; a valid move carries the subtree', async () => {
    const org = await p.onboard();
    await seedTree(org);
    const before = await exported(org);

    const cycle = await api(org, 'POST', '/entities/DEPT-001/move', { new_parent_id: 'TEAM-001' });
    expectError(cycle, 409, 'CONFLICT');
    expect(cycle.body.error!.message).toContain('DEPT-001 > PROJ-001 > TEAM-001 > DEPT-001');
    expect(cycle.body.error!.details).toEqual({ cycle: ['DEPT-001', 'PROJ-001', 'TEAM-001', 'DEPT-001'] });
    const self = await api(org, 'POST', '/entities/PROJ-001/move', { new_parent_id: 'PROJ-001' });
    expectError(self, 409, 'CONFLICT');

    const wrongLevel = await api(org, 'POST', '/entities/TEAM-001/move', { new_parent_id: 'DEPT-002' });
    expectError(wrongLevel, 400, 'VALIDATION_ERROR');
    expect(wrongLevel.body.error!.message).toContain('must be a project');
    expectError(
      await api(org, 'POST', '/entities/PROJ-001/move', { new_parent_id: null }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await api(org, 'POST', '/entities/PROJ-001/move', { new_parent_id: 'DEPT-404' }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await api(org, 'POST', '/entities/PROJ-404/move', { new_parent_id: 'DEPT-002' }),
      404,
      'NOT_FOUND',
    );
    expect(await exported(org)).toBe(before);

    const moved = await api(org, 'POST', '/entities/PROJ-001/move', { new_parent_id: 'DEPT-002' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parent_id: 'DEPT-002', path: '/DEPT-002/PROJ-001' });
    expect((await api(org, 'GET', '/entities/TEAM-001')).body).toMatchObject({
      path: '/DEPT-002/PROJ-001/TEAM-001',
      path_names: '/Finance/Platform/DevOps',
    });
    expect((await api(org, 'POST', '/entities/DEPT-001/move', { new_parent_id: null })).status).toBe(200);
  });

  it('delete refuses an entity with children or allocation rules', async () => {
    const org = await p.onboard();
    await seedTree(org);
    const parent = await api(org, 'DELETE', '/entities/PROJ-001');
    expectError(parent, 409, 'CONFLICT');
    expect(parent.body.error!.message).toContain('TEAM-001');
    const rule = await api(org, 'POST', '/allocation-rules', {
      entity_id: 'TEAM-001',
      match: { kind: 'credential', credential_id: 'cred-1' },
    });
    const targeted = await api(org, 'DELETE', '/entities/TEAM-001');
    expectError(targeted, 409, 'CONFLICT');
    expect(targeted.body.error!.message).toContain(String(rule.body.rule_id));
    expect((await api(org, 'DELETE', `/allocation-rules/${String(rule.body.rule_id)}`)).status).toBe(204);
    expect((await api(org, 'DELETE', '/entities/TEAM-001')).status).toBe(204);
    expectError(await api(org, 'GET', '/entities/TEAM-001'), 404, 'NOT_FOUND');
    expect((await api(org, 'DELETE', '/entities/PROJ-001')).status).toBe(204);
  });
});

describe('hierarchy CSV', () => {
  it('export -> import recreates the tree in another org; re-importing changes nothing', async () => {
    const a = await p.onboard();
    await seedTree(a);
    await entity(a, {
      name: 'Data, "Analytics"',
      level_code: 'project',
      parent_id: 'DEPT-002',
      owner_email: 'data@example.test',
      description: 'Line one\nline two',
    });
    const csv = await exported(a);
    const res = await p.request(`/api/v1/hierarchy/${a.org_slug}/export`, { headers: apiKey(a.api_key) });
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(csv.split('\n')[0]).toBe('entity_id,name,level_code,parent_id,owner_email,description');
    expect(csv).toContain(
      'PROJ-002,"Data, ""Analytics""",project,DEPT-002,data@example.test,"Line one\nline two"',
    );

    const b = await p.onboard();
    const imported = await importCsv(b, csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toEqual({
      created: ['DEPT-001', 'DEPT-002', 'PROJ-001', 'PROJ-002', 'TEAM-001'],
      updated: [],
      unchanged: 0,
    });
    expect(await exported(b)).toBe(csv);
    expect((await api(b, 'GET', '/entities/PROJ-002')).body).toMatchObject({
      name: 'Data, "Analytics"',
      description: 'Line one\nline two',
      path_names: '/Finance/Data, "Analytics"',
    });

    const again = await api(a, 'POST', '/import', { csv });
    expect(again.body).toEqual({ created: [], updated: [], unchanged: 5 });
    expect(await exported(a)).toBe(csv);
  });

  it('export neutralises formula cells (= + - @ tab CR) with a quote; import restores the names exactly', async () => {
    const a = await p.onboard();
    const names = [
      '=HYPERLINK("http://evil.test","click")',
      "+cmd|' /C calc'!A0",
      '@SUM(1)',
      '-1+1',
      "'=already quoted",
      "'plain quote",
    ];
    for (const name of names) await entity(a, { name, level_code: 'department' });
    await entity(a, { name: 'Ops', level_code: 'department', description: '\tindented\rsecond' });
    const csv = await exported(a);
    const parsed = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]);
    expect(parsed.slice(0, 4)).toEqual([
      `"'=HYPERLINK(""http://evil.test""`, // the name holds a comma, so the cell is quoted too
      "'+cmd|' /C calc'!A0",
      "'@SUM(1)",
      "'-1+1",
    ]);
    expect(csv).toContain("DEPT-005,''=already quoted,department,");
    expect(csv).toContain("DEPT-006,'plain quote,department,");
    expect(csv).toContain(`DEPT-007,Ops,department,,,"'\tindented\rsecond"`);
    for (const line of csv.split('\n')) {
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }

    const b = await p.onboard();
    const imported = await importCsv(b, csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(await exported(b)).toBe(csv);
    const tree = (await api(b, 'GET', '/entities')).body.items as Entity[];
    expect(tree.map((e) => e.name)).toEqual([...names, 'Ops']);
    expect((await api(b, 'GET', '/entities/DEPT-007')).body).toMatchObject({
      description: '\tindented\rsecond',
    });
  });

  it('import updates, moves and adds entities (codes generated for rows without one)', async () => {
    const org = await p.onboard();
    await seedTree(org);
    const r = await importCsv(
      org,
      [
        'entity_id,name,level,parent_id',
        'PROJ-001,Platform Eng,project,DEPT-002',
        ',Data,project,DEPT-001',
        'TEAM-007,Ops,team,PROJ-001',
      ].join('\n'),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ created: ['PROJ-002', 'TEAM-007'], updated: ['PROJ-001'], unchanged: 0 });
    expect((await api(org, 'GET', '/entities/TEAM-001')).body.path_names).toBe(
      '/Finance/Platform Eng/DevOps',
    );
    expect((await api(org, 'GET', '/entities/PROJ-002')).body).toMatchObject({
      name: 'Data',
      parent_id: 'DEPT-001',
    });
  });

  it.each([
    ['an unknown parent', 'TEAM-002,Ghosts,team,PROJ-404', 'unknown parent PROJ-404'],
    ['a duplicate id', 'DEPT-003,Again,department,', 'duplicate entity_id DEPT-003 (also on row 2)'],
    [
      'a parent on the wrong level',
      'TEAM-002,Misplaced,team,DEPT-001',
      'the parent of a team must be a project',
    ],
    ['a bad code', 'PROJ-009,Wrong code,team,PROJ-001', 'PROJ-009 is not a team code'],
    ['an entity changing level', 'DEPT-001,Demoted,project,DEPT-002', 'DEPT-001 exists as a department'],
    ['an entity its own parent', 'TEAM-002,Loop,team,TEAM-002', 'TEAM-002 cannot be its own parent'],
    ['an empty name', 'TEAM-002,,team,PROJ-001', 'name is empty'],
  ])('a file with %s on one row changes nothing and names the row', async (_, badRow, problem) => {
    const org = await p.onboard();
    await seedTree(org);
    const before = await exported(org);
    const csv = [
      'entity_id,name,level_code,parent_id',
      'DEPT-003,Legal,department,',
      'PROJ-002,Contracts,project,DEPT-003',
      badRow,
      'TEAM-003,Review,team,PROJ-002',
    ].join('\n');
    const r = await importCsv(org, csv);
    expect(r.status).toBe(400);
    expect(r.body.error!.code).toBe('VALIDATION_ERROR');
    expect(r.body.error!.message).toContain(`row 4: ${problem}`);
    expect(r.body.error!.message).toContain('nothing was changed');
    const details = r.body.error!.details as { row: number; message: string }[];
    expect(new Set(details.map((d) => d.row))).toEqual(new Set([4]));
    expect(await exported(org)).toBe(before);
  });

  it('names every bad row at once; a malformed file or header is a 400', async () => {
    const org = await p.onboard();
    await seedTree(org);
    const before = await exported(org);
    const r = await importCsv(
      org,
      [
        'entity_id,name,level_code,parent_id,owner_email',
        'DEPT-003,Legal,department,,',
        'TEAM-002,Ghosts,team,PROJ-404,',
        'DEPT-003,Again,department,,',
        'PROJ-001,Level change,team,PROJ-001,',
        'PROJ-002,Mail,project,DEPT-001,not-an-email',
        'PROJ-003,Extra,project,DEPT-001,,surplus',
        'TEAM-003,Fine,team,PROJ-001,',
      ].join('\n'),
    );
    expect(r.status).toBe(400);
    const rows = [...new Set((r.body.error!.details as { row: number }[]).map((d) => d.row))];
    expect(rows).toEqual([3, 4, 5, 6, 7]);
    expect(await exported(org)).toBe(before);

    const header = await importCsv(org, 'id,name,colour\nDEPT-009,X,red\n');
    expect(header.status).toBe(400);
    expect(header.body.error!.message).toContain('row 1');
    expect(header.body.error!.message).toContain('unknown column(s) colour');
    const quote = await importCsv(org, 'entity_id,name,level_code\nDEPT-009,"unclosed,department\n');
    expect(quote.status).toBe(400);
    expect(quote.body.error!.code).toBe('VALIDATION_ERROR');
    expect((await importCsv(org, 'entity_id,name,level_code\n')).status).toBe(400);
    expect(await exported(org)).toBe(before);
  });
});

describe('allocation rules', () => {
  it('CRUD in evaluation order; the snapshot allocates each rule kind, by priority, unallocated as null', async () => {
    const org = await p.onboard();
    await seedTree(org);
    await entity(org, { name: 'Data', level_code: 'project', parent_id: 'DEPT-002' });
    const rule = async (entity_id: string, match: Record<string, unknown>, priority?: number) => {
      const r = await api(org, 'POST', '/allocation-rules', {
        entity_id,
        match,
        ...(priority === undefined ? {} : { priority }),
      });
      expect(r.status, r.text).toBe(201);
      return r.body as { rule_id: string; priority: number; entity_name: string };
    };
    const cred = await rule('DEPT-002', { kind: 'credential', credential_id: 'cred-openai' });
    expect(cred).toMatchObject({ priority: 100, entity_name: 'Finance' });
    await rule('PROJ-001', { kind: 'cloud_account', account_id: 'prod-project', provider: 'gcp' });
    await rule('PROJ-002', { kind: 'cloud_account', account_id: '123456789012' });
    const tag = await rule('TEAM-001', { kind: 'tag', key: 'team', value: 'devops' }, 500);
    await rule('PROJ-002', { kind: 'genai_dimension', dimension: 'workspace', value: 'proj_abc' });
    await rule('TEAM-001', {
      kind: 'genai_dimension',
      dimension: 'api_key',
      value: 'key_1',
      provider: 'openai',
    });
    await rule('DEPT-001', { kind: 'saas_plan', provider: 'slack' });
    await rule('PROJ-001', { kind: 'saas_plan', provider: 'slack', plan_name: 'enterprise' }, 200);

    const list = await api(org, 'GET', '/allocation-rules');
    const items = list.body.items as { rule_id: string; priority: number }[];
    expect(items).toHaveLength(8);
    expect(items[0]!.rule_id).toBe(tag.rule_id);
    expect(items.map((i) => i.priority)).toEqual([500, 200, 100, 100, 100, 100, 100, 100]);
    expect(((await api(org, 'GET', '/allocation-rules?kind=saas_plan')).body.items as unknown[]).length).toBe(
      2,
    );
    expect(
      ((await api(org, 'GET', '/allocation-rules?entity_id=TEAM-001')).body.items as unknown[]).length,
    ).toBe(2);
    expect((await api(org, 'GET', `/allocation-rules/${cred.rule_id}`)).body).toMatchObject({
      match: { kind: 'credential', credential_id: 'cred-openai' },
    });

    let snap = await loadAllocationSnapshot(p.ctx, org.org_slug);
    const at = (row: Record<string, unknown>) => allocate(row, snap)?.x_hierarchy_entity_id ?? null;
    expect(allocate({ x_credential_id: 'cred-openai' }, snap)).toEqual({
      x_hierarchy_entity_id: 'DEPT-002',
      x_hierarchy_entity_name: 'Finance',
      x_hierarchy_level_code: 'department',
      x_hierarchy_path: '/DEPT-002',
      x_hierarchy_path_names: '/Finance',
    });
    expect(at({ x_cost_type: 'cloud', x_cloud_provider: 'gcp', SubAccountId: 'prod-project' })).toBe(
      'PROJ-001',
    );
    expect(at({ x_cost_type: 'cloud', x_cloud_provider: 'aws', SubAccountId: 'prod-project' })).toBeNull();
    expect(at({ x_cost_type: 'cloud', BillingAccountId: '123456789012' })).toBe('PROJ-002');
    expect(allocate({ Tags: '{"team":"devops","env":"prod"}' }, snap)).toMatchObject({
      x_hierarchy_entity_id: 'TEAM-001',
      x_hierarchy_path: '/DEPT-001/PROJ-001/TEAM-001',
      x_hierarchy_path_names: '/Engineering/Platform/DevOps',
      x_hierarchy_level_code: 'team',
    });
    expect(at({ x_cost_type: 'genai', SubAccountId: 'proj_abc', x_genai_provider: 'openai' })).toBe(
      'PROJ-002',
    );
    expect(at({ x_cost_type: 'genai', ResourceId: 'key_1', x_genai_provider: 'openai' })).toBe('TEAM-001');
    expect(at({ x_cost_type: 'genai', ResourceId: 'key_1', x_genai_provider: 'anthropic' })).toBeNull();
    expect(at({ x_cost_type: 'subscription', SkuId: 'saas/slack/pro' })).toBe('DEPT-001');
    expect(at({ x_cost_type: 'subscription', SkuId: 'saas/slack/enterprise' })).toBe('PROJ-001');
    // Priority: the tag rule (500) beats the credential rule (100) on a row both match.
    expect(at({ x_credential_id: 'cred-openai', Tags: { team: 'devops' } })).toBe('TEAM-001');
    expect(at({ x_credential_id: 'cred-other', Tags: { team: 'finance' } })).toBeNull();

    // A rule change applies to the next snapshot: disabled, the tag rule no longer wins.
    const off = await api(org, 'PUT', `/allocation-rules/${tag.rule_id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, priority: 500 });
    snap = await loadAllocationSnapshot(p.ctx, org.org_slug);
    expect(at({ x_credential_id: 'cred-openai', Tags: { team: 'devops' } })).toBe('DEPT-002');
    const moved = await api(org, 'PUT', `/allocation-rules/${cred.rule_id}`, {
      entity_id: 'PROJ-002',
      priority: 50,
    });
    expect(moved.body).toMatchObject({ entity_id: 'PROJ-002', entity_name: 'Data', priority: 50 });
    snap = await loadAllocationSnapshot(p.ctx, org.org_slug);
    expect(at({ x_credential_id: 'cred-openai' })).toBe('PROJ-002');

    // Bad input: unknown entity, unknown kind, missing fields, unknown rule.
    const unknownEntity = await api(org, 'POST', '/allocation-rules', {
      entity_id: 'TEAM-404',
      match: { kind: 'credential', credential_id: 'x' },
    });
    expectError(unknownEntity, 400, 'VALIDATION_ERROR');
    expect(unknownEntity.body.error!.details).toEqual([
      { field: 'body.entity_id', message: 'no entity TEAM-404' },
    ]);
    for (const bad of [
      { match: { kind: 'vibes', value: 'x' } },
      { match: { kind: 'tag', key: 'team' } },
      { priority: -1, match: { kind: 'credential', credential_id: 'x' } },
    ]) {
      const rule = { entity_id: 'TEAM-001', ...bad };
      expectError(await api(org, 'POST', '/allocation-rules', rule), 400, 'VALIDATION_ERROR');
    }
    expectError(
      await api(org, 'GET', '/allocation-rules/00000000-0000-4000-8000-000000000000'),
      404,
      'NOT_FOUND',
    );
    expectError(await api(org, 'GET', '/allocation-rules/not-a-uuid'), 400, 'VALIDATION_ERROR');
  });
});

describe('hierarchy access', () => {
  it('viewers read, members write', async () => {
    const org = await p.onboard();
    await seedTree(org);
    const token = async (role: string) => {
      const email = `${role}-${org.org_slug.replace(/_/g, '-')}@example.test`;
      const res = await p.request(`/api/v1/organizations/${org.org_slug}/members/${email}`, {
        method: 'PUT',
        headers: apiKey(org.api_key),
        json: { role },
      });
      expect(res.status).toBe(200);
      return bearer(await signUp(p, email));
    };
    const viewer = await token('viewer');
    const member = await token('member');
    expect((await api(org, 'GET', '/tree', undefined, viewer)).status).toBe(200);
    expect((await api(org, 'GET', '/export', undefined, viewer)).status).toBe(200);
    const denied = await api(org, 'POST', '/entities', { name: 'X', level_code: 'department' }, viewer);
    expectError(denied, 403, 'FORBIDDEN');
    expect(
      (await api(org, 'POST', '/entities', { name: 'X', level_code: 'department' }, member)).status,
    ).toBe(201);
    expectError(
      await api(org, 'POST', '/entities/PROJ-001/move', { new_parent_id: 'DEPT-002' }, viewer),
      403,
      'FORBIDDEN',
    );
  });

  it("another org's key gets 403 on every route, and one org never sees another's entities", async () => {
    const a = await p.onboard();
    await seedTree(a);
    await entity(a, { entity_id: 'DEPT-SECRET', name: 'Secret Projects', level_code: 'department' });
    const rule = await api(a, 'POST', '/allocation-rules', {
      entity_id: 'DEPT-SECRET',
      match: { kind: 'tag', key: 'x', value: 'y' },
    });
    const b = await p.onboard();
    const values = {
      org: a.org_slug,
      level_code: 'team',
      entity_id: 'TEAM-001',
      rule_id: String(rule.body.rule_id),
    };
    for (const c of Object.values(hierarchyRoutes)) {
      const res = await p.request(fillPath(c.path, values), {
        method: c.method,
        headers: apiKey(b.api_key),
        ...(c.example?.body === undefined ? {} : { json: c.example.body }),
      });
      expect(res.status, `${c.method} ${c.path}`).toBe(403);
      const text = await res.text();
      expect(text).not.toContain('Secret');
      expect(text).not.toContain('DEPT-SECRET');
    }
    // B's own hierarchy: its default levels, none of A's entities or rules.
    const bApi = (method: string, path: string, json?: unknown) => api(b, method, path, json);
    expect((await bApi('GET', '/entities')).body.items).toEqual([]);
    expect((await bApi('GET', '/tree')).body.roots).toEqual([]);
    expect((await bApi('GET', '/allocation-rules')).body.items).toEqual([]);
    expect(await exported(b)).toBe('entity_id,name,level_code,parent_id,owner_email,description\n');
    expectError(await bApi('GET', '/entities/DEPT-SECRET'), 404, 'NOT_FOUND');
    expectError(await bApi('GET', '/entities/DEPT-SECRET/descendants'), 404, 'NOT_FOUND');
    expectError(await bApi('GET', `/allocation-rules/${String(rule.body.rule_id)}`), 404, 'NOT_FOUND');
    expectError(
      await bApi('PUT', `/allocation-rules/${String(rule.body.rule_id)}`, { priority: 1 }),
      404,
      'NOT_FOUND',
    );
    expectError(await bApi('DELETE', `/allocation-rules/${String(rule.body.rule_id)}`), 404, 'NOT_FOUND');
    expectError(
      await bApi('POST', '/allocation-rules', {
        entity_id: 'DEPT-SECRET',
        match: { kind: 'tag', key: 'a', value: 'b' },
      }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await bApi('POST', '/entities', { name: 'Mine', level_code: 'project', parent_id: 'DEPT-SECRET' }),
      400,
      'VALIDATION_ERROR',
    );
    const csv = await importCsv(
      b,
      'entity_id,name,level_code,parent_id\nPROJ-001,Mine,project,DEPT-SECRET\n',
    );
    expect(csv.status).toBe(400);
    // The same codes live side by side in each org.
    expect((await entity(b, { name: 'B Engineering', level_code: 'department' })).entity_id).toBe('DEPT-001');
    expect((await api(a, 'GET', '/entities/DEPT-001')).body.name).toBe('Engineering');
    const snapB = await loadAllocationSnapshot(p.ctx, b.org_slug);
    expect(Object.keys(snapB.entities)).toEqual(['DEPT-001']);
    expect(snapB.rules).toEqual([]);
    expect(allocate({ Tags: { x: 'y' } }, snapB)).toBeNull();
  });

  it('answers bad input with the one error shape', async () => {
    const org = await p.onboard();
    const unknownField = await api(org, 'POST', '/entities', {
      name: 'X',
      level_code: 'department',
      colour: 'red',
    });
    expectError(unknownField, 400, 'VALIDATION_ERROR');
    expect(unknownField.body.error!.details).toEqual([
      expect.objectContaining({ field: 'body', code: 'unrecognized_keys' }),
    ]);
    expectError(await api(org, 'GET', '/entities/..%2F..'), 400, 'VALIDATION_ERROR');
    expectError(
      await api(org, 'POST', '/entities', { name: '', level_code: 'department' }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(await api(org, 'POST', '/entities/DEPT-001/move', {}), 400, 'VALIDATION_ERROR');
    expectError(await api(org, 'POST', '/import', { csv: 5 }), 400, 'VALIDATION_ERROR');
    expectError(await api(org, 'POST', '/import'), 400, 'VALIDATION_ERROR');
    const plain = await p.request(`/api/v1/hierarchy/${org.org_slug}/import`, {
      method: 'POST',
      headers: { ...apiKey(org.api_key), 'content-type': 'text/plain' },
      body: 'entity_id,name\n',
    });
    expect(plain.status).toBe(415);
    expectError(await api(org, 'PATCH', '/tree'), 405, 'METHOD_NOT_ALLOWED');
    // The operator's key on an org that does not exist: 404, and no levels are created for it.
    const missing = await p.request('/api/v1/hierarchy/no_such_org/levels', {
      headers: { 'x-ca-root-key': 'test_root_key_0123456789abcdefghijklmnop' },
    });
    expect(missing.status).toBe(404);
  });
});

describe('hierarchy tables', () => {
  it('have row level security enabled and keep parents and self-references sound below the API', async () => {
    const db = await p.ctx.db();
    const { rows } = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `SELECT relname, relrowsecurity FROM pg_class
       WHERE relname IN ('hierarchy_levels', 'hierarchy_entities', 'hierarchy_allocation_rules')
         AND relnamespace = current_schema()::regnamespace ORDER BY relname`,
    );
    expect(rows).toEqual([
      { relname: 'hierarchy_allocation_rules', relrowsecurity: true },
      { relname: 'hierarchy_entities', relrowsecurity: true },
      { relname: 'hierarchy_levels', relrowsecurity: true },
    ]);
    const org = await p.onboard();
    await seedTree(org);
    // The foreign key keeps a parent with children from being deleted even by a direct statement.
    await expect(
      db.query('DELETE FROM hierarchy_entities WHERE org_slug = $1 AND entity_id = $2', [
        org.org_slug,
        'DEPT-001',
      ]),
    ).rejects.toThrow();
    await expect(
      db.query(
        "UPDATE hierarchy_entities SET parent_id = entity_id WHERE org_slug = $1 AND entity_id = 'DEPT-002'",
        [org.org_slug],
      ),
    ).rejects.toThrow();
  });
});
