import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { apiKey, type Org } from './helpers.js';
import { claimDelivery } from '../../shared/notifications/deliveries.js';
import type { NotificationMessage } from '../../shared/notifications/message.js';
import { DELIVER_NOTIFICATION_TOPIC } from '../../shared/contracts/alerts.js';
import { STEP_DEAD_LETTER_TOPIC } from '../../shared/pipelines/records.js';
import { deadLetterTopic } from '../../shared/ports/bus/port.js';
import type { PubSubCloudEvent } from '../../shared/contracts/events.js';

// As Terraform's notification-deliver push subscription (modules/platform/messaging.tf), the local bus sends an
// exhausted deliver message to the one dead-letter topic, whose function shows the delivery failed.

// A local webhook receiver that answers 200 and records each request by path.
const hits = new Map<string, string[]>();
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const path = req.url ?? '';
    hits.set(path, [...(hits.get(path) ?? []), body]);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const hitsOf = (path: string) => hits.get(path) ?? [];

interface Seen {
  payload: { org_slug: string; delivery_id: string };
  attributes: Record<string, string>;
}
const decode = (event: PubSubCloudEvent): Seen => ({
  payload: JSON.parse(Buffer.from(event.data.message.data!, 'base64').toString('utf8')) as Seen['payload'],
  attributes: event.data.message.attributes ?? {},
});
// What reaches the shared dead-letter topic, and what reaches the per-topic one the bus would otherwise use (a
// spy subscribes there, so a message routed to it would be published and seen).
const onSharedTopic: Seen[] = [];
const onOwnTopic: Seen[] = [];

const BUS_ATTEMPTS = 3;
let p: TestPlatform;
useBarePlatform(
  (q) => {
    p = q;
    q.bus.subscribe(STEP_DEAD_LETTER_TOPIC, async (event) => void onSharedTopic.push(decode(event)));
    q.bus.subscribe(deadLetterTopic(DELIVER_NOTIFICATION_TOPIC), async (event) => {
      onOwnTopic.push(decode(event));
    });
  },
  {
    ALLOW_LOOPBACK_WEBHOOKS: 'true',
    NOTIFICATION_SEND_TIMEOUT_MS: '300',
    NOTIFICATION_MAX_ATTEMPTS: String(BUS_ATTEMPTS),
    BUS_MAX_DELIVERY_ATTEMPTS: String(BUS_ATTEMPTS),
  },
);

async function webhook(org: Org, url: string) {
  const res = await p.request(`/api/v1/notifications/${org.org_slug}/channels`, {
    method: 'POST',
    headers: apiKey(org.api_key),
    json: { name: `Hook ${randomUUID().slice(0, 8)}`, type: 'webhook', config: { url } },
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

/**
 * A claimed delivery whose lease another sender holds for an hour (as a sender that died mid-send leaves it):
 * every delivery of its message finds it busy and throws, so the bus exhausts the message without an attempt.
 */
async function heldDelivery(org: Org, to: string) {
  const db = await p.ctx.db();
  const id = (await claimDelivery(db, {
    orgSlug: org.org_slug,
    channelId: await webhook(org, `${base}${to}`),
    message: message(org),
    dedupeKey: `test:${randomUUID()}`,
  }))!;
  await db.query(
    "UPDATE notification_deliveries SET leased_until = now() + interval '1 hour' WHERE delivery_id = $1",
    [id],
  );
  return id;
}

async function historyItem(org: Org, deliveryId: string) {
  const res = await p.request(`/api/v1/notifications/${org.org_slug}/history`, {
    headers: apiKey(org.api_key),
  });
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as {
    items: { delivery_id: string; status: string; attempts: number; last_error: string | null }[];
  };
  return items.find((i) => i.delivery_id === deliveryId);
}

describe('an exhausted notification-deliver message on the in-process bus', () => {
  it('reaches the dead-letter function, which shows the delivery failed; nothing is sent', async () => {
    const org = await p.onboard();
    const to = `/hook/${randomUUID()}`;
    const id = await heldDelivery(org, to);
    expect(await historyItem(org, id)).toMatchObject({ status: 'retrying', attempts: 0 });

    await p.bus.publish(DELIVER_NOTIFICATION_TOPIC, { org_slug: org.org_slug, delivery_id: id });
    await p.bus.drain();

    // Exhausted after the bus's attempts, then published on the shared dead-letter topic, not its own.
    const exhausted = p.bus.deadLetters.filter(
      (d) => d.topic === DELIVER_NOTIFICATION_TOPIC && decode(d.event).payload.delivery_id === id,
    );
    expect(exhausted).toEqual([expect.objectContaining({ attempts: BUS_ATTEMPTS })]);
    const mine = (seen: Seen[]) => seen.filter((s) => s.payload.delivery_id === id);
    expect(mine(onSharedTopic)).toEqual([
      {
        payload: { org_slug: org.org_slug, delivery_id: id },
        attributes: expect.objectContaining({
          dead_letter_error: expect.stringContaining('is being sent by another delivery'),
        }),
      },
    ]);
    expect(mine(onOwnTopic)).toEqual([]);

    // The dead-letter function failed it: the history shows it failed with the reason, and nothing was sent.
    const item = await historyItem(org, id);
    expect(item).toMatchObject({ status: 'failed', attempts: 0 });
    expect(item!.last_error).toMatch(/^Dead-lettered: Delivery .* is being sent by another delivery of it/);
    expect(hitsOf(to)).toEqual([]);

    // Failed for good: another copy of the message later sends nothing and leaves it failed.
    await p.bus.publish(DELIVER_NOTIFICATION_TOPIC, { org_slug: org.org_slug, delivery_id: id });
    await p.bus.drain();
    expect(hitsOf(to)).toEqual([]);
    expect(await historyItem(org, id)).toMatchObject({ status: 'failed', attempts: 0 });
  });

  it("a dead letter naming another org leaves that org's delivery alone", async () => {
    const org = await p.onboard();
    const other = await p.onboard();
    const to = `/hook/${randomUUID()}`;
    const id = await heldDelivery(org, to);

    await p.bus.publish(
      STEP_DEAD_LETTER_TOPIC,
      { org_slug: other.org_slug, delivery_id: id },
      { CloudPubSubDeadLetterSourceDeliveryCount: '15' },
    );
    await p.bus.drain();
    expect(await historyItem(org, id)).toMatchObject({ status: 'retrying', attempts: 0 });

    await p.bus.publish(
      STEP_DEAD_LETTER_TOPIC,
      { org_slug: org.org_slug, delivery_id: id },
      { CloudPubSubDeadLetterSourceDeliveryCount: '15' },
    );
    await p.bus.drain();
    expect(await historyItem(org, id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: 'Dead-lettered: delivery attempts exhausted (15 deliveries).',
    });
    expect(hitsOf(to)).toEqual([]);
  });
});
