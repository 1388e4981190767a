/**
 * Scheduled cost summaries: CRUD with its validation and tenancy, the digest's figures against the costs API for
 * the same dates (FOCUS data from the sample pipeline), send-summaries claiming one delivery per channel and period
 * (a second message for the period claims nothing new), the summary jobs, and a summary delivered end to end to a
 * local webhook receiver, signed, with the digest.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { SEND_SUMMARIES_TOPIC } from '../../shared/contracts/notifications.js';
import { jobTopic } from '../../shared/events/factory.js';
import { computeDigest } from '../../shared/notifications/digest.js';
import { NotificationMessageSchema } from '../../shared/notifications/message.js';
import { verifyWebhookSignature } from '../../shared/notifications/signature.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { ensureLevels } from '../../shared/hierarchy/store.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { focusFixtureRows, TEST_ENTITIES } from '../../shared/testing/focus-rows.js';
import { usePlatform } from '../../shared/testing/platform.js';
import { jobEntries } from '../registry.js';
import { apiKey, bearer, runPipelineToCompletion, signUp, type Org } from '../__tests__/helpers.js';
import { useReceiver } from '../../shared/testing/receiver.js';

// A local receiver standing in for webhook endpoints, Slack and Teams (shared/testing/receiver.ts).
const receiver = useReceiver();
const { to } = receiver;

let p: TestPlatform;
let fake: FakeProviders;
usePlatform((f) => ({ p, fake } = f), {
  env: () => ({ ALLOW_LOOPBACK_WEBHOOKS: 'true', LOG_LEVEL: 'error' }),
});

type Body = Record<string, unknown> & {
  summary_id: string;
  channel_id: string;
  channel_ids: string[];
  secret?: string;
  items: Record<string, unknown>[];
  error: { code: string; details: { field: string; message: string }[] };
};

async function api(
  org: Org,
  method: string,
  path: string,
  json?: unknown,
  headers: Record<string, string> = apiKey(org.api_key),
) {
  const res = await p.request(`/api/v1/notifications/${org.org_slug}${path}`, {
    method,
    headers,
    ...(json === undefined ? {} : { json }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Body };
}

const fields = (r: { body: Body }) => r.body.error.details.map((d) => d.field);
let hooks = 0;
const hookPath = () => `/hook/${++hooks}/${randomUUID()}`;

/** A webhook channel to the local receiver: its id, path and signing secret. */
async function webhook(org: Org, enabled = true) {
  const path = hookPath();
  const r = await api(org, 'POST', '/channels', {
    name: `hook ${hooks}`,
    type: 'webhook',
    config: { url: `${receiver.base}${path}` },
    enabled,
  });
  expect(r.status).toBe(201);
  return { id: r.body.channel_id, path, secret: r.body.secret! };
}

async function slack(org: Org) {
  const path = hookPath();
  const r = await api(org, 'POST', '/channels', {
    name: `slack ${hooks}`,
    type: 'slack',
    config: { webhook_url: `${receiver.base}${path}` },
  });
  expect(r.status).toBe(201);
  return { id: r.body.channel_id, path };
}

const deliveriesOf = async (org: Org) =>
  (
    await (
      await p.ctx.db()
    ).query<{ channel_id: string; summary_id: string; dedupe_key: string; status: string; event: string }>(
      `SELECT channel_id::text AS channel_id, summary_id::text AS summary_id, dedupe_key, status, event
       FROM notification_deliveries WHERE org_slug = $1 AND event = 'summary' ORDER BY dedupe_key, channel_id`,
      [org.org_slug],
    )
  ).rows;

