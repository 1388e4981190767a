import type { Server } from 'node:http';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEntries } from '../registry.js';
import type { RouteContract } from '../../shared/contracts/route.js';
import { fillPath } from '../../shared/http/path-template.js';
import { startTestPlatform, TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { listen } from '../../scripts/local/gateway.js';
import { rawRequest } from '../../shared/testing/raw-http.js';

// Property: whatever a caller sends to any route — malformed JSON, wrong types, unknown fields, odd path
// segments, oversized bodies — the answer is never a 5xx, and API errors keep the one error shape.
const routes: RouteContract[] = httpEntries.flatMap((e) => e.routes);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
};

const anyJson = fc.jsonValue({ maxDepth: 3 });
const weird = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '../..',
    '%00',
    'null',
    'NaN',
    "'; DROP TABLE organizations;--",
    '9'.repeat(400),
    'ACME',
    'a',
  ),
  fc.integer().map(String),
);

/** Values shaped by the schema but wrong: other types, out-of-range, missing, plus unknown keys. */
function fromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.properties && depth < 3) {
    const props = Object.fromEntries(
      Object.entries(schema.properties).map(([k, s]) => [
        k,
        fc.option(fc.oneof(fromSchema(s, depth + 1), anyJson), { nil: undefined }),
      ]),
    );
    return fc
      .tuple(fc.record(props), fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 2 }))
      .map(([a, b]) => ({ ...b, ...a }));
  }
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), weird);
  if (schema.type === 'array' && schema.items)
    return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 3 });
  return fc.oneof(weird, anyJson, fc.double(), fc.boolean(), fc.constant(null));
}

