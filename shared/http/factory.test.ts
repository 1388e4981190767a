import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../config/config.js';
import { createContext, type AppContext } from '../context.js';
import { AppError, conflict, invalidInput, notFound, permanent, transient } from '../errors/index.js';
import { route } from '../contracts/route.js';
import { createHttpFunction, handle } from './factory.js';
import { STATUS_OF_KIND } from './http-error.js';

// The HTTP factory in process, as hono tests its app: a two-route function and a context with no adapters
// opened (public routes without credentials never touch the database).
const dataDir = mkdtempSync(join(tmpdir(), 'cloudact-http-'));
const ctx: AppContext = createContext(
  parseConfig({ ENVIRONMENT: 'test', CLOUDACT_DATA_DIR: dataDir, RATE_LIMIT_ENABLED: 'false' }),
);
afterAll(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const echo = route({
  id: 'test.echo',
  method: 'POST',
  path: '/api/v1/test/echo/{name}',
  summary: 'echo',
  auth: 'public',
  params: z.object({ name: z.string().regex(/^[a-z]+$/) }),
  body: z.strictObject({ n: z.number().int() }),
  response: z.object({ name: z.string(), n: z.number() }),
});
const fail = route({
  id: 'test.fail',
  method: 'GET',
  path: '/api/v1/test/fail/{kind}',
  summary: 'throws',
  auth: 'public',
  params: z.object({ kind: z.string() }),
  response: z.object({}),
});

let thrown: unknown;
const fn = createHttpFunction('test', [
  handle(
    echo,
    async ({ params, body }) => ({ name: params.name, n: body.n, extra: 'never leaves' }) as never,
  ),
  handle(fail, async () => {
    throw thrown;
  }),
]);
const call = (path: string, init: RequestInit = {}) => fn.fetch(new Request(`http://x${path}`, init), ctx);
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; details?: unknown; request_id: string } })
    .error;

describe('createHttpFunction', () => {
  it('validates params and body, calls the handler and sends only the fields of the response contract', async () => {
    const res = await call('/api/v1/test/echo/abc', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
      body: JSON.stringify({ n: 3 }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(await res.json()).toEqual({ name: 'abc', n: 3 });
  });

  it('answers 400 naming every bad field, 404 for no route and 405 with Allow for another method', async () => {
    const bad = await call('/api/v1/test/echo/ABC', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 1.5 }),
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details).toEqual([expect.objectContaining({ field: 'params.name' })]);
    expect((await call('/api/v1/test/nothing')).status).toBe(404);
    const wrong = await call('/api/v1/test/echo/abc');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it.each([
    ['invalid', invalidInput('bad', { field: 'x' }), 400, 'VALIDATION_ERROR'],
    ['not_found', notFound('gone'), 404, 'NOT_FOUND'],
    ['conflict', conflict('cycle', { cycle: ['a', 'b'] }), 409, 'CONFLICT'],
    [
      'plan_limit',
      new AppError('plan_limit', 'inactive', { code: 'SUBSCRIPTION_INACTIVE' }),
      402,
      'SUBSCRIPTION_INACTIVE',
    ],
    [
      'rejected',
      new AppError('rejected', 'refused', { code: 'CREDENTIAL_INVALID' }),
      422,
      'CREDENTIAL_INVALID',
    ],
    ['upstream', new AppError('upstream', 'down'), 502, 'UPSTREAM_UNAVAILABLE'],
    ['permanent', permanent('bad file'), 400, 'VALIDATION_ERROR'],
    ['transient', transient('locked'), 503, 'UNAVAILABLE'],
  ])('maps an AppError of kind %s to its status and code', async (_, err, status, code) => {
    thrown = err;
    const res = await call('/api/v1/test/fail/x');
    expect(res.status).toBe(status);
    const e = await errorOf(res);
    expect(e.code).toBe(code);
    expect(e.message).toBe((err as Error).message);
    expect(e.request_id).toBe(res.headers.get('x-request-id'));
    if ((err as AppError).details !== undefined) expect(e.details).toEqual((err as AppError).details);
  });

  it('sends a quota error as 429 with Retry-After in whole seconds', async () => {
    thrown = new AppError('quota', 'daily limit', { retryAfterSeconds: 12.2 });
    const res = await call('/api/v1/test/fail/x');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('13');
  });

  it('answers anything else with a generic 500 that leaks nothing', async () => {
    thrown = new Error('password=hunter2 at db.ts:12');
    const res = await call('/api/v1/test/fail/x');
    expect(res.status).toBe(500);
    const e = await errorOf(res);
    expect(e.code).toBe('INTERNAL');
    expect(JSON.stringify(e)).not.toContain('hunter2');
  });

  it('has a status for every error kind', () => {
    for (const status of Object.values(STATUS_OF_KIND)) expect(status).toBeGreaterThanOrEqual(400);
    expect(new Set(Object.keys(STATUS_OF_KIND)).size).toBe(10);
  });
});