describe('summaries CRUD', () => {
  it('creates, lists, changes and deletes a summary; channels must be the org’s own', async () => {
    const org = await p.onboard();
    const other = await p.onboard();
    const a = await webhook(org);
    const b = await webhook(org);
    const theirs = await webhook(other);

    const made = await api(org, 'POST', '/summaries', { frequency: 'weekly', channel_ids: [a.id] });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      summary_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      frequency: 'weekly',
      channel_ids: [a.id],
      enabled: true,
      last_sent_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const id = made.body.summary_id;
    expect((await api(org, 'GET', '/summaries')).body.items).toEqual([made.body]);

    const changed = await api(org, 'PATCH', `/summaries/${id}`, {
      frequency: 'daily',
      channel_ids: [b.id, a.id, b.id],
      enabled: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ frequency: 'daily', channel_ids: [b.id, a.id], enabled: false });

    // A deleted channel is no longer listed.
    expect((await api(org, 'DELETE', `/channels/${b.id}`)).status).toBe(204);
    expect((await api(org, 'GET', '/summaries')).body.items[0]!.channel_ids).toEqual([a.id]);

    // Unknown channels, another org's channel: 400 naming body.channel_ids, with the ids.
    for (const ids of [[randomUUID()], [a.id, theirs.id], [b.id]]) {
      const bad = await api(org, 'POST', '/summaries', { frequency: 'daily', channel_ids: ids });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['body.channel_ids']);
      expect(bad.body.error.details[0]!.message).toContain(ids.at(-1));
      const badPatch = await api(org, 'PATCH', `/summaries/${id}`, { channel_ids: ids });
      expect(badPatch.status).toBe(400);
      expect(fields(badPatch)).toEqual(['body.channel_ids']);
    }
    for (const [body, field] of [
      [{ frequency: 'hourly', channel_ids: [a.id] }, 'body.frequency'],
      [{ frequency: 'daily', channel_ids: [] }, 'body.channel_ids'],
      [{ frequency: 'daily', channel_ids: ['nope'] }, 'body.channel_ids.0'],
      [{ frequency: 'daily' }, 'body.channel_ids'],
    ] as const) {
      const bad = await api(org, 'POST', '/summaries', body);
      expect(bad.status).toBe(400);
      expect(fields(bad)).toContain(field);
    }
    expect((await api(org, 'PATCH', `/summaries/${id}`, {})).status).toBe(400);
    // Nothing was changed by the refused writes.
    expect((await api(org, 'GET', '/summaries')).body.items).toHaveLength(1);

    expect((await api(org, 'DELETE', `/summaries/${id}`)).status).toBe(204);
    expect((await api(org, 'DELETE', `/summaries/${id}`)).status).toBe(404);
    expect((await api(org, 'GET', '/summaries')).body.items).toEqual([]);
  });

  it("another org's summary id is a 404 on its own routes; another org's key is refused", async () => {
    const a = await p.onboard();
    const b = await p.onboard();
    const theirs = await api(b, 'POST', '/summaries', {
      frequency: 'monthly',
      channel_ids: [(await webhook(b)).id],
    });
    const id = theirs.body.summary_id;
    expect((await api(a, 'PATCH', `/summaries/${id}`, { enabled: false })).status).toBe(404);
    expect((await api(a, 'DELETE', `/summaries/${id}`)).status).toBe(404);
    expect((await api(a, 'GET', '/summaries')).body.items).toEqual([]);
    const cross = await p.request(`/api/v1/notifications/${b.org_slug}/summaries`, {
      headers: apiKey(a.api_key),
    });
    expect(cross.status).toBe(403);
    // Untouched.
    expect((await api(b, 'GET', '/summaries')).body.items).toEqual([theirs.body]);
  });

  it('viewers read summaries but cannot write them', async () => {
    const org = await p.onboard();
    const channel = await webhook(org);
    const made = await api(org, 'POST', '/summaries', { frequency: 'daily', channel_ids: [channel.id] });
    const email = `viewer-${org.org_slug.replace(/_/g, '-')}@example.test`;
    const add = await p.request(`/api/v1/organizations/${org.org_slug}/members/${email}`, {
      method: 'PUT',
      headers: apiKey(org.api_key),
      json: { role: 'viewer' },
    });
    expect(add.status).toBeLessThan(300);
    const viewer = bearer(await signUp(p, email));
    expect((await api(org, 'GET', '/summaries', undefined, viewer)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/summaries', { frequency: 'daily', channel_ids: [channel.id] }],
      ['PATCH', `/summaries/${made.body.summary_id}`, { enabled: false }],
      ['DELETE', `/summaries/${made.body.summary_id}`, undefined],
    ] as const) {
      expect((await api(org, method, path, body, viewer)).status).toBe(403);
    }
    expect((await api(org, 'GET', '/summaries')).body.items).toEqual([made.body]);
  });
});

