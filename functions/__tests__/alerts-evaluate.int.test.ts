/**
 * Alert evaluation end to end on the test platform: FOCUS rows in the warehouse, webhook channels to a real local
 * receiver, alerts through the alerts API, `evaluateOrgAlerts` at a fixed instant, the bus drained (the
 * deliver-notification function sends). Each kind fires with the value the API answers for the same scope and
 * period (costs summary, GenAI unpriced usage, freshness), the webhook signature verifies, a second evaluation
 * sends nothing, a paused alert and a disabled channel get nothing, `testAlert` reports and sends a test message
 * and records no firing, and another org's alert is a 404.
 */
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { evaluateOrgAlerts, testAlert } from '../../shared/alerts/evaluate.js';
import { AlertTestResultSchema, EvaluateResultSchema } from '../../shared/contracts/alerts.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { verifyWebhookSignature } from '../../shared/notifications/signature.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { focusFixtureRows, TEST_ENTITIES } from '../../shared/testing/focus-rows.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { ensureLevels } from '../../shared/hierarchy/store.js';
import { apiKey, runPipelineToCompletion } from './helpers.js';
import { useReceiver } from '../../shared/testing/receiver.js';

// A local receiver standing in for webhook endpoints, Slack and Teams (shared/testing/receiver.ts).
const receiver = useReceiver();
const { received, to } = receiver;

let p: TestPlatform;
let fake: FakeProviders;
usePlatform((f) => ({ p, fake } = f), { env: () => ({ ALLOW_LOOPBACK_WEBHOOKS: 'true' }) });

// Thursday 2026-09-17, 08:00 UTC: week Sep 14..17 (previous Sep 7..10), month Sep 1..17 (previous Aug 1..17).
const AS_OF = new Date('2026-09-17T08:00:00Z');
const DAY = '2026-09-17';

