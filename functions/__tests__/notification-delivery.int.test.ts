import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { apiKey, type Org } from './helpers.js';
import { dispatchDeliveries } from '../../shared/notifications/dispatch.js';
import { claimDelivery } from '../../shared/notifications/deliveries.js';
import type { NotificationMessage } from '../../shared/notifications/message.js';
import {
  DELIVER_NOTIFICATION_TOPIC,
  EVALUATE_ALERTS_TOPIC,
  type EvaluateAlertsMessage,
} from '../../shared/contracts/alerts.js';
import { deliverNotification } from '../../shared/notifications/deliver.js';
import { jobTopic } from '../../shared/events/factory.js';
import { createStepFunction } from '../../shared/pipelines/step-function.js';
import { STEP_DEAD_LETTER_TOPIC, stepTopic } from '../../shared/pipelines/records.js';
import { PipelineDefSchema } from '../../shared/contracts/pipeline-definition.js';
import { runOneDay } from '../../shared/testing/pipelines.js';
import { permanent } from '../../shared/errors/index.js';
import { publishDailyEvaluations } from '../../shared/notifications/alert-jobs.js';
import { scheduledJobs } from '../registry.js';

// A local receiver standing in for webhook endpoints. `/seq/<a,b,…>/<token>`: the nth request to the path answers
// the nth status of the list (the last one repeats); `hang` answers 200 only after 1 s (past the send timeout).
// `/slow/<ms>/<token>`: 200 after <ms>. Every request is recorded with its body.
const hits = new Map<string, string[]>();
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const path = req.url ?? '';
    const seen = [...(hits.get(path) ?? []), body];
    hits.set(path, seen);
    const seq = /^\/seq\/([^/]+)\//.exec(path)?.[1]?.split(',');
    const slow = /^\/slow\/(\d+)\//.exec(path)?.[1];
    const answer = seq ? seq[Math.min(seen.length, seq.length) - 1]! : '200';
    const reply = (status: number) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`receiver says ${status}`);
    };
    if (answer === 'hang') setTimeout(() => reply(200), 1000);
    else if (slow) setTimeout(() => reply(200), Number(slow));
    else reply(Number(answer));
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const hitsOf = (path: string) => hits.get(path) ?? [];
let tokens = 0;
const path = (kind: string) => `${kind}/tok${++tokens}x${randomUUID().slice(0, 8)}`;

// A step type that always fails permanently: its runs end FAILED.
const broken = createStepFunction('test-alert-broken', {
  config: z.object({}),
  execute: async () => {
    throw permanent('the export file is unreadable');
  },
});
const failingPipeline = PipelineDefSchema.parse({
  id: 'test/alerts/failing',
  description: 'always fails',
  steps: [{ id: 'work', type: 'test-alert-broken', retries: 1, timeout: 30 }],
});

// Evaluation messages published on the bus (a spy beside evaluate-alerts).
const evaluations: EvaluateAlertsMessage[] = [];

let p: TestPlatform;
useBarePlatform(
  (q) => {
    p = q;
    q.bus.subscribe(EVALUATE_ALERTS_TOPIC, async (event) => {
      evaluations.push(
        JSON.parse(Buffer.from(event.data.message.data!, 'base64').toString('utf8')) as EvaluateAlertsMessage,
      );
    });
  },
  {
    ALLOW_LOOPBACK_WEBHOOKS: 'true',
    NOTIFICATION_SEND_TIMEOUT_MS: '300',
    NOTIFICATION_MAX_ATTEMPTS: '3',
    BUS_MAX_DELIVERY_ATTEMPTS: '6',
  },
  { extraSubscriptions: [{ topic: stepTopic(broken.name), fn: broken }] },
);

async function webhook(org: Org, url: string, name = `Hook ${++tokens}`) {
  const res = await p.request(`/api/v1/notifications/${org.org_slug}/channels`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { name, type: 'webhook', config: { url } },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { channel_id: string }).channel_id;
}

const message = (org: Org): NotificationMessage => ({
  event: 'alert.fired',
  org_slug: org.org_slug,
  alert_name: 'Daily spend',
  kind: 'cost_threshold',
  value: 120,
  threshold: 100,
  currency: 'USD',
  severity: 'warning',
  sent_at: new Date().toISOString(),
});

