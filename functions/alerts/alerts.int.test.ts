import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { ensureLevels } from '../../shared/hierarchy/store.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { apiKey, bearer, signUp, type Org } from '../__tests__/helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

/** A response body as the assertions read it (an alert, a list, a bulk result or an error). */
type Body = Record<string, unknown> & {
  alert_id: string;
  channel_id: string;
  channel_ids: string[];
  items: (Record<string, unknown> & { alert_id: string; preset: string; enabled: boolean })[];
  error: { code: string; message: string; details: { field: string; message: string }[] };
};

async function call(method: string, path: string, json?: unknown, headers: Record<string, string> = {}) {
  const res = await p.request(path, { method, headers, ...(json === undefined ? {} : { json }) });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, body: (text ? JSON.parse(text) : null) as Body };
}
const api = (
  org: Org,
  method: string,
  path: string,
  json?: unknown,
  headers: Record<string, string> = apiKey(org.api_key),
) => call(method, `/api/v1/alerts/${org.org_slug}${path}`, json, headers);
const fields = (r: { body: Body }) => r.body.error.details.map((d) => d.field);

let channels = 0;
/** An email channel of the org; its id. */
async function channel(org: Org): Promise<string> {
  const r = await call(
    'POST',
    `/api/v1/notifications/${org.org_slug}/channels`,
    { name: `mail ${++channels}`, type: 'email', config: { to: ['finops@example.com'] } },
    apiKey(org.api_key),
  );
  expect(r.status, r.text).toBe(201);
  return r.body.channel_id;
}

