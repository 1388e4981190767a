import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEntries } from '../registry.js';
import type { RouteContract } from '../../shared/contracts/route.js';
import { fillPath } from '../../shared/http/path-template.js';
import { startTestPlatform, TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';

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