/** Claims one delivery to the channel (publishing its deliver message) and waits until the bus is idle. */
async function deliver(org: Org, channelId: string) {
  const [d] = await dispatchDeliveries(p.ctx, [
    { orgSlug: org.org_slug, channelId, message: message(org), dedupeKey: `test:${randomUUID()}` },
  ]);
  await p.bus.drain();
  return d!.delivery_id;
}

interface HistoryItem {
  delivery_id: string;
  status: string;
  attempts: number;
  http_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  alert_id: string | null;
  payload: Record<string, unknown>;
}
async function history(org: Org): Promise<HistoryItem[]> {
  const res = await p.request(`/api/v1/notifications/${org.org_slug}/history`, {
    headers: apiKey(org.api_key),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: HistoryItem[] }).items;
}
const item = async (org: Org, deliveryId: string) =>
  (await history(org)).find((i) => i.delivery_id === deliveryId);

const decoded = (event: { data: { message: { data?: string } } }) =>
  (JSON.parse(Buffer.from(event.data.message.data!, 'base64').toString('utf8')) as { delivery_id: string })
    .delivery_id;
/** The bus's exhausted deliveries of this delivery's messages. */
const deadLettersOf = (deliveryId: string) =>
  p.bus.deadLetters.filter((d) => d.topic === DELIVER_NOTIFICATION_TOPIC && decoded(d.event) === deliveryId);

/** Records a delivery without publishing its message (the test hands the message over itself). */
const claimOnly = async (org: Org, channelId: string) =>
  (await claimDelivery(await p.ctx.db(), {
    orgSlug: org.org_slug,
    channelId,
    message: message(org),
    dedupeKey: `test:${randomUUID()}`,
  }))!;