let names = 0;
/** Creates an alert (a monthly cost threshold unless `body` says otherwise) and returns it. */
async function alert(org: Org, body: Record<string, unknown> = {}) {
  const r = await api(org, 'POST', '', {
    name: `alert ${++names}`,
    kind: 'cost_threshold',
    period: 'month',
    threshold: 1000,
    channel_ids: [],
    ...body,
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

async function stored(alertId: string) {
  const { rows } = await (
    await p.ctx.db()
  ).query<{ threshold: string | null; percent: string | null; channel_ids: string[] }>(
    'SELECT threshold::text AS threshold, percent::text AS percent, channel_ids::text[] AS channel_ids FROM alerts WHERE alert_id = $1',
    [alertId],
  );
  return rows[0];
}

async function audited(org: Org) {
  const { rows } = await (
    await p.ctx.db()
  ).query<{ action: string; target: string | null }>(
    "SELECT action, target FROM audit_log WHERE org_slug = $1 AND action LIKE 'alert.%' ORDER BY id",
    [org.org_slug],
  );
  return rows;
}

describe('alerts CRUD', () => {
  it('creates, reads, lists, changes and deletes an alert; amounts are exact numerics, JSON numbers out', async () => {
    const org = await p.onboard();
    const ch = await channel(org);
    const made = await api(org, 'POST', '', {
      name: 'Cloud budget',
      kind: 'cost_threshold',
      period: 'month',
      threshold: 1234.56,
      scope: { cost_type: 'cloud', provider: 'aws', metric: 'effective' },
      channel_ids: [ch.toUpperCase()],
      severity: 'critical',
    });
    expect(made.status, made.text).toBe(201);
    const id = made.body.alert_id;
    expect(made.body).toEqual({
      alert_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Cloud budget',
      kind: 'cost_threshold',
      period: 'month',
      threshold: 1234.56,
      percent: null,
      days: null,
      scope: { cost_type: 'cloud', provider: 'aws', metric: 'effective' },
      channel_ids: [ch],
      severity: 'critical',
      enabled: true,
      preset: null,
      last_evaluated_at: null,
      last_fired_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(await stored(id)).toEqual({ threshold: '1234.56', percent: null, channel_ids: [ch] });
    expect((await api(org, 'GET', `/${id}`)).body).toEqual(made.body);
    expect((await api(org, 'GET', '')).body).toEqual({ items: [made.body], next_cursor: null });

    const changed = await api(org, 'PATCH', `/${id}`, {
      threshold: 0.000001,
      name: 'Tiny',
      severity: 'info',
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Tiny',
      threshold: 0.000001,
      severity: 'info',
      period: 'month',
    });
    expect(changed.body.scope).toEqual(made.body.scope);
    expect((await stored(id))?.threshold).toBe('0.000001');

    const spike = await alert(org, {
      kind: 'cost_change',
      period: 'day',
      percent: 37.5,
      threshold: undefined,
    });
    expect(spike).toMatchObject({ percent: 37.5, threshold: null, severity: 'warning', channel_ids: [] });
    expect((await stored(spike.alert_id))?.percent).toBe('37.5');

    expect((await api(org, 'DELETE', `/${id}`)).status).toBe(204);
    expect((await api(org, 'GET', `/${id}`)).status).toBe(404);
    expect((await api(org, 'DELETE', `/${id}`)).status).toBe(404);
    expect((await api(org, 'GET', '')).body.items.map((a) => a.alert_id)).toEqual([spike.alert_id]);
    expect(await audited(org)).toEqual([
      { action: 'alert.create', target: id },
      { action: 'alert.update', target: id },
      { action: 'alert.create', target: spike.alert_id },
      { action: 'alert.delete', target: id },
    ]);
  });

  it('refuses a name the org already uses (409), on create and on rename', async () => {
    const org = await p.onboard();
    await alert(org, { name: 'Budget' });
    const other = await alert(org, { name: 'Other' });
    const again = await api(org, 'POST', '', { name: 'Budget', kind: 'pipeline_failure', channel_ids: [] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect((await api(org, 'PATCH', `/${other.alert_id}`, { name: 'Budget' })).status).toBe(409);
    expect((await api(org, 'PATCH', `/${other.alert_id}`, { name: 'Other', threshold: 5 })).status).toBe(200);
    // Another org may use the name.
    await alert(await p.onboard(), { name: 'Budget' });
  });

  it('pauses and resumes an alert', async () => {
    const org = await p.onboard();
    const a = await alert(org);
    const paused = await api(org, 'POST', `/${a.alert_id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ alert_id: a.alert_id, enabled: false, threshold: 1000 });
    expect((await api(org, 'GET', `/${a.alert_id}`)).body.enabled).toBe(false);
    expect((await api(org, 'POST', `/${a.alert_id}/pause`)).body.enabled).toBe(false);
    const resumed = await api(org, 'POST', `/${a.alert_id}/resume`);
    expect(resumed.body).toMatchObject({ alert_id: a.alert_id, enabled: true });
    expect((await api(org, 'GET', `/${a.alert_id}`)).body.enabled).toBe(true);
    const created = await alert(org, { enabled: false });
    expect(created.enabled).toBe(false);
    expect((await audited(org)).map((r) => r.action)).toEqual([
      'alert.create',
      'alert.pause',
      'alert.pause',
      'alert.resume',
      'alert.create',
    ]);
  });
});

describe('bad alerts', () => {
  const base = { name: 'Bad', channel_ids: [] };
  it.each([
    ['no name', 'body.name', { kind: 'pipeline_failure', channel_ids: [] }],
    ['no kind', 'body.kind', { name: 'Bad', channel_ids: [] }],
    ['an unknown kind', 'body.kind', { ...base, kind: 'budget' }],
    ['no channel_ids', 'body.channel_ids', { name: 'Bad', kind: 'pipeline_failure' }],
    [
      'a channel id that is no uuid',
      'body.channel_ids.0',
      { ...base, kind: 'pipeline_failure', channel_ids: ['x'] },
    ],
    [
      'cost_threshold without threshold',
      'body.threshold',
      { ...base, kind: 'cost_threshold', period: 'day' },
    ],
    ['cost_threshold without period', 'body.period', { ...base, kind: 'cost_threshold', threshold: 5 }],
    ['a zero threshold', 'body.threshold', { ...base, kind: 'cost_threshold', period: 'day', threshold: 0 }],
    [
      'a negative threshold',
      'body.threshold',
      { ...base, kind: 'cost_threshold', period: 'day', threshold: -5 },
    ],
    [
      'a string threshold',
      'body.threshold',
      { ...base, kind: 'cost_threshold', period: 'day', threshold: '5' },
    ],
    ['a bad period', 'body.period', { ...base, kind: 'cost_threshold', period: 'year', threshold: 5 }],
    [
      'cost_threshold with percent',
      'body.percent',
      { ...base, kind: 'cost_threshold', period: 'day', threshold: 5, percent: 5 },
    ],
    ['cost_change without percent', 'body.percent', { ...base, kind: 'cost_change', period: 'week' }],
    ['cost_change without period', 'body.period', { ...base, kind: 'cost_change', percent: 10 }],
    [
      'cost_change with a threshold',
      'body.threshold',
      { ...base, kind: 'cost_change', period: 'week', percent: 10, threshold: 9 },
    ],
    ['a zero percent', 'body.percent', { ...base, kind: 'cost_change', period: 'week', percent: 0 }],
    ['forecast without threshold', 'body.threshold', { ...base, kind: 'forecast' }],
    ['a daily forecast', 'body.period', { ...base, kind: 'forecast', threshold: 5, period: 'day' }],
    ['forecast with days', 'body.days', { ...base, kind: 'forecast', threshold: 5, days: 2 }],
    ['stale_data without days', 'body.days', { ...base, kind: 'stale_data' }],
    ['stale_data with 0 days', 'body.days', { ...base, kind: 'stale_data', days: 0 }],
    ['stale_data with 1.5 days', 'body.days', { ...base, kind: 'stale_data', days: 1.5 }],
    ['stale_data with a period', 'body.period', { ...base, kind: 'stale_data', days: 2, period: 'day' }],
    [
      'pipeline_failure with a threshold',
      'body.threshold',
      { ...base, kind: 'pipeline_failure', threshold: 5 },
    ],
    ['unpriced_usage with a period', 'body.period', { ...base, kind: 'unpriced_usage', period: 'day' }],
    [
      'unpriced_usage with a cost type',
      'body.scope.cost_type',
      { ...base, kind: 'unpriced_usage', scope: { cost_type: 'genai' } },
    ],
    ['an unknown scope key', 'body.scope', { ...base, kind: 'forecast', threshold: 5, scope: { team: 'x' } }],
    [
      'a bad cost type',
      'body.scope.cost_type',
      { ...base, kind: 'forecast', threshold: 5, scope: { cost_type: 'saas' } },
    ],
    ['a bad severity', 'body.severity', { ...base, kind: 'pipeline_failure', severity: 'high' }],
    ['an unknown preset', 'body.preset', { preset: 'nope', channel_ids: [] }],
    ['a budget preset without threshold', 'body.threshold', { preset: 'monthly-budget', channel_ids: [] }],
    [
      'a preset with a field its kind refuses',
      'body.threshold',
      { preset: 'stale-data', threshold: 3, channel_ids: [] },
    ],
  ])('%s: 400 naming %s', async (_label, field, body) => {
    const org = await p.onboard();
    const r = await api(org, 'POST', '', body);
    expect(r.status, r.text).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(fields(r)).toContain(field);
    expect((await api(org, 'GET', '')).body.items).toEqual([]);
  });

  it("refuses a scope's unknown hierarchy entity and another org's, on create, from a preset and on update", async () => {
    const org = await p.onboard();
    const other = await p.onboard();
    const db = await p.ctx.db();
    for (const [slug, id] of [
      [org.org_slug, 'DEPT-MINE'],
      [other.org_slug, 'DEPT-THEIRS'],
    ] as const) {
      await ensureLevels(db, slug);
      await db.query(
        `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code) VALUES ($1, $2, $3, 'department')`,
        [slug, id, id],
      );
    }
    const base = {
      name: 'Team budget',
      kind: 'cost_threshold',
      period: 'month',
      threshold: 10,
      channel_ids: [],
    };
    for (const unknown of ['DEPT-NOPE', 'DEPT-THEIRS', 'dept-mine']) {
      const r = await api(org, 'POST', '', { ...base, scope: { hierarchy_entity_id: unknown } });
      expect(r.status, r.text).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(fields(r)).toEqual(['body.scope.hierarchy_entity_id']);
      expect(r.body.error.details[0]!.message).toContain(unknown);
    }
    const fromPreset = await api(org, 'POST', '', {
      preset: 'monthly-budget',
      threshold: 10,
      scope: { hierarchy_entity_id: 'DEPT-NOPE' },
      channel_ids: [],
    });
    expect(fromPreset.status, fromPreset.text).toBe(400);
    expect(fields(fromPreset)).toEqual(['body.scope.hierarchy_entity_id']);
    expect((await api(org, 'GET', '')).body.items).toEqual([]);

    const a = await alert(org, { scope: { hierarchy_entity_id: 'DEPT-MINE' } });
    expect(a.scope).toEqual({ hierarchy_entity_id: 'DEPT-MINE' });
    const patched = await api(org, 'PATCH', `/${a.alert_id}`, {
      scope: { hierarchy_entity_id: 'DEPT-THEIRS' },
    });
    expect(patched.status, patched.text).toBe(400);
    expect(fields(patched)).toEqual(['body.scope.hierarchy_entity_id']);
    expect((await api(org, 'GET', `/${a.alert_id}`)).body.scope).toEqual({
      hierarchy_entity_id: 'DEPT-MINE',
    });
    const renamed = await api(org, 'PATCH', `/${a.alert_id}`, { name: 'Renamed' });
    expect(renamed.status, renamed.text).toBe(200);
  });

  it("refuses an unknown channel id and another org's, naming the field and the id", async () => {
    const org = await p.onboard();
    const mine = await channel(org);
    const theirs = await channel(await p.onboard());
    const madeUp = randomUUID();
    for (const unknown of [madeUp, theirs]) {
      const r = await api(org, 'POST', '', {
        name: 'Budget',
        kind: 'cost_threshold',
        period: 'month',
        threshold: 10,
        channel_ids: [mine, unknown],
      });
      expect(r.status, r.text).toBe(400);
      expect(fields(r)).toEqual(['body.channel_ids']);
      expect(r.body.error.details[0]!.message).toContain(unknown);
      expect(r.body.error.details[0]!.message).not.toContain(mine);
    }
    expect((await api(org, 'GET', '')).body.items).toEqual([]);
    const a = await alert(org, { channel_ids: [mine, mine] });
    expect(a.channel_ids).toEqual([mine]);
    const patched = await api(org, 'PATCH', `/${a.alert_id}`, { channel_ids: [theirs] });
    expect(patched.status).toBe(400);
    expect(fields(patched)).toEqual(['body.channel_ids']);
    expect((await api(org, 'GET', `/${a.alert_id}`)).body.channel_ids).toEqual([mine]);
  });
});

describe('presets', () => {
  it('are listed, and an alert is created from one with what the body adds', async () => {
    const org = await p.onboard();
    const ch = await channel(org);
    const list = await api(org, 'GET', '/presets');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((x) => x.preset);
    expect(ids).toEqual(
      expect.arrayContaining(['monthly-budget', 'daily-spike', 'stale-data', 'pipeline-failures']),
    );
    expect(list.body.items.find((x) => x.preset === 'monthly-budget')).toMatchObject({
      name: 'Monthly budget',
      description: expect.any(String),
      alert: { kind: 'cost_threshold', period: 'month', severity: 'critical' },
    });

    const budget = await api(org, 'POST', '', {
      preset: 'monthly-budget',
      threshold: 5000,
      channel_ids: [ch],
    });
    expect(budget.status, budget.text).toBe(201);
    expect(budget.body).toMatchObject({
      name: 'Monthly budget',
      kind: 'cost_threshold',
      period: 'month',
      threshold: 5000,
      severity: 'critical',
      channel_ids: [ch],
      preset: 'monthly-budget',
      scope: {},
    });
    const genai = await api(org, 'POST', '', {
      preset: 'genai-daily-spend',
      name: 'OpenAI per day',
      threshold: 80,
      scope: { provider: 'openai' },
      channel_ids: [],
    });
    expect(genai.body).toMatchObject({
      name: 'OpenAI per day',
      period: 'day',
      scope: { cost_type: 'genai', provider: 'openai' },
      preset: 'genai-daily-spend',
    });
    const stale = await api(org, 'POST', '', { preset: 'stale-data', channel_ids: [] });
    expect(stale.body).toMatchObject({ kind: 'stale_data', days: 3, period: null, threshold: null });
    // Presets' names are names: the same preset twice needs a name of its own.
    expect((await api(org, 'POST', '', { preset: 'stale-data', channel_ids: [] })).status).toBe(409);
  });
});

describe('PATCH', () => {
  it('merges onto the stored alert and checks the whole; the kind cannot change; null clears', async () => {
    const org = await p.onboard();
    const spike = await alert(org, { kind: 'cost_change', period: 'day', percent: 50, threshold: undefined });
    const id = spike.alert_id;
    const cases: [Record<string, unknown>, string][] = [
      [{ threshold: 5 }, 'body.threshold'],
      [{ percent: null }, 'body.percent'],
      [{ period: null }, 'body.period'],
      [{ percent: -1 }, 'body.percent'],
      [{ days: 3 }, 'body.days'],
      [{ kind: 'forecast' }, 'body'],
      [{}, 'body'],
    ];
    for (const [body, field] of cases) {
      const r = await api(org, 'PATCH', `/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fields(r), JSON.stringify(body)).toContain(field);
    }
    expect((await api(org, 'GET', `/${id}`)).body).toEqual(spike);
    const ok = await api(org, 'PATCH', `/${id}`, {
      period: 'week',
      percent: 30,
      threshold: null,
      enabled: false,
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({
      kind: 'cost_change',
      period: 'week',
      percent: 30,
      threshold: null,
      enabled: false,
    });

    const forecast = await alert(org, { kind: 'forecast', period: undefined, threshold: 900 });
    expect(forecast.period).toBe('month');
    const daily = await api(org, 'PATCH', `/${forecast.alert_id}`, { period: 'day' });
    expect(fields(daily)).toEqual(['body.period']);
    const cleared = await api(org, 'PATCH', `/${forecast.alert_id}`, { period: null, threshold: 1200.25 });
    expect(cleared.body).toMatchObject({ period: 'month', threshold: 1200.25 });

    const failures = await alert(org, { kind: 'pipeline_failure', period: undefined, threshold: undefined });
    const scoped = await api(org, 'PATCH', `/${failures.alert_id}`, { scope: { provider: 'aws' } });
    expect(scoped.body.scope).toEqual({ provider: 'aws' });
    const metric = await api(org, 'PATCH', `/${failures.alert_id}`, { scope: { metric: 'billed' } });
    expect(fields(metric)).toEqual(['body.scope.metric']);
  });
});

describe('bulk', () => {
  it('enables, disables and deletes all of the ids or none', async () => {
    const org = await p.onboard();
    const [a, b, c] = [await alert(org), await alert(org), await alert(org)];
    const foreign = await alert(await p.onboard());
    const enabled = async () =>
      Object.fromEntries((await api(org, 'GET', '')).body.items.map((x) => [x.alert_id, x.enabled]));

    const off = await api(org, 'POST', '/bulk', {
      alert_ids: [a.alert_id, b.alert_id, a.alert_id],
      action: 'disable',
    });
    expect(off.status, off.text).toBe(200);
    expect(off.body).toEqual({ action: 'disable', alert_ids: [a.alert_id, b.alert_id] });
    expect(await enabled()).toEqual({ [a.alert_id]: false, [b.alert_id]: false, [c.alert_id]: true });

    for (const stranger of [foreign.alert_id, randomUUID()]) {
      for (const action of ['enable', 'delete']) {
        const r = await api(org, 'POST', '/bulk', { alert_ids: [a.alert_id, stranger], action });
        expect(r.status).toBe(404);
        expect(r.body.error.message).toContain(stranger);
        expect(r.body.error.message).not.toContain(a.alert_id);
      }
    }
    expect(await enabled()).toEqual({ [a.alert_id]: false, [b.alert_id]: false, [c.alert_id]: true });
    expect((await api(await p.onboard(), 'GET', '')).body.items).toEqual([]);

    const on = await api(org, 'POST', '/bulk', { alert_ids: [b.alert_id], action: 'enable' });
    expect(on.body).toEqual({ action: 'enable', alert_ids: [b.alert_id] });
    expect(await enabled()).toEqual({ [a.alert_id]: false, [b.alert_id]: true, [c.alert_id]: true });

    const gone = await api(org, 'POST', '/bulk', { alert_ids: [a.alert_id, c.alert_id], action: 'delete' });
    expect(gone.body).toEqual({ action: 'delete', alert_ids: [a.alert_id, c.alert_id] });
    expect(await enabled()).toEqual({ [b.alert_id]: true });
    expect((await api(org, 'POST', '/bulk', { alert_ids: [], action: 'delete' })).status).toBe(400);
    expect((await api(org, 'POST', '/bulk', { alert_ids: [b.alert_id], action: 'pause' })).status).toBe(400);
  });
});

describe('routing', () => {
  it('serves the literal paths beside {alert_id}; other methods on them are 405', async () => {
    const org = await p.onboard();
    expect((await api(org, 'GET', '/presets')).status).toBe(200);
    for (const [method, path, allow] of [
      ['PATCH', '/presets', 'GET'],
      ['DELETE', '/presets', 'GET'],
      ['GET', '/bulk', 'POST'],
      ['PATCH', '/evaluate', 'POST'],
    ] as const) {
      const r = await api(org, method, path, method === 'PATCH' ? { name: 'x' } : undefined);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow')).toBe(allow);
    }
    const bad = await api(org, 'GET', '/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['params.alert_id']);
  });
});

describe('tenancy and roles', () => {
  it("another org's alert id is 404 on every alert route and stays as it was", async () => {
    const a = await p.onboard();
    const b = await p.onboard();
    const theirs = await alert(a, { name: 'A budget' });
    const id = theirs.alert_id;
    for (const [method, path, body] of [
      ['GET', `/${id}`],
      ['PATCH', `/${id}`, { name: 'mine now' }],
      ['DELETE', `/${id}`],
      ['POST', `/${id}/pause`],
      ['POST', `/${id}/resume`],
      ['POST', `/${id}/test`],
      ['POST', '/bulk', { alert_ids: [id], action: 'delete' }],
    ] as const) {
      const r = await api(b, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    expect((await api(b, 'GET', '')).body.items).toEqual([]);
    expect((await api(a, 'GET', `/${id}`)).body).toEqual(theirs);
    // A's key on B's path: refused before any read.
    expect((await call('GET', `/api/v1/alerts/${b.org_slug}`, undefined, apiKey(a.api_key))).status).toBe(
      403,
    );
  });

  it('viewers read alerts and presets but cannot write, evaluate or test', async () => {
    const org = await p.onboard();
    const a = await alert(org);
    const email = `viewer-${org.org_slug.replace(/_/g, '-')}@example.test`;
    const add = await p.request(`/api/v1/organizations/${org.org_slug}/members/${email}`, {
      method: 'PUT',
      headers: apiKey(org.api_key),
      json: { role: 'viewer' },
    });
    expect(add.status).toBe(200);
    const viewer = bearer(await signUp(p, email));
    for (const path of ['', '/presets', `/${a.alert_id}`])
      expect((await api(org, 'GET', path, undefined, viewer)).status, path).toBe(200);
    for (const [method, path, body] of [
      ['POST', '', { name: 'V', kind: 'pipeline_failure', channel_ids: [] }],
      ['PATCH', `/${a.alert_id}`, { threshold: 1 }],
      ['DELETE', `/${a.alert_id}`],
      ['POST', `/${a.alert_id}/pause`],
      ['POST', `/${a.alert_id}/resume`],
      ['POST', `/${a.alert_id}/test`],
      ['POST', '/bulk', { alert_ids: [a.alert_id], action: 'disable' }],
      ['POST', '/evaluate'],
    ] as const) {
      const r = await api(org, method, path, body, viewer);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await api(org, 'GET', `/${a.alert_id}`)).body).toEqual(a);
  });
});

describe('channel deletion', () => {
  it("takes the channel out of every alert's and summary's channels in the org", async () => {
    const org = await p.onboard();
    const [gone, kept] = [await channel(org), await channel(org)];
    const both = await alert(org, { channel_ids: [gone, kept] });
    const only = await alert(org, { channel_ids: [gone] });
    const other = await alert(org, { channel_ids: [kept] });
    const db = await p.ctx.db();
    const summaryId = randomUUID();
    await db.query(
      `INSERT INTO notification_summaries (summary_id, org_slug, frequency, channel_ids)
       VALUES ($1, $2, 'daily', $3::uuid[])`,
      [summaryId, org.org_slug, [kept, gone]],
    );
    const del = await call(
      'DELETE',
      `/api/v1/notifications/${org.org_slug}/channels/${gone}`,
      undefined,
      apiKey(org.api_key),
    );
    expect(del.status).toBe(204);
    expect((await api(org, 'GET', `/${both.alert_id}`)).body.channel_ids).toEqual([kept]);
    expect((await api(org, 'GET', `/${only.alert_id}`)).body.channel_ids).toEqual([]);
    expect((await api(org, 'GET', `/${other.alert_id}`)).body).toEqual(other);
    const { rows } = await db.query<{ channel_ids: string[] }>(
      'SELECT channel_ids::text[] AS channel_ids FROM notification_summaries WHERE summary_id = $1',
      [summaryId],
    );
    expect(rows).toEqual([{ channel_ids: [kept] }]);
    // The deleted channel is unknown from now on.
    const r = await api(org, 'PATCH', `/${both.alert_id}`, { channel_ids: [kept, gone] });
    expect(fields(r)).toEqual(['body.channel_ids']);
  });
});
