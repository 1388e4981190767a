import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../config/config.js';
import { createContext, type AppContext } from '../context.js';
import { encodeEvent, type PubSubCloudEvent } from '../contracts/events.js';
import { setLogLevel, setLogSink } from '../logging/logger.js';
import { createEventFunction, createJobFunction, jobTopic, type EventInput } from './factory.js';
import { type AppError, permanent as permanentError, transient as transientError } from '../errors/index.js';

let dataDir: string;
let logs: string[];
const contexts: AppContext[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cloudact-events-'));
  logs = [];
  setLogSink((line) => logs.push(line));
  setLogLevel('debug');
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  setLogSink((line) => process.stdout.write(line + '\n'));
  setLogLevel('info');
  rmSync(dataDir, { recursive: true, force: true });
});

const makeContext = (env: Record<string, string> = {}) => {
  const ctx = createContext(parseConfig({ ENVIRONMENT: 'test', CLOUDACT_DATA_DIR: dataDir, ...env }));
  contexts.push(ctx);
  return ctx;
};

const makeEvent = (
  payload: unknown = { org_slug: 'acme_co', amount: 3 },
  overrides: Partial<Parameters<typeof encodeEvent>[2]> & { topic?: string } = {},
): PubSubCloudEvent => {
  const { topic = 'cost-ingested', ...opts } = overrides;
  return encodeEvent(topic, payload, { messageId: 'm-1', ...opts });
};

const PayloadSchema = z.object({ org_slug: z.string(), amount: z.number() });
type Payload = z.output<typeof PayloadSchema>;

/** An event function whose handler records its inputs and runs `behaviour`. */
function recordingFunction(behaviour: (input: EventInput<Payload>) => Promise<void> = async () => undefined) {
  const inputs: EventInput<Payload>[] = [];
  const permanent: { input: EventInput<Payload>; error: AppError }[] = [];
  const fn = createEventFunction('test-fn', {
    payload: PayloadSchema,
    handler: async (input) => {
      inputs.push(input);
      await behaviour(input);
    },
    onPermanentFailure: async (input, error) => void permanent.push({ input, error }),
  });
  return { fn, inputs, permanent };
}

