import { describe, expect, it } from 'vitest';
import type { PubSub } from '@google-cloud/pubsub';
import { PubSubCloudEventSchema, type PubSubCloudEvent } from '../../contracts/events.js';
import { InProcessBus, type DeadLetter, type InProcessBusOptions } from './in-process.js';
import { deadLetterTopic } from './port.js';
import { pubSubBus } from './pubsub.js';

const makeBus = (overrides: Partial<InProcessBusOptions> = {}) =>
  new InProcessBus({ maxDeliveryAttempts: 3, minBackoffMs: 1, maxBackoffMs: 5, ...overrides });

const decode = (event: PubSubCloudEvent): unknown =>
  JSON.parse(Buffer.from(event.data.message.data ?? '', 'base64').toString('utf8'));

/** A handler that records every event and throws on the first `failures` calls. */
function flakyHandler(failures = 0) {
  const events: PubSubCloudEvent[] = [];
  const handler = async (event: PubSubCloudEvent) => {
    events.push(event);
    if (events.length <= failures) throw new Error(`failure ${events.length}`);
  };
  return { handler, events };
}

describe('InProcessBus', () => {
  it('delivers the Pub/Sub CloudEvent envelope with the payload base64-encoded', async () => {
    const bus = makeBus();
    const sub = flakyHandler();
    bus.subscribe('cost-ingested', sub.handler);
    const payload = { org_slug: 'acme_co', rows: 3, nested: { ok: true } };
    const id = await bus.publish('cost-ingested', payload, { origin: 'test' });
    await bus.drain();

    expect(sub.events).toHaveLength(1);
    const event = sub.events[0]!;
    const parsed = PubSubCloudEventSchema.parse(event);
    expect(parsed.id).toBe(id);
    expect(parsed.source).toBe('//pubsub.googleapis.com/topics/cost-ingested');
    expect(parsed.data.message.messageId).toBe(id);
    expect(parsed.data.message.attributes).toEqual({ origin: 'test' });
    expect(parsed.data.message.deliveryAttempt).toBe(1);
    expect(Number.isNaN(Date.parse(parsed.data.message.publishTime))).toBe(false);
    expect(decode(event)).toEqual(payload);
  });

  it('delivers each message to every subscriber of the topic and to no other topic', async () => {
    const bus = makeBus();
    const a = flakyHandler();
    const b = flakyHandler();
    const other = flakyHandler();
    bus.subscribe('t', a.handler);
    bus.subscribe('t', b.handler);
    bus.subscribe('other', other.handler);
    await bus.publish('t', { n: 1 });
    await bus.publish('t', { n: 2 });
    await bus.drain();
    expect(a.events.map(decode)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(b.events.map(decode)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(other.events).toHaveLength(0);
  });

  it('publishing to a topic without subscribers resolves with a message id', async () => {
    const bus = makeBus();
    await expect(bus.publish('nobody-listens', {})).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });

  it('redelivers after a failure with increasing deliveryAttempt and the same message id', async () => {
    const errors: number[] = [];
    const bus = makeBus({ maxDeliveryAttempts: 5, onError: (_err, _topic, attempt) => errors.push(attempt) });
    const sub = flakyHandler(2);
    bus.subscribe('t', sub.handler);
    const id = await bus.publish('t', { n: 1 });
    await bus.drain();

    expect(sub.events).toHaveLength(3);
    expect(sub.events.map((e) => e.data.message.deliveryAttempt)).toEqual([1, 2, 3]);
    expect(new Set(sub.events.map((e) => e.data.message.messageId))).toEqual(new Set([id]));
    expect(sub.events.map(decode)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(errors).toEqual([1, 2]);
    expect(bus.deadLetters).toHaveLength(0);
  });

  it('a failing subscriber is retried alone; the others receive the message once', async () => {
    const bus = makeBus();
    const ok = flakyHandler();
    const flaky = flakyHandler(1);
    bus.subscribe('t', ok.handler);
    bus.subscribe('t', flaky.handler);
    await bus.publish('t', {});
    await bus.drain();
    expect(ok.events).toHaveLength(1);
    expect(flaky.events).toHaveLength(2);
  });

  it('dead-letters after maxDeliveryAttempts: records it, calls onDeadLetter and publishes to <topic>-dead-letter', async () => {
    const notified: DeadLetter[] = [];
    const bus = makeBus({ maxDeliveryAttempts: 4, onDeadLetter: (dl) => void notified.push(dl) });
    const failing = flakyHandler(Number.POSITIVE_INFINITY);
    const dlq = flakyHandler();
    bus.subscribe('t', failing.handler);
    bus.subscribe(deadLetterTopic('t'), dlq.handler);
    await bus.publish('t', { n: 7 }, { origin: 'test' });
    await bus.drain();

    expect(failing.events.map((e) => e.data.message.deliveryAttempt)).toEqual([1, 2, 3, 4]);
    expect(bus.deadLetters).toHaveLength(1);
    expect(bus.deadLetters[0]).toMatchObject({ topic: 't', attempts: 4, error: 'failure 4' });
    expect(decode(bus.deadLetters[0]!.event)).toEqual({ n: 7 });
    expect(notified).toEqual(bus.deadLetters);

    expect(deadLetterTopic('t')).toBe('t-dead-letter');
    expect(dlq.events).toHaveLength(1);
    expect(dlq.events[0]!.source).toBe('//pubsub.googleapis.com/topics/t-dead-letter');
    expect(decode(dlq.events[0]!)).toEqual({ n: 7 });
    expect(dlq.events[0]!.data.message.attributes).toEqual({
      origin: 'test',
      dead_letter_error: 'failure 4',
    });
  });

  it('dead-letters without a dead-letter subscriber (recorded only)', async () => {
    const bus = makeBus({ maxDeliveryAttempts: 2 });
    const failing = flakyHandler(Number.POSITIVE_INFINITY);
    bus.subscribe('t', failing.handler);
    await bus.publish('t', {});
    await bus.drain();
    expect(failing.events).toHaveLength(2);
    expect(bus.deadLetters.map((d) => d.topic)).toEqual(['t']);
  });

  it('backs off exponentially between attempts', async () => {
    const bus = makeBus({ maxDeliveryAttempts: 3, minBackoffMs: 40, maxBackoffMs: 1000 });
    const times: number[] = [];
    bus.subscribe('t', async () => {
      times.push(performance.now());
      throw new Error('no');
    });
    await bus.publish('t', {});
    await bus.drain();
    expect(times).toHaveLength(3);
    const [t0, t1, t2] = times as [number, number, number];
    expect(t1 - t0).toBeGreaterThanOrEqual(35); // 40 ms
    expect(t2 - t1).toBeGreaterThanOrEqual(75); // 80 ms
  });

  it('drain() resolves only after every retry has run', async () => {
    const bus = makeBus({ maxDeliveryAttempts: 5, minBackoffMs: 20, maxBackoffMs: 20 });
    const sub = flakyHandler(3);
    bus.subscribe('t', sub.handler);
    await bus.publish('t', {});
    expect(sub.events).toHaveLength(0); // delivery is asynchronous
    await bus.drain();
    expect(sub.events).toHaveLength(4);
  });

  it('rejects publish after close', async () => {
    const bus = makeBus();
    bus.subscribe('t', flakyHandler().handler);
    await bus.close();
    await expect(bus.publish('t', {})).rejects.toThrow('Bus is closed.');
  });

  it('close() resolves while a retry is waiting, and the retry never runs', async () => {
    const bus = makeBus({ maxDeliveryAttempts: 5, minBackoffMs: 60_000, maxBackoffMs: 60_000 });
    const sub = flakyHandler(1);
    bus.subscribe('t', sub.handler);
    await bus.publish('t', {});
    await waitFor(() => sub.events.length === 1);
    const closed = await Promise.race([
      bus.close().then(() => 'closed'),
      new Promise((r) => setTimeout(() => r('hung'), 1000)),
    ]);
    expect(closed).toBe('closed');
    await bus.drain();
    expect(sub.events).toHaveLength(1);
  });
});

/** Polls `cond` until true (at most ~2 s). */
async function waitFor(cond: () => boolean) {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('condition not met');
}

describe('pubSubBus', () => {
  it('publishes the payload as JSON with attributes to the named topic', async () => {
    const calls: { topic: string; message: unknown }[] = [];
    const client = {
      topic: (name: string) => ({
        publishMessage: async (message: unknown) => {
          calls.push({ topic: name, message });
          return 'msg-123';
        },
      }),
    } as unknown as Pick<PubSub, 'topic'>;
    const bus = pubSubBus('p', client);
    expect(bus.kind).toBe('pubsub');
    await expect(bus.publish('cost-ingested', { a: 1 }, { k: 'v' })).resolves.toBe('msg-123');
    await expect(bus.publish('other', [1, 2])).resolves.toBe('msg-123');
    expect(calls).toEqual([
      { topic: 'cost-ingested', message: { json: { a: 1 }, attributes: { k: 'v' } } },
      { topic: 'other', message: { json: [1, 2], attributes: {} } },
    ]);
    await expect(bus.close()).resolves.toBeUndefined();
  });
});