describe('the digest and sending it', () => {
  let org: Org;
  beforeAll(async () => {
    org = await p.onboard();
    // Six weeks of sample FOCUS data (cloud and GenAI of several providers): October 25 to December 6.
    await runPipelineToCompletion(p, org, 'sample/demo/costs', '2026-10-25', '2026-12-06');
  }, 120_000);

  async function costs(view: string, start: string, end: string) {
    const res = await p.request(`/api/v1/costs/${org.org_slug}/${view}?start_date=${start}&end_date=${end}`, {
      headers: apiKey(org.api_key),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown> & {
      total_billed_cost: number;
      total_effective_cost: number;
      by_cost_type: Record<string, number>;
      items: { provider: string; provider_name?: string | null; billed_cost: number }[];
    };
  }

  it.each([
    ['daily', '2026-12-07T07:00:00Z', '2026-12-06', '2026-12-06', '2026-12-05', '2026-12-05'],
    ['weekly', '2026-12-07T07:00:00Z', '2026-11-30', '2026-12-06', '2026-11-23', '2026-11-29'],
    ['monthly', '2026-12-01T07:00:00Z', '2026-11-01', '2026-11-30', '2026-10-01', '2026-10-31'],
  ] as const)(
    '%s: totals equal the costs API for the period and the one before',
    async (f, asOf, s, e, ps, pe) => {
      const d = await computeDigest(p.ctx, org.org_slug, f, new Date(asOf));
      expect(d).toMatchObject({ period_start: s, period_end: e, previous_start: ps, previous_end: pe });
      const now = await costs('summary', s, e);
      const before = await costs('summary', ps, pe);
      expect(now.total_billed_cost).toBeGreaterThan(0);
      expect(before.total_billed_cost).toBeGreaterThan(0);
      expect(d.currency).toBe(now.currency);
      expect(d.total_billed_cost).toBe(now.total_billed_cost);
      expect(d.total_effective_cost).toBe(now.total_effective_cost);
      expect(d.previous_billed_cost).toBe(before.total_billed_cost);
      expect(d.previous_effective_cost).toBe(before.total_effective_cost);
      for (const [type, billed] of Object.entries(now.by_cost_type)) {
        expect(d.by_cost_type[type]!.billed_cost).toBe(billed);
        expect(d.by_cost_type[type]!.previous_billed_cost).toBe(before.by_cost_type[type]);
      }
      // The change, to the cent of the API's figures.
      expect(d.billed_change.amount).toBeCloseTo(now.total_billed_cost - before.total_billed_cost, 6);
      expect(d.billed_change.percent).toBeCloseTo(
        ((now.total_billed_cost - before.total_billed_cost) / before.total_billed_cost) * 100,
        1,
      );

      // Provider movers: each one's figures are the provider's billed cost in the by-provider view, largest change first.
      const names = new Map<string, string>();
      const perProvider = async (start: string, end: string) => {
        const m = new Map<string, number>();
        for (const i of (await costs('by-provider', start, end)).items) {
          m.set(i.provider, (m.get(i.provider) ?? 0) + i.billed_cost);
          if (i.provider_name) names.set(i.provider, i.provider_name);
        }
        return m;
      };
      const [cur, prev] = [await perProvider(s, e), await perProvider(ps, pe)];
      const movers = d.top_movers.provider;
      expect(movers.length).toBeGreaterThan(0);
      expect(movers.length).toBeLessThanOrEqual(5);
      for (const m of movers) {
        expect(m.current).toBeCloseTo(cur.get(m.key!) ?? 0, 6);
        expect(m.previous).toBeCloseTo(prev.get(m.key!) ?? 0, 6);
        expect(m.change.amount).toBeCloseTo(m.current - m.previous, 6);
        // Named as the by-provider view names the provider (its display name, not its id).
        expect(m.name).toBe(names.get(m.key!));
      }
      const sizes = movers.map((m) => Math.abs(m.change.amount));
      expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
      expect(d.top_movers.service.length).toBeGreaterThan(0);
      expect(d.top_movers.hierarchy.map((m) => m.name)).toEqual(['Unallocated']);
    },
  );

  it('a period without cost before it has a null percent; failed runs of the period are counted', async () => {
    const db = await p.ctx.db();
    const run = randomUUID();
    await db.query(
      `INSERT INTO pipeline_runs (run_id, org_slug, pipeline_id, status, trigger, start_date, end_date, error,
         created_at, finished_at)
       VALUES ($1, $2, 'sample/demo/costs', 'FAILED', 'manual', '2026-10-24', '2026-10-24', 'boom <b>', $3, $3),
              ($4, $2, 'sample/demo/costs', 'FAILED', 'manual', '2026-10-24', '2026-10-24', 'earlier', $5, $5)`,
      [run, org.org_slug, '2026-10-25T10:00:00Z', randomUUID(), '2026-10-24T23:59:59Z'],
    );
    const d = await computeDigest(p.ctx, org.org_slug, 'daily', new Date('2026-10-26T07:00:00Z'));
    expect(d.previous_billed_cost).toBe(0);
    expect(d.billed_change).toEqual({ amount: d.total_billed_cost, percent: null });
    expect(d.failed_runs).toEqual({
      count: 1,
      items: [
        {
          run_id: run,
          pipeline_id: 'sample/demo/costs',
          error: 'boom <b>',
          finished_at: '2026-10-25T10:00:00.000Z',
        },
      ],
    });
    expect(d.unpriced_usage).toEqual({ count: 0, items: [] });
  });

  it('send-summaries: one delivery per enabled channel of each enabled summary, once per period', async () => {
    const hook = await webhook(org);
    const chat = await slack(org);
    const off = await webhook(org, false);
    const weekly = await api(org, 'POST', '/summaries', {
      frequency: 'weekly',
      channel_ids: [hook.id, chat.id, off.id],
    });
    const alsoWeekly = await api(org, 'POST', '/summaries', { frequency: 'weekly', channel_ids: [hook.id] });
    await api(org, 'POST', '/summaries', { frequency: 'weekly', channel_ids: [chat.id], enabled: false });
    await api(org, 'POST', '/summaries', { frequency: 'daily', channel_ids: [chat.id] });

    const message = { org_slug: org.org_slug, frequency: 'weekly', as_of: '2026-12-07T07:00:00.000Z' };
    await p.bus.publish(SEND_SUMMARIES_TOPIC, message);
    await p.bus.drain();
    const first = await deliveriesOf(org);
    const key = (s: string) => `summary:${s}:weekly:2026-11-30`;
    expect(
      first.map(({ channel_id, summary_id, dedupe_key }) => ({ channel_id, summary_id, dedupe_key })),
    ).toEqual(
      [
        { summary_id: weekly.body.summary_id, channel_id: hook.id, dedupe_key: key(weekly.body.summary_id) },
        { summary_id: weekly.body.summary_id, channel_id: chat.id, dedupe_key: key(weekly.body.summary_id) },
        {
          summary_id: alsoWeekly.body.summary_id,
          channel_id: hook.id,
          dedupe_key: key(alsoWeekly.body.summary_id),
        },
      ].sort((x, y) => x.dedupe_key.localeCompare(y.dedupe_key) || x.channel_id.localeCompare(y.channel_id)),
    );
    const listed = (await api(org, 'GET', '/summaries')).body.items as {
      summary_id: string;
      last_sent_at: string;
    }[];
    const sentAt = Object.fromEntries(listed.map((s) => [s.summary_id, s.last_sent_at]));
    expect(sentAt[weekly.body.summary_id]).not.toBeNull();
    expect(sentAt[alsoWeekly.body.summary_id]).not.toBeNull();
    expect(listed.filter((s) => s.last_sent_at !== null)).toHaveLength(2);

    // Delivered: the Slack channel got Block Kit with the summary's header.
    const [toSlack] = to(chat.path);
    const blocks = (JSON.parse(toSlack!.body) as { blocks: { type: string; text?: { text: string } }[] })
      .blocks;
    expect(blocks[0]).toMatchObject({
      type: 'header',
      text: { text: `CloudAct weekly cost summary for ${org.org_slug}: 2026-11-30 to 2026-12-06` },
    });
    expect(to(hook.path)).toHaveLength(2);

    // The same period again (a duplicate message, or the job firing later in the same week): nothing new.
    await p.bus.publish(SEND_SUMMARIES_TOPIC, message);
    await p.bus.publish(SEND_SUMMARIES_TOPIC, { ...message, as_of: '2026-12-10T12:00:00.000Z' });
    await p.bus.drain();
    expect((await deliveriesOf(org)).map((r) => r.dedupe_key)).toEqual(first.map((r) => r.dedupe_key));
    // The next week is a new period.
    await p.bus.publish(SEND_SUMMARIES_TOPIC, { ...message, as_of: '2026-12-14T07:00:00.000Z' });
    await p.bus.drain();
    const after = await deliveriesOf(org);
    expect(after).toHaveLength(6);
    expect(after.filter((r) => r.dedupe_key.endsWith(':2026-12-07'))).toHaveLength(3);
    expect(to(off.path)).toEqual([]);
    expect(to(chat.path)).toHaveLength(2);
  });

  it('a summary switched from daily to weekly sends the week that starts on a day it sent', async () => {
    const hook = await webhook(org);
    const made = await api(org, 'POST', '/summaries', { frequency: 'daily', channel_ids: [hook.id] });
    const id = made.body.summary_id;
    // Tuesday Dec 1: the daily digest of Monday Nov 30.
    await p.bus.publish(SEND_SUMMARIES_TOPIC, {
      org_slug: org.org_slug,
      frequency: 'daily',
      as_of: '2026-12-01T07:00:00.000Z',
    });
    await p.bus.drain();
    expect((await api(org, 'PATCH', `/summaries/${id}`, { frequency: 'weekly' })).status).toBe(200);
    // Monday Dec 7: the weekly digest of Nov 30..Dec 6, which starts on the day already sent.
    await p.bus.publish(SEND_SUMMARIES_TOPIC, {
      org_slug: org.org_slug,
      frequency: 'weekly',
      as_of: '2026-12-07T07:00:00.000Z',
    });
    await p.bus.drain();
    const mine = (await deliveriesOf(org)).filter((d) => d.summary_id === id);
    expect(mine.map((d) => [d.dedupe_key, d.status])).toEqual([
      [`summary:${id}:daily:2026-11-30`, 'delivered'],
      [`summary:${id}:weekly:2026-11-30`, 'delivered'],
    ]);
    const bodies = to(hook.path).map((h) => JSON.parse(h.body) as { summary: { frequency: string } });
    expect(bodies.map((b) => b.summary.frequency)).toEqual(['daily', 'weekly']);
  });

  it('end to end: a summary reaches a webhook receiver once, signed, with the digest', async () => {
    const hook = await webhook(org);
    const made = await api(org, 'POST', '/summaries', { frequency: 'daily', channel_ids: [hook.id] });
    const message = { org_slug: org.org_slug, frequency: 'daily', as_of: '2026-12-07T07:00:00.000Z' };
    await p.bus.publish(SEND_SUMMARIES_TOPIC, message);
    await p.bus.drain();
    await p.bus.publish(SEND_SUMMARIES_TOPIC, message);
    await p.bus.drain();
    const hits = to(hook.path);
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    const timestamp = hit.headers['x-cloudact-timestamp'] as string;
    const signature = hit.headers['x-cloudact-signature'] as string;
    expect(verifyWebhookSignature(hook.secret, timestamp, hit.body, signature)).toBe(true);
    expect(hit.headers['x-cloudact-event']).toBe('summary');
    const body = JSON.parse(hit.body) as Record<string, unknown>;
    const digest = await computeDigest(p.ctx, org.org_slug, 'daily', new Date(message.as_of));
    expect(body).toEqual({
      event: 'summary',
      org_slug: org.org_slug,
      period_start: '2026-12-06',
      period_end: '2026-12-06',
      value: digest.total_billed_cost,
      currency: digest.currency,
      sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      summary: digest,
    });
    expect(NotificationMessageSchema.parse(body)).toEqual(body);
    const daily = await costs('summary', '2026-12-06', '2026-12-06');
    expect((body.summary as { total_billed_cost: number }).total_billed_cost).toBe(daily.total_billed_cost);

    const history = await api(org, 'GET', `/history?channel_id=${hook.id}`);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        channel_id: hook.id,
        event: 'summary',
        summary_id: made.body.summary_id,
        alert_id: null,
        status: 'delivered',
        attempts: 1,
        http_status: 200,
        payload: body,
      }),
    ]);
  });

  it('the summary jobs run at 07:00 UTC (daily, Mondays, the 1st) and publish one message per org with one', async () => {
    expect(
      Object.fromEntries(
        jobEntries.filter((j) => j.name.startsWith('summaries-')).map((j) => [j.name, j.schedule]),
      ),
    ).toEqual({
      'summaries-daily': '0 7 * * *',
      'summaries-weekly': '0 7 * * 1',
      'summaries-monthly': '0 7 1 * *',
    });
    const monthly = await p.onboard();
    const hook = await webhook(monthly);
    const made = await api(monthly, 'POST', '/summaries', { frequency: 'monthly', channel_ids: [hook.id] });
    const without = await p.onboard();
    await webhook(without);
    await p.bus.publish(jobTopic('summaries-monthly'), {
      job: 'summaries-monthly',
      scheduled_at: '2026-12-01T07:00:00.000Z',
    });
    await p.bus.drain();
    expect((await deliveriesOf(monthly)).map((r) => r.dedupe_key)).toEqual([
      `summary:${made.body.summary_id}:monthly:2026-11-01`,
    ]);
    expect(await deliveriesOf(without)).toEqual([]);
  });
});