async function call(org: Org, method: string, path: string, json?: unknown) {
  const res = await p.request(path, {
    method,
    headers: apiKey(org.api_key),
    ...(json === undefined ? {} : { json }),
  });
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

async function ok(org: Org, method: string, path: string, json?: unknown) {
  const r = await call(org, method, path, json);
  expect(r.status, r.text).toBeLessThan(300);
  return r.body;
}

let hooks = 0;
/** A webhook channel to the receiver; its id, secret and receiver path. */
async function webhook(org: Org, enabled = true) {
  const path = `/hook/${++hooks}`;
  const made = await ok(org, 'POST', `/api/v1/notifications/${org.org_slug}/channels`, {
    name: `hook ${hooks}`,
    type: 'webhook',
    config: { url: `${receiver.base}${path}` },
    enabled,
  });
  return { id: String(made.channel_id), secret: String(made.secret), path };
}

let names = 0;
async function createAlert(org: Org, body: Record<string, unknown>) {
  const made = await ok(org, 'POST', `/api/v1/alerts/${org.org_slug}`, { name: `alert ${++names}`, ...body });
  return String(made.alert_id);
}

/** The costs API's summary for a range and scope: the figure an alert's value must equal. */
async function summary(org: Org, start: string, end: string, scope: Record<string, string> = {}) {
  const q = new URLSearchParams({ start_date: start, end_date: end, ...scope });
  const s = await ok(org, 'GET', `/api/v1/costs/${org.org_slug}/summary?${q}`);
  return s as { total_billed_cost: number; total_effective_cost: number };
}

/** FOCUS rows (fixture generator) written as a pipeline writes them, and the test hierarchy entities. */
async function seedCosts(org: Org) {
  const wh = await p.ctx.warehouse();
  const write = (pipeline: string, start: string, days: number, count: number, seed: number) =>
    wh.replaceSlice(
      `${org.org_slug}_test`,
      costDataStandard13,
      { equals: { x_org_slug: org.org_slug, x_pipeline_id: pipeline, x_credential_id: null } },
      focusFixtureRows(org.org_slug, { start, days, count, seed, pipeline }),
    );
  // August lighter than September, so the month's cost rises like for like.
  await write('fixture/cost/august', '2026-08-01', 31, 300, 7);
  await write('fixture/cost/september', '2026-09-01', 17, 700, 8);
  const db = await p.ctx.db();
  await ensureLevels(db, org.org_slug);
  for (const e of TEST_ENTITIES) {
    const parent = e.path.split('/').slice(-2, -1)[0] || null;
    await db.query(
      `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code, parent_id) VALUES ($1, $2, $3, $4, $5)`,
      [org.org_slug, e.id, e.name, e.level, parent],
    );
  }
}

interface Message {
  event: string;
  alert_id: string;
  value: number;
  threshold?: number;
  period_start: string;
  period_end: string;
  [k: string]: unknown;
}
const bodies = (path: string) => to(path).map((r) => JSON.parse(r.body) as Message);

async function deliveries(org: Org) {
  const { rows } = await (
    await p.ctx.db()
  ).query<{ channel_id: string; alert_id: string; dedupe_key: string; status: string; event: string }>(
    `SELECT channel_id::text AS channel_id, alert_id::text AS alert_id, dedupe_key, status, event
     FROM notification_deliveries WHERE org_slug = $1 ORDER BY dedupe_key, channel_id`,
    [org.org_slug],
  );
  return rows;
}

const pct = (cur: number, prev: number) =>
  new Decimal(cur).minus(prev).div(prev).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();

describe('cost alerts', () => {
  let org: Org;
  let hook: Awaited<ReturnType<typeof webhook>>;
  let off: Awaited<ReturnType<typeof webhook>>;
  const ids = {
    month: '',
    weekAws: '',
    dayHigh: '',
    change: '',
    changeWeek: '',
    forecast: '',
    offOnly: '',
    paused: '',
  };

  beforeAll(async () => {
    org = await p.onboard();
    await seedCosts(org);
    hook = await webhook(org);
    off = await webhook(org, false);
    const ch = [hook.id];
    ids.month = await createAlert(org, {
      kind: 'cost_threshold',
      period: 'month',
      threshold: 1,
      channel_ids: [hook.id, off.id],
      severity: 'critical',
    });
    ids.weekAws = await createAlert(org, {
      kind: 'cost_threshold',
      period: 'week',
      threshold: 1,
      scope: { provider: 'aws', metric: 'effective' },
      channel_ids: ch,
    });
    ids.dayHigh = await createAlert(org, {
      kind: 'cost_threshold',
      period: 'day',
      threshold: 1e12,
      scope: { hierarchy_entity_id: 'DEPT-001' },
      channel_ids: ch,
    });
    ids.change = await createAlert(org, {
      kind: 'cost_change',
      period: 'month',
      percent: 10,
      scope: { cost_type: 'cloud' },
      channel_ids: ch,
    });
    ids.changeWeek = await createAlert(org, {
      kind: 'cost_change',
      period: 'week',
      percent: 5,
      scope: { service_category: 'Compute' },
      channel_ids: ch,
    });
    ids.forecast = await createAlert(org, {
      kind: 'forecast',
      threshold: 10,
      scope: { hierarchy_entity_id: 'PROJ-001' },
      channel_ids: ch,
    });
    ids.offOnly = await createAlert(org, {
      kind: 'cost_threshold',
      period: 'month',
      threshold: 1,
      channel_ids: [off.id],
    });
    ids.paused = await createAlert(org, {
      kind: 'cost_threshold',
      period: 'month',
      threshold: 1,
      channel_ids: ch,
      enabled: false,
    });
  });

  it('fires each kind with the value of the costs API for the same scope and period, and delivers it signed', async () => {
    const month = await summary(org, '2026-09-01', DAY);
    const weekAws = await summary(org, '2026-09-14', DAY, { provider: 'aws' });
    const cloud = await summary(org, '2026-09-01', DAY, { cost_type: 'cloud' });
    const cloudBefore = await summary(org, '2026-08-01', '2026-08-17', { cost_type: 'cloud' });
    const compute = await summary(org, '2026-09-14', DAY, { service_category: 'Compute' });
    const computeBefore = await summary(org, '2026-09-07', '2026-09-10', { service_category: 'Compute' });
    // The forecast is on complete days: Sep 1..16 (the as-of day's data is still arriving).
    const proj = await summary(org, '2026-09-01', '2026-09-16', { hierarchy_entity_id: 'PROJ-001' });
    const change = pct(cloud.total_billed_cost, cloudBefore.total_billed_cost);
    const changeWeek = pct(compute.total_billed_cost, computeBefore.total_billed_cost);
    expect(change).toBeGreaterThan(10); // the seeded September outspends August
    const forecast = new Decimal(proj.total_billed_cost).times(30).div(16).toDecimalPlaces(9).toNumber();

    const result = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF });
    expect(result.evaluated).toBe(7); // not the paused one
    const want = [
      { alert_id: ids.month, period_start: '2026-09-01', value: month.total_billed_cost, threshold: 1 },
      {
        alert_id: ids.weekAws,
        period_start: '2026-09-14',
        value: weekAws.total_effective_cost,
        threshold: 1,
      },
      { alert_id: ids.change, period_start: '2026-09-01', value: change, threshold: 10 },
      ...(changeWeek > 5 && computeBefore.total_billed_cost > 0
        ? [{ alert_id: ids.changeWeek, period_start: '2026-09-14', value: changeWeek, threshold: 5 }]
        : []),
      { alert_id: ids.offOnly, period_start: '2026-09-01', value: month.total_billed_cost, threshold: 1 },
    ]
      .map((f) => ({ ...f, period_end: DAY }))
      .concat([
        {
          alert_id: ids.forecast,
          period_start: '2026-09-01',
          period_end: '2026-09-16',
          value: forecast,
          threshold: 10,
        },
      ]);
    const byId = (a: { alert_id: string }, b: { alert_id: string }) => a.alert_id.localeCompare(b.alert_id);
    expect([...result.fired].sort(byId)).toEqual(want.sort(byId));
    expect(month.total_billed_cost).toBeGreaterThan(0);

    // Claimed once per enabled channel, keyed by the period's kind and start: the disabled channel has no
    // delivery, the paused alert none.
    const periodOf: Record<string, string> = {
      [ids.month]: 'month',
      [ids.weekAws]: 'week',
      [ids.change]: 'month',
      [ids.changeWeek]: 'week',
      [ids.forecast]: 'month',
    };
    const claimed = await deliveries(org);
    expect(claimed.every((d) => d.channel_id === hook.id && d.event === 'alert.fired')).toBe(true);
    expect(claimed.map((d) => d.dedupe_key).sort()).toEqual(
      want
        .filter((f) => f.alert_id !== ids.offOnly)
        .map((f) => `alert:${f.alert_id}:${periodOf[f.alert_id]}:${f.period_start}`)
        .sort(),
    );

    await p.bus.drain();
    const got = bodies(hook.path);
    expect(got).toHaveLength(want.length - 1);
    for (const r of to(hook.path)) {
      const ts = r.headers['x-cloudact-timestamp'] as string;
      expect(
        verifyWebhookSignature(hook.secret, ts, r.body, r.headers['x-cloudact-signature'] as string),
      ).toBe(true);
    }
    const monthMsg = got.find((m) => m.alert_id === ids.month)!;
    expect(monthMsg).toEqual({
      event: 'alert.fired',
      org_slug: org.org_slug,
      alert_id: ids.month,
      alert_name: expect.any(String),
      kind: 'cost_threshold',
      period_start: '2026-09-01',
      period_end: DAY,
      value: month.total_billed_cost,
      threshold: 1,
      unit: 'currency',
      currency: 'USD',
      severity: 'critical',
      sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(to(off.path)).toEqual([]);
    expect((await deliveries(org)).every((d) => d.status === 'delivered')).toBe(true);

    const { rows } = await (
      await p.ctx.db()
    ).query<{ alert_id: string; last_evaluated_at: Date | null; last_fired_at: Date | null }>(
      'SELECT alert_id::text AS alert_id, last_evaluated_at, last_fired_at FROM alerts WHERE org_slug = $1',
      [org.org_slug],
    );
    const at = Object.fromEntries(rows.map((r) => [r.alert_id, r]));
    expect(at[ids.paused]!.last_evaluated_at).toBeNull();
    expect(at[ids.dayHigh]!.last_evaluated_at).not.toBeNull();
    expect(at[ids.dayHigh]!.last_fired_at).toBeNull();
    expect(at[ids.month]!.last_fired_at).not.toBeNull();
  });

  it('a second evaluation (and a later one the same month) fires and sends nothing new', async () => {
    const before = received.length;
    const claims = (await deliveries(org)).length;
    expect((await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF })).fired).toEqual([]);
    const later = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: new Date('2026-09-17T20:00:00Z') });
    expect(later.fired).toEqual([]);
    await p.bus.drain();
    expect(received.length).toBe(before);
    expect((await deliveries(org)).length).toBe(claims);
  });

  it('a period recorded by an evaluation that stopped before its deliveries is delivered by the next one, once', async () => {
    const alertId = await createAlert(org, {
      kind: 'cost_threshold',
      period: 'week',
      threshold: 2,
      channel_ids: [hook.id],
    });
    // As if an evaluation crashed after recording the firing: no delivery claimed.
    await (
      await p.ctx.db()
    ).query(
      `INSERT INTO alert_firings (alert_id, period_key, org_slug, period_start, period_end, value, threshold)
       VALUES ($1, 'week:2026-09-14', $2, '2026-09-14', $3, 123.45, 2)`,
      [alertId, org.org_slug, DAY],
    );
    const before = to(hook.path).length;
    const r = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF });
    expect(r.fired).toEqual([]); // not new
    await p.bus.drain();
    const sent = to(hook.path)
      .slice(before)
      .map((x) => JSON.parse(x.body) as Message);
    expect(sent).toEqual([
      expect.objectContaining({ alert_id: alertId, value: 123.45, threshold: 2, period_start: '2026-09-14' }),
    ]);
    await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF });
    await p.bus.drain();
    expect(to(hook.path).length).toBe(before + 1);
  });

  it('the day alert below its threshold: testAlert reports the API value, sends a test message, fires nothing', async () => {
    const day = await summary(org, DAY, DAY, { hierarchy_entity_id: 'DEPT-001' });
    const before = to(hook.path).length;
    const t = await testAlert(p.ctx, org.org_slug, ids.dayHigh, { asOf: AS_OF });
    expect(t).toMatchObject({
      alert_id: ids.dayHigh,
      period_start: DAY,
      period_end: DAY,
      value: day.total_billed_cost,
      threshold: 1e12,
      would_fire: false,
    });
    expect(t.deliveries).toEqual([
      { channel_id: hook.id, delivery_id: expect.any(String), status: 'delivered', error: null },
    ]);
    const [sent] = to(hook.path)
      .slice(before)
      .map((r) => JSON.parse(r.body) as Message);
    expect(sent).toMatchObject({ event: 'test', alert_id: ids.dayHigh, value: day.total_billed_cost });
    const { rows } = await (
      await p.ctx.db()
    ).query('SELECT 1 FROM alert_firings WHERE alert_id = $1', [ids.dayHigh]);
    expect(rows).toEqual([]);
    // The paused alert can be tested (value, would fire) and still records nothing.
    const paused = await testAlert(p.ctx, org.org_slug, ids.paused, { asOf: AS_OF });
    expect(paused).toMatchObject({
      would_fire: true,
      value: (await summary(org, '2026-09-01', DAY)).total_billed_cost,
    });
    expect(
      (await (await p.ctx.db()).query('SELECT 1 FROM alert_firings WHERE alert_id = $1', [ids.paused])).rows,
    ).toEqual([]);
  });

  it('an alert switched from day to week on a Monday fires for the week (not taken for the day it fired)', async () => {
    const monday = new Date('2026-09-14T08:00:00Z');
    const alertId = await createAlert(org, {
      kind: 'cost_threshold',
      period: 'day',
      threshold: 1,
      channel_ids: [hook.id],
    });
    const mine = (r: { fired: { alert_id: string }[] }) => r.fired.filter((f) => f.alert_id === alertId);
    const asDay = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: monday });
    const day = await summary(org, '2026-09-14', '2026-09-14');
    expect(mine(asDay)).toEqual([
      {
        alert_id: alertId,
        period_start: '2026-09-14',
        period_end: '2026-09-14',
        value: day.total_billed_cost,
        threshold: 1,
      },
    ]);
    await ok(org, 'PATCH', `/api/v1/alerts/${org.org_slug}/${alertId}`, { period: 'week' });
    const asWeek = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: monday });
    expect(mine(asWeek)).toEqual([
      {
        alert_id: alertId,
        period_start: '2026-09-14',
        period_end: '2026-09-14',
        value: day.total_billed_cost,
        threshold: 1,
      },
    ]);
    await p.bus.drain();
    const keys = (await deliveries(org)).filter((d) => d.alert_id === alertId).map((d) => d.dedupe_key);
    expect(keys.sort()).toEqual([`alert:${alertId}:day:2026-09-14`, `alert:${alertId}:week:2026-09-14`]);
    expect(bodies(hook.path).filter((m) => m.alert_id === alertId)).toHaveLength(2);
  });

  it('on the 1st the forecast has no complete day: no value, does not fire', async () => {
    const first = new Date('2026-09-01T08:00:00Z');
    const t = await testAlert(p.ctx, org.org_slug, ids.forecast, { asOf: first });
    expect(t).toMatchObject({ alert_id: ids.forecast, value: null, would_fire: false });
    const low = await createAlert(org, {
      kind: 'forecast',
      threshold: 0.01,
      channel_ids: [hook.id],
    });
    const r = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: first });
    expect(r.fired.filter((f) => f.alert_id === low || f.alert_id === ids.forecast)).toEqual([]);
    // The next day the 1st is complete: the low forecast fires on it.
    const sep1 = await summary(org, '2026-09-01', '2026-09-01');
    const next = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: new Date('2026-09-02T08:00:00Z') });
    expect(next.fired.filter((f) => f.alert_id === low)).toEqual([
      {
        alert_id: low,
        period_start: '2026-09-01',
        period_end: '2026-09-01',
        value: new Decimal(sep1.total_billed_cost).times(30).toDecimalPlaces(9).toNumber(),
        threshold: 0.01,
      },
    ]);
    await p.bus.drain();
  });

  it("another org's alert is a 404, for test and evaluation reads nothing of it", async () => {
    const other = await p.onboard();
    await expect(testAlert(p.ctx, other.org_slug, ids.month)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await evaluateOrgAlerts(p.ctx, other.org_slug, { asOf: AS_OF })).toEqual({
      evaluated: 0,
      fired: [],
    });
    await expect(evaluateOrgAlerts(p.ctx, 'no-such-org-x', { asOf: AS_OF })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});

describe('pipeline, unpriced usage and stale data alerts', () => {
  let org: Org;
  let hook: Awaited<ReturnType<typeof webhook>>;
  const runs = { awsNow: '', gcpYesterday: '', old: '', done: '' };

  /** A finished run row (status FAILED unless said), as the pipeline engine leaves it. */
  async function run(pipeline: string, finishedAt: string, status = 'FAILED') {
    const { rows } = await (
      await p.ctx.db()
    ).query<{ run_id: string }>(
      `INSERT INTO pipeline_runs (run_id, org_slug, pipeline_id, status, trigger, start_date, end_date, error,
         started_at, finished_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'schedule', '2026-09-15', '2026-09-16', 'boom', $4, $4)
       RETURNING run_id::text AS run_id`,
      [org.org_slug, pipeline, status, finishedAt],
    );
    return rows[0]!.run_id;
  }

  beforeAll(async () => {
    org = await p.onboard();
    hook = await webhook(org);
    // GenAI usage of a model no price covers, imported for Sep 12: unpriced, and deepseek's data is through Sep 12.
    fake.setValid('deepseek', ['sk-deepseek-alerts-0001']);
    const cred = await ok(org, 'POST', `/api/v1/integrations/${org.org_slug}/deepseek/setup`, {
      credential: 'sk-deepseek-alerts-0001',
    });
    await ok(org, 'POST', `/api/v1/genai/${org.org_slug}/usage/import`, {
      provider: 'deepseek',
      credential_id: cred.credential_id,
      csv: 'usage_date,model,input_tokens,output_tokens\n2026-09-12,deepseek-mystery-model,1000,200\n2026-09-12,deepseek-chat,1000,200\n',
    });
    await runPipelineToCompletion(p, org, 'deepseek/genai/usage', '2026-09-12', '2026-09-12');
    runs.awsNow = await run('aws/cost/billing', '2026-09-17T07:00:00Z');
    runs.gcpYesterday = await run('gcp/cost/billing', '2026-09-16T09:00:00Z');
    runs.old = await run('aws/cost/billing', '2026-09-14T09:00:00Z');
    runs.done = await run('aws/cost/billing', '2026-09-17T07:30:00Z', 'COMPLETED');
  });

  it('pipeline_failure fires once per failed run: the run named, then the 2-day backstop; scoped by provider', async () => {
    const all = await createAlert(org, { kind: 'pipeline_failure', channel_ids: [hook.id] });
    const gcp = await createAlert(org, {
      kind: 'pipeline_failure',
      scope: { provider: 'gcp' },
      channel_ids: [hook.id],
    });
    const kinds = ['pipeline_failure' as const];
    const named = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF, kinds, runId: runs.awsNow });
    expect(named).toEqual({
      evaluated: 2,
      fired: [
        { alert_id: all, period_start: '2026-09-15', period_end: '2026-09-16', value: 1, threshold: null },
      ],
    });
    const backstop = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF, kinds });
    // The aws run fired already; the old one finished more than 2 days ago; the completed one is no failure.
    expect(backstop.fired.map((f) => f.alert_id).sort()).toEqual([all, gcp].sort());
    const { rows } = await (
      await p.ctx.db()
    ).query<{ alert_id: string; period_key: string }>(
      'SELECT alert_id::text AS alert_id, period_key FROM alert_firings WHERE org_slug = $1',
      [org.org_slug],
    );
    const awsAt = `${runs.awsNow}:2026-09-17T07:00:00.000Z`;
    const gcpAt = `${runs.gcpYesterday}:2026-09-16T09:00:00.000Z`;
    expect(rows.map((r) => `${r.alert_id}:${r.period_key}`).sort()).toEqual(
      [`${all}:${awsAt}`, `${all}:${gcpAt}`, `${gcp}:${gcpAt}`].sort(),
    );
    await p.bus.drain();
    expect(bodies(hook.path).filter((m) => m.kind === 'pipeline_failure')).toHaveLength(3);
    expect((await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF, kinds })).fired).toEqual([]);

    // The aws run retried and failing again (same run id, a later finish): it alerts again, once.
    await (
      await p.ctx.db()
    ).query(`UPDATE pipeline_runs SET finished_at = '2026-09-17T07:45:00Z' WHERE run_id = $1`, [runs.awsNow]);
    const retried = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF, kinds, runId: runs.awsNow });
    expect(retried.fired).toEqual([
      { alert_id: all, period_start: '2026-09-15', period_end: '2026-09-16', value: 1, threshold: null },
    ]);
    expect((await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF, kinds })).fired).toEqual([]);
    await p.bus.drain();
    expect(bodies(hook.path).filter((m) => m.kind === 'pipeline_failure')).toHaveLength(4);
  });

  it('unpriced_usage (once for the same unpriced usage) and stale_data (once a day) fire with the values the GenAI and freshness APIs give', async () => {
    const unpriced = await ok(
      org,
      'GET',
      `/api/v1/genai/${org.org_slug}/usage/unpriced?start_date=2026-09-11&end_date=${DAY}`,
    );
    const groups = (unpriced.items as unknown[]).length;
    expect(groups).toBeGreaterThan(0);
    const fresh = (await ok(org, 'GET', `/api/v1/costs/${org.org_slug}/freshness`)).items as {
      provider: string;
      data_through: string | null;
    }[];
    expect(fresh.find((f) => f.provider === 'deepseek')!.data_through).toBe('2026-09-12');

    const u = await createAlert(org, { kind: 'unpriced_usage', channel_ids: [hook.id] });
    const uOther = await createAlert(org, {
      kind: 'unpriced_usage',
      scope: { provider: 'openai' },
      channel_ids: [hook.id],
    });
    const stale = await createAlert(org, { kind: 'stale_data', days: 4, channel_ids: [hook.id] });
    const notStale = await createAlert(org, { kind: 'stale_data', days: 5, channel_ids: [hook.id] });
    const kinds = ['unpriced_usage' as const, 'stale_data' as const];
    const r = await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF, kinds });
    expect(r.evaluated).toBe(4);
    const byId = (a: { alert_id: string }, b: { alert_id: string }) => a.alert_id.localeCompare(b.alert_id);
    expect([...r.fired].sort(byId)).toEqual(
      [
        { alert_id: u, period_start: '2026-09-11', period_end: DAY, value: groups, threshold: null },
        { alert_id: stale, period_start: '2026-09-12', period_end: DAY, value: 5, threshold: 4 },
      ].sort(byId),
    );
    expect(r.fired.some((f) => f.alert_id === uOther || f.alert_id === notStale)).toBe(false);
    // Again the same day: nothing; the next day: stale data once more, the same unpriced usage not again.
    expect((await evaluateOrgAlerts(p.ctx, org.org_slug, { asOf: AS_OF, kinds })).fired).toEqual([]);
    const next = await evaluateOrgAlerts(p.ctx, org.org_slug, {
      asOf: new Date('2026-09-18T08:00:00Z'),
      kinds,
    });
    expect(next.fired.map((f) => [f.alert_id, f.value]).sort()).toEqual(
      [
        [stale, 6],
        [notStale, 6],
      ].sort(),
    );
    const { rows } = await (
      await p.ctx.db()
    ).query<{ period_key: string }>('SELECT period_key FROM alert_firings WHERE alert_id = $1', [u]);
    expect(rows.map((r) => r.period_key)).toEqual([expect.stringMatching(/^unpriced:[0-9a-f]{64}$/)]);
    await p.bus.drain();
    const sent = bodies(hook.path).filter((m) => m.kind === 'stale_data');
    expect(sent.map((m) => m.period_end).sort()).toEqual(['2026-09-17', '2026-09-18', '2026-09-18']);

    // A new unpriced model of the same provider appears (Sep 13): the set changed, so it fires once more.
    await ok(org, 'POST', `/api/v1/genai/${org.org_slug}/usage/import`, {
      provider: 'deepseek',
      credential_id: (
        (await ok(org, 'GET', `/api/v1/integrations/${org.org_slug}`)).items as {
          provider: string;
          credential_id: string;
        }[]
      ).find((c) => c.provider === 'deepseek')!.credential_id,
      csv: 'usage_date,model,input_tokens,output_tokens\n2026-09-13,deepseek-other-mystery,500,100\n',
    });
    await runPipelineToCompletion(p, org, 'deepseek/genai/usage', '2026-09-13', '2026-09-13');
    const asOf18 = { asOf: new Date('2026-09-18T09:00:00Z'), kinds: ['unpriced_usage' as const] };
    const grown = await evaluateOrgAlerts(p.ctx, org.org_slug, asOf18);
    const now = await ok(
      org,
      'GET',
      `/api/v1/genai/${org.org_slug}/usage/unpriced?start_date=2026-09-12&end_date=2026-09-18`,
    );
    expect((now.items as unknown[]).length).toBeGreaterThan(groups);
    expect(grown.fired.map((f) => [f.alert_id, f.value])).toEqual([[u, (now.items as unknown[]).length]]);
    expect((await evaluateOrgAlerts(p.ctx, org.org_slug, asOf18)).fired).toEqual([]);
  });
});