describe('deliver-notification', () => {
  it('a 500-then-200 receiver gets exactly one delivery after a retry; the history shows 2 attempts, delivered', async () => {
    const org = await p.onboard();
    const to = path('/seq/500,200');
    const id = await deliver(org, await webhook(org, `${base}${to}`));
    expect(hitsOf(to)).toHaveLength(2);
    expect(JSON.parse(hitsOf(to)[1]!)).toMatchObject({
      event: 'alert.fired',
      org_slug: org.org_slug,
      value: 120,
    });
    expect(await item(org, id)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      http_status: 200,
      last_error: null,
      delivered_at: expect.any(String),
    });
    // Another copy of the message later sends nothing.
    await p.bus.publish(DELIVER_NOTIFICATION_TOPIC, { org_slug: org.org_slug, delivery_id: id });
    await p.bus.drain();
    expect(hitsOf(to)).toHaveLength(2);
  });

  it('a 4xx is a permanent failure recorded with its status, not retried', async () => {
    const org = await p.onboard();
    const to = path('/seq/410');
    const id = await deliver(org, await webhook(org, `${base}${to}`));
    expect(hitsOf(to)).toHaveLength(1);
    const got = await item(org, id);
    expect(got).toMatchObject({ status: 'failed', attempts: 1, http_status: 410, delivered_at: null });
    expect(got!.last_error).toContain('receiver says 410');
    expect(deadLettersOf(id)).toEqual([]);
  });

  it('a receiver that times out is retried', async () => {
    const org = await p.onboard();
    const to = path('/seq/hang,200');
    const id = await deliver(org, await webhook(org, `${base}${to}`));
    expect(hitsOf(to)).toHaveLength(2);
    expect(await item(org, id)).toMatchObject({ status: 'delivered', attempts: 2, http_status: 200 });
  });

  it('after NOTIFICATION_MAX_ATTEMPTS retryable failures the delivery is failed and acknowledged', async () => {
    const org = await p.onboard();
    const to = path('/seq/503');
    const id = await deliver(org, await webhook(org, `${base}${to}`));
    expect(hitsOf(to)).toHaveLength(3);
    const got = await item(org, id);
    expect(got).toMatchObject({ status: 'failed', attempts: 3, http_status: 503 });
    expect(got!.last_error).toContain('receiver says 503');
    // Acknowledged by the function, not exhausted on the bus.
    expect(deadLettersOf(id)).toEqual([]);
  });

  it("on the bus's last delivery a retryable failure is final (nothing would redeliver it)", async () => {
    const org = await p.onboard();
    const to = path('/seq/503');
    const id = await claimOnly(org, await webhook(org, `${base}${to}`));
    // The 6th delivery of its message (BUS_MAX_DELIVERY_ATTEMPTS=6): recorded failed and returned, not thrown.
    const outcome = await deliverNotification(
      p.ctx,
      { org_slug: org.org_slug, delivery_id: id },
      { deliveryAttempt: 6, log: p.ctx.log },
    );
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1 });
    expect(hitsOf(to)).toHaveLength(1);
    expect(await item(org, id)).toMatchObject({ status: 'failed', attempts: 1, http_status: 503 });
  });

  it('an error of ours before sending is retried (lease given back), and on the last delivery fails the delivery', async () => {
    const org = await p.onboard();
    const to = path('/seq/200');
    const channelId = await webhook(org, `${base}${to}`);
    const id = await claimOnly(org, channelId);
    // The channel's sealed URL can no longer be opened (as with a lost key).
    await (
      await p.ctx.db()
    ).query('UPDATE notification_channels SET secret_ciphertext = $2 WHERE channel_id = $1', [
      channelId,
      'not-a-ciphertext',
    ]);
    const payload = { org_slug: org.org_slug, delivery_id: id };
    await expect(
      deliverNotification(p.ctx, payload, { deliveryAttempt: 1, log: p.ctx.log }),
    ).rejects.toThrow();
    const row = await (
      await p.ctx.db()
    ).query<{ status: string; leased_until: Date | null }>(
      'SELECT status, leased_until FROM notification_deliveries WHERE delivery_id = $1',
      [id],
    );
    expect(row.rows).toEqual([{ status: 'retrying', leased_until: null }]);
    const last = await deliverNotification(p.ctx, payload, { deliveryAttempt: 6, log: p.ctx.log });
    expect(last).toMatchObject({ status: 'failed', attempts: 0 });
    expect(await item(org, id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: expect.stringMatching(/^Not sent: /),
    });
    expect(hitsOf(to)).toEqual([]);
  });

  it('duplicate deliver messages (also at the same time) send once', async () => {
    const org = await p.onboard();
    const to = path('/slow/40');
    const channelId = await webhook(org, `${base}${to}`);
    const [d] = await dispatchDeliveries(p.ctx, [
      { orgSlug: org.org_slug, channelId, message: message(org), dedupeKey: `test:${randomUUID()}` },
    ]);
    const payload = { org_slug: org.org_slug, delivery_id: d!.delivery_id };
    await Promise.all([
      p.bus.publish(DELIVER_NOTIFICATION_TOPIC, payload),
      p.bus.publish(DELIVER_NOTIFICATION_TOPIC, payload),
    ]);
    await p.bus.drain();
    await p.bus.publish(DELIVER_NOTIFICATION_TOPIC, payload);
    await p.bus.drain();
    expect(hitsOf(to)).toHaveLength(1);
    expect(await item(org, d!.delivery_id)).toMatchObject({ status: 'delivered', attempts: 1 });
    // The same (channel, dedupe key) twice in one dispatch: one delivery; its second message (not attempted yet
    // when dispatched, so published again) sends nothing more.
    const again = await dispatchDeliveries(p.ctx, [
      { orgSlug: org.org_slug, channelId, message: message(org), dedupeKey: 'same-key' },
      { orgSlug: org.org_slug, channelId, message: message(org), dedupeKey: 'same-key' },
    ]);
    await p.bus.drain();
    expect(again.map((a) => a.claimed)).toEqual([true, false]);
    expect(again[1]!.delivery_id).toBe(again[0]!.delivery_id);
    expect(hitsOf(to)).toHaveLength(2);
  });

  it("another org's delivery id sends nothing and leaves the delivery alone", async () => {
    const org = await p.onboard();
    const other = await p.onboard();
    const to = path('/seq/200');
    const id = await claimOnly(org, await webhook(org, `${base}${to}`));
    const foreign = { org_slug: other.org_slug, delivery_id: id };
    expect(await deliverNotification(p.ctx, foreign, { deliveryAttempt: 1, log: p.ctx.log })).toEqual({
      status: 'skipped',
      attempts: 0,
    });
    expect(hitsOf(to)).toEqual([]);
    expect(await item(org, id)).toMatchObject({ status: 'retrying', attempts: 0 });
    await p.bus.publish(DELIVER_NOTIFICATION_TOPIC, { org_slug: org.org_slug, delivery_id: id });
    await p.bus.drain();
    expect(hitsOf(to)).toHaveLength(1);
    expect(await item(org, id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('a disabled or deleted channel sends nothing and the delivery is failed with the reason', async () => {
    const org = await p.onboard();
    const off = path('/seq/200');
    const gone = path('/seq/200');
    const offId = await webhook(org, `${base}${off}`);
    const goneId = await webhook(org, `${base}${gone}`);
    const patch = await p.request(`/api/v1/notifications/${org.org_slug}/channels/${offId}`, {
      method: 'PATCH',
      headers: apiKey(org.api_key),
      json: { enabled: false },
    });
    expect(patch.status).toBe(200);
    // Deleted before its delivery is dispatched: the bus may deliver at once (it does on a real Postgres server),
    // and a send that started before a delete cannot be taken back.
    const del = await p.request(`/api/v1/notifications/${org.org_slug}/channels/${goneId}`, {
      method: 'DELETE',
      headers: apiKey(org.api_key),
    });
    expect(del.status).toBe(204);
    const [a, b] = await dispatchDeliveries(p.ctx, [
      { orgSlug: org.org_slug, channelId: offId, message: message(org), dedupeKey: 'k1' },
      { orgSlug: org.org_slug, channelId: goneId, message: message(org), dedupeKey: 'k1' },
    ]);
    await p.bus.drain();
    expect(hitsOf(off)).toEqual([]);
    expect(hitsOf(gone)).toEqual([]);
    expect(await item(org, a!.delivery_id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: expect.stringContaining('disabled'),
    });
    expect(await item(org, b!.delivery_id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: expect.stringContaining('deleted'),
    });
  });

  it('a paused or deleted alert, or a disabled or deleted summary, sends nothing of its queued or retrying deliveries', async () => {
    const org = await p.onboard();
    // Five first attempts answered 500 (retrying), then 200.
    const to = path('/seq/500,500,500,500,500,200');
    const channelId = await webhook(org, `${base}${to}`);
    const db = await p.ctx.db();
    const [paused, deleted, kept] = [
      await alert(org, 'cost_threshold', [channelId]),
      await alert(org, 'cost_threshold', [channelId]),
      await alert(org, 'cost_threshold', [channelId]),
    ];
    const summary = async () => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO notification_summaries (summary_id, org_slug, frequency, channel_ids) VALUES ($1, $2, 'daily', $3::uuid[])`,
        [id, org.org_slug, [channelId]],
      );
      return id;
    };
    const [off, gone] = [await summary(), await summary()];
    const claim = (source: { alertId: string } | { summaryId: string }) => ({
      orgSlug: org.org_slug,
      channelId,
      message: 'alertId' in source ? message(org) : { ...message(org), event: 'summary' as const },
      dedupeKey: `test:${randomUUID()}`,
      ...source,
    });
    const claimed = await Promise.all(
      [
        { alertId: paused },
        { alertId: deleted },
        { alertId: kept },
        { summaryId: off },
        { summaryId: gone },
      ].map(async (source) => (await claimDelivery(db, claim(source)))!),
    );
    // The first attempt of each fails with a 500 (retrying), then the alerts and summaries change.
    for (const id of claimed)
      await expect(
        deliverNotification(
          p.ctx,
          { org_slug: org.org_slug, delivery_id: id },
          { deliveryAttempt: 1, log: p.ctx.log },
        ),
      ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(hitsOf(to)).toHaveLength(5);
    await db.query('UPDATE alerts SET enabled = false WHERE alert_id = $1', [paused]);
    await db.query('DELETE FROM alerts WHERE alert_id = $1', [deleted]);
    await db.query('UPDATE notification_summaries SET enabled = false WHERE summary_id = $1', [off]);
    await db.query('DELETE FROM notification_summaries WHERE summary_id = $1', [gone]);
    for (const id of claimed)
      await p.bus.publish(DELIVER_NOTIFICATION_TOPIC, { org_slug: org.org_slug, delivery_id: id });
    await p.bus.drain();
    // Only the enabled alert's delivery was sent again.
    expect(hitsOf(to)).toHaveLength(6);
    const items = await history(org);
    const of = (id: string) => items.find((i) => i.delivery_id === id);
    const [pausedId, deletedId, keptId, offId, goneId] = claimed;
    for (const id of [pausedId!, deletedId!])
      expect(of(id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'The alert is paused or deleted; nothing was sent.',
      });
    for (const id of [offId!, goneId!])
      expect(of(id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'The summary is disabled or deleted; nothing was sent.',
      });
    expect(of(keptId!)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('a deliver message that reaches the dead letter (Pub/Sub forwards it there) shows the delivery failed', async () => {
    const org = await p.onboard();
    const to = path('/seq/200');
    const channelId = await webhook(org, `${base}${to}`);
    // Claimed, but its message is never delivered: as if every bus delivery failed before an attempt was recorded.
    const id = await claimOnly(org, channelId);
    await p.bus.publish(
      STEP_DEAD_LETTER_TOPIC,
      { org_slug: org.org_slug, delivery_id: id },
      { CloudPubSubDeadLetterSourceDeliveryCount: '10' },
    );
    await p.bus.drain();
    expect(await item(org, id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: 'Dead-lettered: delivery attempts exhausted (10 deliveries).',
    });
    expect(hitsOf(to)).toEqual([]);
  });
});

/** Inserts an alert row directly (the alerts router is tested on its own). */
async function alert(org: Org, kind: string, channelIds: string[], enabled = true) {
  const id = randomUUID();
  await (
    await p.ctx.db()
  ).query(
    `INSERT INTO alerts (alert_id, org_slug, name, kind, channel_ids, severity, enabled)
     VALUES ($1, $2, $3, $4, $5::uuid[], 'critical', $6)`,
    [id, org.org_slug, `${kind} ${id.slice(0, 8)}`, kind, channelIds, enabled],
  );
  return id;
}

describe('pipeline_failure from run completion', () => {
  it('a run that ends FAILED fires the pipeline_failure alert once', async () => {
    const org = await p.onboard();
    const to = path('/seq/200');
    const channelId = await webhook(org, `${base}${to}`);
    const alertId = await alert(org, 'pipeline_failure', [channelId]);
    const runId = await runOneDay(p, org.org_slug, failingPipeline);
    const run = await (
      await p.ctx.db()
    ).query<{ status: string }>('SELECT status FROM pipeline_runs WHERE run_id = $1', [runId]);
    expect(run.rows[0]!.status).toBe('FAILED');
    expect(evaluations.filter((e) => e.org_slug === org.org_slug)).toEqual([
      { org_slug: org.org_slug, as_of: expect.any(String), kinds: ['pipeline_failure'], run_id: runId },
    ]);
    expect(hitsOf(to)).toHaveLength(1);
    expect(JSON.parse(hitsOf(to)[0]!)).toMatchObject({
      event: 'alert.fired',
      org_slug: org.org_slug,
      alert_id: alertId,
      kind: 'pipeline_failure',
      value: 1,
      unit: 'count',
      severity: 'critical',
    });
    // The same run dead-lettered later, and the evaluation message again: nothing more is sent.
    await p.bus.publish(STEP_DEAD_LETTER_TOPIC, { run_id: runId, org_slug: org.org_slug, step_id: 'work' });
    await p.bus.drain();
    await p.bus.publish(
      EVALUATE_ALERTS_TOPIC,
      evaluations.find((e) => e.org_slug === org.org_slug)!,
    );
    await p.bus.drain();
    expect(hitsOf(to)).toHaveLength(1);
    const items = (await history(org)).filter((i) => i.alert_id === alertId);
    expect(items).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
  });

  it('an org without an enabled pipeline_failure alert publishes no evaluation when a run fails', async () => {
    const org = await p.onboard();
    const to = path('/seq/200');
    const channelId = await webhook(org, `${base}${to}`);
    await alert(org, 'pipeline_failure', [channelId], false);
    await alert(org, 'unpriced_usage', [channelId]);
    await runOneDay(p, org.org_slug, failingPipeline);
    expect(evaluations.filter((e) => e.org_slug === org.org_slug)).toEqual([]);
    expect(hitsOf(to)).toEqual([]);
  });
});

describe('evaluate-alerts', () => {
  it('skips a suspended org and a deleted one (acknowledged, nothing sent)', async () => {
    const org = await p.onboard();
    const to = path('/seq/200');
    const alertId = await alert(org, 'pipeline_failure', [await webhook(org, `${base}${to}`)], false);
    const runId = await runOneDay(p, org.org_slug, failingPipeline);
    const db = await p.ctx.db();
    await db.query('UPDATE alerts SET enabled = true WHERE alert_id = $1', [alertId]);
    const setStatus = (status: string) =>
      db.query('UPDATE org_subscriptions SET status = $2 WHERE org_slug = $1', [org.org_slug, status]);
    const evaluate = async (slug: string) => {
      const m: EvaluateAlertsMessage = {
        org_slug: slug,
        as_of: new Date().toISOString(),
        kinds: ['pipeline_failure'],
        run_id: runId,
      };
      await p.bus.publish(EVALUATE_ALERTS_TOPIC, m);
      await p.bus.drain();
    };
    const exhausted = () => p.bus.deadLetters.filter((d) => d.topic === EVALUATE_ALERTS_TOPIC).length;
    const before = exhausted();
    for (const status of ['SUSPENDED', 'CANCELLED']) {
      await setStatus(status);
      await evaluate(org.org_slug);
      expect(hitsOf(to)).toEqual([]);
    }
    await evaluate('org_that_was_deleted');
    expect(exhausted()).toBe(before);
    // Live again, the same message fires (it was the org's status that held it back).
    await setStatus('ACTIVE');
    await evaluate(org.org_slug);
    expect(hitsOf(to)).toHaveLength(1);
  });
});

describe('alerts-daily', () => {
  it('is a registry job at 08:00 UTC the local cron runs', () => {
    expect(scheduledJobs(p.config).find((j) => j.name === 'alerts-daily')).toMatchObject({
      schedule: '0 8 * * *',
      topic: jobTopic('alerts-daily'),
    });
  });

  it('publishes one evaluation per live org with an enabled alert, as of the fire time', async () => {
    const withAlert = await p.onboard();
    const disabledOnly = await p.onboard();
    const none = await p.onboard();
    const suspended = await p.onboard();
    for (const org of [withAlert, suspended]) await alert(org, 'pipeline_failure', []);
    await alert(withAlert, 'stale_data', []);
    await alert(disabledOnly, 'pipeline_failure', [], false);
    await (
      await p.ctx.db()
    ).query("UPDATE org_subscriptions SET status = 'SUSPENDED' WHERE org_slug = $1", [suspended.org_slug]);
    const ours = new Set([withAlert, disabledOnly, none, suspended].map((o) => o.org_slug));
    const scheduledAt = '2026-12-07T08:00:00.000Z';
    await p.bus.publish(jobTopic('alerts-daily'), { job: 'alerts-daily', scheduled_at: scheduledAt });
    await p.bus.drain();
    expect(evaluations.filter((e) => ours.has(e.org_slug))).toEqual([
      { org_slug: withAlert.org_slug, as_of: scheduledAt },
    ]);
  });

  it('pages through the orgs: every org once whatever the page size', async () => {
    const orgs = [await p.onboard(), await p.onboard(), await p.onboard()];
    for (const org of orgs) await alert(org, 'pipeline_failure', []);
    const asOf = new Date('2026-12-06T08:00:00.000Z');
    const count = () => evaluations.filter((e) => e.as_of === asOf.toISOString()).length;
    const all = await publishDailyEvaluations(p.ctx, asOf);
    await p.bus.drain();
    const once = count();
    expect(all.published).toBe(once);
    expect(once).toBeGreaterThanOrEqual(3);
    const paged = await publishDailyEvaluations(p.ctx, asOf, 1);
    await p.bus.drain();
    expect(paged.published).toBe(once);
    const slugs = evaluations.filter((e) => e.as_of === asOf.toISOString()).map((e) => e.org_slug);
    for (const org of orgs) expect(slugs.filter((s) => s === org.org_slug)).toHaveLength(2);
    expect(new Set(slugs).size).toBe(once);
  });
});