describe('a digest of seeded FOCUS rows (hierarchy entities, two currencies) and unpriced GenAI usage', () => {
  let org: Org;
  beforeAll(async () => {
    org = await p.onboard();
    const wh = await p.ctx.warehouse();
    const write = (pipeline: string, start: string, days: number, count: number, seed: number) =>
      wh.replaceSlice(
        `${org.org_slug}_test`,
        costDataStandard13,
        { equals: { x_org_slug: org.org_slug, x_pipeline_id: pipeline, x_credential_id: null } },
        focusFixtureRows(org.org_slug, { start, days, count, seed, pipeline }),
      );
    // The previous week lighter than the last one, spread differently over entities and services.
    await write('fixture/cost/before', '2026-11-23', 7, 300, 3);
    await write('fixture/cost/last', '2026-11-30', 7, 500, 4);
    const db = await p.ctx.db();
    await ensureLevels(db, org.org_slug);
    for (const e of TEST_ENTITIES) {
      const parent = e.path.split('/').slice(-2, -1)[0] || null;
      await db.query(
        `INSERT INTO hierarchy_entities (org_slug, entity_id, name, level_code, parent_id) VALUES ($1, $2, $3, $4, $5)`,
        [org.org_slug, e.id, e.name, e.level, parent],
      );
    }
    // GenAI usage of a model no price covers, on Dec 3: unpriced in the week.
    fake.setValid('deepseek', ['sk-deepseek-summaries-0001']);
    const setup = await p.request(`/api/v1/integrations/${org.org_slug}/deepseek/setup`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: { credential: 'sk-deepseek-summaries-0001' },
    });
    expect(setup.status).toBe(201);
    const { credential_id } = (await setup.json()) as { credential_id: string };
    const imported = await p.request(`/api/v1/genai/${org.org_slug}/usage/import`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: {
        provider: 'deepseek',
        credential_id,
        csv: 'usage_date,model,input_tokens,output_tokens\n2026-12-03,deepseek-mystery-model,1000,200\n',
      },
    });
    expect(imported.status).toBeLessThan(300);
    await runPipelineToCompletion(p, org, 'deepseek/genai/usage', '2026-12-03', '2026-12-03');
  }, 120_000);

  async function read(path: string) {
    const res = await p.request(path, { headers: apiKey(org.api_key) });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown> & { items: Record<string, unknown>[] };
  }
  const range = (s: string, e: string) => `start_date=${s}&end_date=${e}`;

  it('totals, hierarchy and service movers equal the costs API; unpriced usage equals the GenAI API', async () => {
    const d = await computeDigest(p.ctx, org.org_slug, 'weekly', new Date('2026-12-07T07:00:00Z'));
    const now = await read(`/api/v1/costs/${org.org_slug}/summary?${range('2026-11-30', '2026-12-06')}`);
    const before = await read(`/api/v1/costs/${org.org_slug}/summary?${range('2026-11-23', '2026-11-29')}`);
    expect(now.other_currency_records).toBeGreaterThan(0);
    expect(d.total_billed_cost).toBe(now.total_billed_cost);
    expect(d.total_effective_cost).toBe(now.total_effective_cost);
    expect(d.previous_billed_cost).toBe(before.total_billed_cost);

    const billedBy = async (
      view: string,
      key: (i: Record<string, unknown>) => string | null,
      s: string,
      e: string,
    ) => {
      const m = new Map<string | null, number>();
      for (const i of (await read(`/api/v1/costs/${org.org_slug}/${view}?${range(s, e)}`)).items)
        m.set(key(i), (m.get(key(i)) ?? 0) + (i.billed_cost as number));
      return m;
    };
    const checks = [
      ['hierarchy', 'by-hierarchy', (i: Record<string, unknown>) => i.entity_id as string | null],
      [
        'service',
        'by-service',
        (i: Record<string, unknown>) => `${String(i.provider)}/${String(i.service_name)}`,
      ],
    ] as const;
    for (const [list, view, key] of checks) {
      const cur = await billedBy(view, key, '2026-11-30', '2026-12-06');
      const prev = await billedBy(view, key, '2026-11-23', '2026-11-29');
      const all = [...new Set([...cur.keys(), ...prev.keys()])]
        .map((k) => ({ k, change: (cur.get(k) ?? 0) - (prev.get(k) ?? 0) }))
        .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
      const movers = d.top_movers[list];
      expect(movers).toHaveLength(Math.min(5, all.length));
      expect(movers.map((m) => m.key)).toEqual(all.slice(0, 5).map((x) => x.k));
      for (const m of movers) {
        expect(m.current).toBeCloseTo(cur.get(m.key) ?? 0, 6);
        expect(m.previous).toBeCloseTo(prev.get(m.key) ?? 0, 6);
      }
    }
    const names = new Map<string | null, string>([
      [null, 'Unallocated'],
      ...TEST_ENTITIES.map((e) => [e.id, e.name] as [string, string]),
    ]);
    for (const m of d.top_movers.hierarchy) expect(m.name).toBe(names.get(m.key));

    const unpriced = await read(
      `/api/v1/genai/${org.org_slug}/usage/unpriced?${range('2026-11-30', '2026-12-06')}`,
    );
    expect(unpriced.items.length).toBeGreaterThan(0);
    expect(d.unpriced_usage.count).toBe(unpriced.items.length);
    expect(d.unpriced_usage.items).toEqual(
      unpriced.items.map((u) => ({
        provider: u.provider,
        model: u.model,
        token_type: u.token_type,
        quantity: u.quantity,
        unit: u.unit,
        reason: u.reason,
      })),
    );
    expect(d.unpriced_usage.items.map((u) => u.model)).toContain('deepseek-mystery-model');
    // Nothing unpriced the week before.
    const earlier = await computeDigest(p.ctx, org.org_slug, 'weekly', new Date('2026-11-30T07:00:00Z'));
    expect(earlier.unpriced_usage).toEqual({ count: 0, items: [] });
  });
});