describe('through the alerts API', () => {
  it('POST …/evaluate and …/{id}/test answer their contracts; another org gets 404', async () => {
    const org = await p.onboard();
    const hook = await webhook(org);
    const id = await createAlert(org, { kind: 'stale_data', days: 3, channel_ids: [hook.id] });
    const evaluated = await ok(org, 'POST', `/api/v1/alerts/${org.org_slug}/evaluate`);
    expect(EvaluateResultSchema.parse(evaluated)).toEqual({ evaluated: 1, fired: [] });
    const before = to(hook.path).length;
    const tested = AlertTestResultSchema.parse(
      await ok(org, 'POST', `/api/v1/alerts/${org.org_slug}/${id}/test`),
    );
    expect(tested).toMatchObject({ alert_id: id, value: null, threshold: 3, would_fire: false });
    expect(tested.deliveries).toEqual([
      { channel_id: hook.id, delivery_id: expect.any(String), status: 'delivered', error: null },
    ]);
    expect(
      to(hook.path)
        .slice(before)
        .map((r) => (JSON.parse(r.body) as Message).event),
    ).toEqual(['test']);
    const other = await p.onboard();
    expect((await call(other, 'POST', `/api/v1/alerts/${other.org_slug}/${id}/test`)).status).toBe(404);
  });
});