const parsedLogs = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('createEventFunction', () => {
  it('decodes a valid event and hands the payload, attributes and delivery details to the handler', async () => {
    const ctx = makeContext();
    const { fn, inputs } = recordingFunction(async (input) => input.log.info('handled'));
    expect(fn).toMatchObject({ name: 'test-fn', kind: 'event' });

    const event = makeEvent(
      { org_slug: 'acme_co', amount: 3 },
      { messageId: 'm-42', attributes: { origin: 'x' }, deliveryAttempt: 2 },
    );
    await expect(fn.handle(event, ctx)).resolves.toBe('done');

    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({
      payload: { org_slug: 'acme_co', amount: 3 },
      attributes: { origin: 'x' },
      messageId: 'm-42',
      deliveryAttempt: 2,
    });
    expect(inputs[0]!.ctx).toBe(ctx);
    const line = parsedLogs().find((l) => l.message === 'handled');
    expect(line).toMatchObject({ function: 'test-fn', message_id: 'm-42', delivery_attempt: 2 });
  });

  it('applies the schema transform and defaults to the payload', async () => {
    const ctx = makeContext();
    const seen: unknown[] = [];
    const fn = createEventFunction('t', {
      payload: z.object({ n: z.coerce.number(), tag: z.string().default('none') }),
      handler: async ({ payload }) => void seen.push(payload),
    });
    await expect(fn.handle(makeEvent({ n: '5' }), ctx)).resolves.toBe('done');
    expect(seen).toEqual([{ n: 5, tag: 'none' }]);
  });

  it('defaults deliveryAttempt to 1 when the subscription has no dead-letter policy', async () => {
    const ctx = makeContext();
    const { fn, inputs } = recordingFunction();
    await fn.handle(makeEvent(), ctx);
    expect(inputs[0]!.deliveryAttempt).toBe(1);
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['a CloudEvent of another type', { ...makeEvent(), type: 'google.cloud.storage.object.v1.finalized' }],
    ['a CloudEvent without the message', { ...makeEvent(), data: {} }],
    [
      'a message without messageId',
      (() => {
        const e = makeEvent();
        const { messageId: _drop, ...message } = e.data.message;
        return { ...e, data: { ...e.data, message } };
      })(),
    ],
  ])('acknowledges a malformed envelope (%s) without calling the handler', async (_label, event) => {
    const ctx = makeContext();
    const { fn, inputs } = recordingFunction();
    await expect(fn.handle(event, ctx)).resolves.toBe('malformed');
    expect(inputs).toHaveLength(0);
    expect(
      parsedLogs().some((l) => l.severity === 'ERROR' && l.message === 'malformed CloudEvent acknowledged'),
    ).toBe(true);
  });

  it.each([
    ['missing field', { org_slug: 'acme_co' }],
    ['wrong type', { org_slug: 'acme_co', amount: 'three' }],
    ['not an object', [1, 2, 3]],
  ])('acknowledges a payload that fails the schema (%s)', async (_label, payload) => {
    const ctx = makeContext();
    const { fn, inputs } = recordingFunction();
    await expect(fn.handle(makeEvent(payload), ctx)).resolves.toBe('malformed');
    expect(inputs).toHaveLength(0);
    expect(parsedLogs().some((l) => l.message === 'message payload invalid; acknowledged')).toBe(true);
  });

  it.each([
    ['non-JSON data', Buffer.from('{not json', 'utf8').toString('base64')],
    ['empty data', ''],
  ])('acknowledges %s as malformed', async (_label, data) => {
    const ctx = makeContext();
    const { fn, inputs } = recordingFunction();
    const event = makeEvent();
    event.data.message.data = data;
    await expect(fn.handle(event, ctx)).resolves.toBe('malformed');
    expect(inputs).toHaveLength(0);
  });

  it('drops an event older than EVENT_MAX_AGE_SECONDS without calling the handler', async () => {
    const ctx = makeContext({ EVENT_MAX_AGE_SECONDS: '60' });
    const { fn, inputs } = recordingFunction();
    const old = makeEvent(undefined, { publishTime: new Date(Date.now() - 61_000) });
    await expect(fn.handle(old, ctx)).resolves.toBe('too_old');
    expect(inputs).toHaveLength(0);
    expect(parsedLogs().find((l) => l.message === 'event older than the maximum age dropped')).toMatchObject({
      severity: 'WARNING',
    });

    const recent = makeEvent(undefined, { publishTime: new Date(Date.now() - 50_000) });
    await expect(fn.handle(recent, ctx)).resolves.toBe('done');
    expect(inputs).toHaveLength(1);
  });

  it('acknowledges an old malformed payload as malformed (the payload is checked first, so a drop can be recorded)', async () => {
    const ctx = makeContext({ EVENT_MAX_AGE_SECONDS: '60' });
    const { fn, inputs } = recordingFunction();
    const old = makeEvent({ wrong: true }, { publishTime: new Date(Date.now() - 3_600_000) });
    await expect(fn.handle(old, ctx)).resolves.toBe('malformed');
    expect(inputs).toHaveLength(0);
  });

  it('calls onTooOld with the decoded input when a valid message is dropped for its age', async () => {
    const ctx = makeContext({ EVENT_MAX_AGE_SECONDS: '60' });
    const dropped: { payload: unknown; age: number }[] = [];
    const fn = createEventFunction('old-recorder', {
      payload: z.object({ run_id: z.string() }),
      handler: async () => undefined,
      onTooOld: async (input, age) => {
        dropped.push({ payload: input.payload, age });
      },
    });
    const old = makeEvent({ run_id: 'r1' }, { publishTime: new Date(Date.now() - 3_600_000) });
    await expect(fn.handle(old, ctx)).resolves.toBe('too_old');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.payload).toEqual({ run_id: 'r1' });
    expect(dropped[0]!.age).toBeGreaterThan(3_500);
  });

  it('acknowledges a PermanentError and calls onPermanentFailure with the input and error', async () => {
    const ctx = makeContext();
    const error = permanentError('credential revoked');
    const { fn, inputs, permanent } = recordingFunction(async () => {
      throw error;
    });
    await expect(fn.handle(makeEvent(), ctx)).resolves.toBe('permanent_failure');
    expect(permanent).toHaveLength(1);
    expect(permanent[0]!.error).toBe(error);
    expect(permanent[0]!.input).toBe(inputs[0]);
    expect(parsedLogs().find((l) => l.message === 'permanent failure acknowledged')).toMatchObject({
      severity: 'ERROR',
      error: 'credential revoked',
    });
  });

  it('acknowledges a PermanentError when no onPermanentFailure is given', async () => {
    const ctx = makeContext();
    const fn = createEventFunction('t', {
      payload: PayloadSchema,
      handler: async () => {
        throw permanentError('nope');
      },
    });
    await expect(fn.handle(makeEvent(), ctx)).resolves.toBe('permanent_failure');
  });

  it.each([
    ['an Error', new Error('connection reset')],
    ['a TransientError', transientError('rate limited')],
  ])('rejects on %s so the bus redelivers', async (_label, error) => {
    const ctx = makeContext();
    const { fn, permanent } = recordingFunction(async () => {
      throw error;
    });
    await expect(fn.handle(makeEvent(), ctx)).rejects.toBe(error);
    expect(permanent).toHaveLength(0);
    expect(parsedLogs().find((l) => l.message === 'transient failure; redelivery requested')).toMatchObject({
      severity: 'WARNING',
      error: error.message,
    });
  });

  it('never logs a secret carried in the payload', async () => {
    const ctx = makeContext();
    const apiKey = 'acme_co_api_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    const fn = createEventFunction('t', {
      payload: z.object({ org_slug: z.string(), api_key: z.string() }),
      handler: async ({ payload, log }) => {
        log.info('received', { payload });
        throw new Error(`provider rejected key ${payload.api_key}`);
      },
    });
    await expect(fn.handle(makeEvent({ org_slug: 'acme_co', api_key: apiKey }), ctx)).rejects.toThrow();
    // An invalid payload carrying the key is logged with its issues: still no key.
    await expect(fn.handle(makeEvent({ org_slug: 7, api_key: apiKey }), ctx)).resolves.toBe('malformed');

    expect(logs.length).toBeGreaterThanOrEqual(3);
    expect(logs.join('\n')).not.toContain(apiKey);
    expect(logs.join('\n')).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz');
    const received = parsedLogs().find((l) => l.message === 'received');
    expect(received?.payload).toEqual({ org_slug: 'acme_co', api_key: '[REDACTED]' });
    const failure = parsedLogs().find((l) => l.message === 'transient failure; redelivery requested');
    expect(failure?.error).toBe('provider rejected key [REDACTED]');
  });
});

