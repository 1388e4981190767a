import { randomUUID } from 'node:crypto';
import { encodeEvent, type PubSubCloudEvent } from '../../contracts/events.js';
import { deadLetterTopic, type EventBus } from './port.js';

export type EventHandler = (event: PubSubCloudEvent) => Promise<void>;

export interface DeadLetter {
  topic: string;
  event: PubSubCloudEvent;
  error: string;
  attempts: number;
}

export interface InProcessBusOptions {
  maxDeliveryAttempts: number;
  minBackoffMs: number;
  maxBackoffMs?: number;
  onDeadLetter?: (dl: DeadLetter) => void | Promise<void>;
  /**
   * Pub/Sub's worst case on purpose (local soak runs and tests): every message is delivered twice, each copy
   * after a random delay up to `maxDelayMs`, so deliveries are duplicated and out of order.
   */
  chaos?: { maxDelayMs: number; random?: () => number };
  /** Where a topic's exhausted messages go (default `<topic>-dead-letter`). */
  deadLetterTopicFor?: (topic: string) => string;
  onError?: (err: unknown, topic: string, attempt: number) => void;
}

/**
 * Pub/Sub semantics in one process: at-least-once delivery to every subscriber of a topic, redelivery with
 * exponential backoff when the handler throws (as a push subscription redelivers on a 500), and after the
 * last attempt the message goes to `<topic>-dead-letter`.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly subscribers = new Map<string, EventHandler[]>();
  private readonly pending = new Set<Promise<void>>();
  /** Waiting deliveries: each timer with the function that settles its entry in `pending`. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  readonly deadLetters: DeadLetter[] = [];
  private closed = false;

  constructor(private readonly options: InProcessBusOptions) {}

  setErrorHandler(onError: InProcessBusOptions['onError']): void {
    this.options.onError = onError;
  }

  subscribe(topic: string, handler: EventHandler): void {
    this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), handler]);
  }

  async publish(topic: string, payload: unknown, attributes: Record<string, string> = {}): Promise<string> {
    if (this.closed) throw new Error('Bus is closed.');
    const messageId = randomUUID();
    const chaos = this.options.chaos;
    for (const handler of this.subscribers.get(topic) ?? []) {
      if (!chaos) {
        this.schedule(topic, handler, payload, attributes, messageId, 1, 0);
        continue;
      }
      const rnd = chaos.random ?? Math.random;
      for (let copy = 0; copy < 2; copy++) {
        this.schedule(
          topic,
          handler,
          payload,
          attributes,
          messageId,
          1,
          Math.floor(rnd() * chaos.maxDelayMs),
        );
      }
    }
    return messageId;
  }

  /** Resolves when no delivery is running or waiting for a retry (tests and graceful shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.closed = true;
    // A cleared timer never runs its delivery, so settle its pending entry here (or close() would hang).
    for (const [t, settle] of this.timers) {
      clearTimeout(t);
      settle();
    }
    this.timers.clear();
    await Promise.allSettled([...this.pending]);
  }

  private schedule(
    topic: string,
    handler: EventHandler,
    payload: unknown,
    attributes: Record<string, string>,
    messageId: string,
    attempt: number,
    delayMs: number,
  ) {
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const settle = () => {
      this.pending.delete(done);
      release();
    };
    this.pending.add(done);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const event = encodeEvent(topic, payload, { messageId, attributes, deliveryAttempt: attempt });
      void this.deliver(topic, handler, event, payload, attributes, attempt).finally(settle);
    }, delayMs);
    this.timers.set(timer, settle);
  }

  private async deliver(
    topic: string,
    handler: EventHandler,
    event: PubSubCloudEvent,
    payload: unknown,
    attributes: Record<string, string>,
    attempt: number,
  ) {
    try {
      await handler(event);
    } catch (err) {
      this.options.onError?.(err, topic, attempt);
      if (this.closed) return;
      if (attempt >= this.options.maxDeliveryAttempts) {
        const dl = {
          topic,
          event,
          error: err instanceof Error ? err.message : String(err),
          attempts: attempt,
        };
        this.deadLetters.push(dl);
        await this.options.onDeadLetter?.(dl);
        const dlt = (this.options.deadLetterTopicFor ?? deadLetterTopic)(topic);
        if (this.subscribers.has(dlt))
          await this.publish(dlt, payload, { ...attributes, dead_letter_error: dl.error });
        return;
      }
      const backoff = Math.min(
        this.options.minBackoffMs * 2 ** (attempt - 1),
        this.options.maxBackoffMs ?? 60_000,
      );
      this.schedule(topic, handler, payload, attributes, event.id, attempt + 1, backoff);
    }
  }
}