const jsonSchema = (s: z.ZodType | undefined): JsonSchema =>
  s ? (z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : {};

let p: TestPlatform;
let org: { org_slug: string; api_key: string };

beforeAll(async () => {
  p = await startTestPlatform({ LOG_LEVEL: 'error' });
  org = await p.onboard();
});
afterAll(() => p.close());

describe.each(routes.map((r) => [r.id, r] as const))('%s', (_, route) => {
  it('never answers 5xx to malformed input', async () => {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const pathArb = fc.record(
      Object.fromEntries(
        names.map((n) => [n, n === 'org' ? fc.oneof(fc.constant(org.org_slug), weird) : weird]),
      ),
    );
    const bodyArb = fc.oneof(
      {
        weight: 4,
        arbitrary: fromSchema(jsonSchema(route.body)).map((v) => ({
          raw: JSON.stringify(v) ?? 'null',
          type: 'application/json',
        })),
      },
      {
        weight: 1,
        arbitrary: fc.string({ maxLength: 60 }).map((raw) => ({ raw, type: 'application/json' })),
      },
      { weight: 1, arbitrary: anyJson.map((v) => ({ raw: JSON.stringify(v), type: 'text/plain' })) },
      {
        weight: 1,
        arbitrary: fc.constant({ raw: '{"a":"' + 'x'.repeat(1_100_000) + '"}', type: 'application/json' }),
      },
    );
    const queryArb = fromSchema(jsonSchema(route.query)).map((q) =>
      q && typeof q === 'object' && !Array.isArray(q)
        ? Object.fromEntries(
            Object.entries(q)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]),
          )
        : {},
    );
    const authArb = fc.constantFrom<Record<string, string>>(
      { 'x-ca-root-key': TEST_ROOT_KEY },
      { 'x-api-key': org.api_key },
      { authorization: 'Bearer not.a.jwt' },
      {},
    );
    await fc.assert(
      fc.asyncProperty(pathArb, bodyArb, queryArb, authArb, async (params, body, query, auth) => {
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        const path = fillPath(route.path, params as Record<string, string>) + (qs ? `?${qs}` : '');
        const hasBody = route.method !== 'GET';
        const res = await p.request(path, {
          method: route.method,
          headers: { ...auth, ...(hasBody ? { 'content-type': body.type } : {}) },
          ...(hasBody ? { body: body.raw } : {}),
        });
        expect(res.status, `${route.method} ${path}: ${await res.clone().text()}`).toBeLessThan(500);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        if (res.status >= 400 && !route.path.startsWith('/auth/')) {
          const json = (await res.json()) as { error: { code: string; message: string; request_id: string } };
          expect(json.error.request_id).toBe(res.headers.get('x-request-id'));
          expect(typeof json.error.code).toBe('string');
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('hostile strings and shapes outside the org routes', () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  it('answers sign-up metadata nested 10,000 deep with 400', async () => {
    const res = await p.request('/auth/v1/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email":"deep@example.test","password":"correct-horse-1","data":${deep(10_000)}}`,
    });
    expect(res.status, await res.clone().text()).toBe(400);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    [
      '/auth/v1/signup',
      {},
      { email: 'nul@example.test', password: 'correct-horse-1', data: { n: 'a\u0000' } },
    ],
    [
      '/api/v1/organizations/onboard',
      { 'x-ca-root-key': TEST_ROOT_KEY },
      { org_name: 'Nul\u0000 Inc', admin_email: 'ops@nul.test', plan: 'STARTER' },
    ],
  ])('answers a NUL in a string of %s with 400', async (path, headers, json) => {
    const res = await p.request(path, { method: 'POST', headers, json });
    expect(res.status, await res.clone().text()).toBe(400);
  });
});

// What fetch cannot send, through the same listener `npm start` uses: every method token, Host and raw request
// target is answered (a 4xx in the one error shape for what cannot be served), and the server stays up.
describe('the listening gateway', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = await listen(p.fetch, 0);
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const method = fc.oneof(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
    fc.constantFrom('TRACE', 'TRACK', 'PROPFIND', 'M-SEARCH', 'PURGE', 'FOO', 'get', 'LOCK', 'QUERY'),
  );
  const badHost = fc.oneof(
    fc.constantFrom(
      '[',
      'a b',
      'a:99999',
      'a:-1',
      '[::1',
      'evil.test/x',
      'u@evil.test',
      'a\\b',
      'a,b',
      '%41',
    ),
    fc
      .string({ minLength: 1, maxLength: 12 })
      // Node trims a header value, and an empty Host is allowed (it stands for localhost); `name:port` (e.g. `A:0`)
      // is a well-formed Host, not a bad one.
      .filter((h) => {
        const t = h.trim();
        const namePort = /^[A-Za-z0-9._~-]+:(\d{1,5})$/.exec(t);
        const wellFormed = namePort !== null && Number(namePort[1]) <= 65535;
        return /[^A-Za-z0-9._~-]/.test(t) && !wellFormed && !/[\r\n]/.test(h);
      }),
  );
  const host = fc.oneof(fc.constantFrom('localhost', '127.0.0.1:8080', '[::1]', 'api.example.test'), badHost);
  const rawChars = fc.constantFrom(...'/[]%@:?#.\\<>"{}|^`~!$&\'()*+,;=azAZ09-_'.split(''));
  const target = fc.oneof(
    fc.constantFrom(
      '//[',
      '//evil.test/',
      '/%',
      '/%zz',
      '/api/v1/%00',
      '*',
      'http://evil.test/health',
      '/health',
    ),
    fc.array(rawChars, { maxLength: 30 }).map((cs) => `/${cs.join('')}`),
    fc.array(rawChars, { maxLength: 30 }).map((cs) => cs.join('')),
  );

  const expectAnswered = (
    res: { status: number; headers: Record<string, string>; body: string },
    what: string,
  ) => {
    expect(res.status, `${what}: ${res.body}`).toBeGreaterThanOrEqual(200);
    expect(res.status, `${what}: ${res.body}`).toBeLessThan(500);
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    if (res.status >= 400 && res.body) {
      const body = JSON.parse(res.body) as Record<string, unknown> & { error?: { request_id: string } };
      // The local identity (/auth/v1) answers in Supabase's shape; everything else in the one error shape.
      if (!('error_code' in body)) expect(body.error?.request_id, what).toBe(res.headers['x-request-id']);
    }
  };

  it('answers any method, Host and raw target below 500, and stays up', async () => {
    await fc.assert(
      fc.asyncProperty(method, host, target, async (m, h, t) => {
        const what = `${m} ${t} Host: ${h}`;
        expectAnswered(await rawRequest(port, `${m} ${t} HTTP/1.1\r\nHost: ${h}`), what);
      }),
      { numRuns: 300 },
    );
    const health = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: localhost');
    expect(health.status).toBe(200);
  });

  it('answers an unknown or refused method with 405 and a bad Host with 400, in the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('TRACE', 'TRACK', 'FOO', 'PROPFIND', 'PURGE'), async (m) => {
        const res = await rawRequest(port, `${m} /health HTTP/1.1\r\nHost: localhost`);
        expect(res.status, `${m}: ${res.body}`).toBe(405);
        expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
      }),
    );
    await fc.assert(
      fc.asyncProperty(badHost, async (h) => {
        const res = await rawRequest(port, `GET /health HTTP/1.1\r\nHost: ${h}`);
        expect(res.status, `${JSON.stringify(h)}: ${res.body}`).toBe(400);
        expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
      }),
      { numRuns: 100 },
    );
    expect((await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: localhost')).status).toBe(200);
  });
});