describe('createJobFunction', () => {
  it('handles a job trigger published on job-<name>', async () => {
    const ctx = makeContext();
    const triggers: unknown[] = [];
    const fn = createJobFunction('daily-rollup', async ({ payload }) => void triggers.push(payload));
    expect(fn).toMatchObject({ name: 'daily-rollup', kind: 'job' });
    expect(jobTopic('daily-rollup')).toBe('job-daily-rollup');

    const trigger = { job: 'daily-rollup', scheduled_at: '2026-01-02T00:00:00.000Z' };
    const event = makeEvent(trigger, { topic: jobTopic('daily-rollup') });
    await expect(fn.handle(event, ctx)).resolves.toBe('done');
    expect(triggers).toEqual([trigger]);
  });

  it('uses the publish time when the trigger has no scheduled_at (Cloud Scheduler sends only {job})', async () => {
    const ctx = makeContext();
    const triggers: unknown[] = [];
    const fn = createJobFunction('daily-rollup', async ({ payload }) => void triggers.push(payload));
    const publishTime = new Date(Date.now() - 5_000);
    await expect(fn.handle(makeEvent({ job: 'daily-rollup' }, { publishTime }), ctx)).resolves.toBe('done');
    expect(triggers).toEqual([{ job: 'daily-rollup', scheduled_at: publishTime.toISOString() }]);
  });

  it('acknowledges a trigger whose scheduled_at is not a datetime as malformed', async () => {
    const ctx = makeContext();
    let called = false;
    const fn = createJobFunction('daily-rollup', async () => void (called = true));
    const event = makeEvent({ job: 'daily-rollup', scheduled_at: 'tomorrow' });
    await expect(fn.handle(event, ctx)).resolves.toBe('malformed');
    expect(called).toBe(false);
  });

  it('rejects on a transient job failure and acknowledges a permanent one', async () => {
    const ctx = makeContext();
    const trigger = { job: 'j', scheduled_at: new Date().toISOString() };
    const transient = createJobFunction('j', async () => {
      throw new Error('warehouse unavailable');
    });
    const permanent = createJobFunction('j', async () => {
      throw permanentError('job misconfigured');
    });
    await expect(transient.handle(makeEvent(trigger), ctx)).rejects.toThrow('warehouse unavailable');
    await expect(permanent.handle(makeEvent(trigger), ctx)).resolves.toBe('permanent_failure');
  });
});
