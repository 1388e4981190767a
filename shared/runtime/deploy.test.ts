import type { Server } from 'node:http';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import type { HttpFunction } from '../http/factory.js';
import { rawRequest } from '../testing/raw-http.js';
import { httpHandler } from './deploy.js';

// A deployed function is an Express app of functions-framework around the same converter as the local gateway.
const echo = {
  name: 'probe',
  routes: [],
  fetch: async (req: Request) =>
    new Response(JSON.stringify({ path: new URL(req.url).pathname, body: await req.text() }), {
      headers: { 'content-type': 'application/json' },
    }),
} as unknown as HttpFunction;

let server: Server;
let port: number;
beforeAll(async () => {
  functions.http(
    'probe',
    httpHandler(echo, async () => ({}) as AppContext),
  );
  server = getTestServer('probe');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe('a deployed HTTP function (functions-framework)', () => {
  it.each([
    ['TRACE /x HTTP/1.1\r\nHost: localhost', 405, 'METHOD_NOT_ALLOWED'],
    ['GET /x HTTP/1.1\r\nHost: [', 400, 'BAD_REQUEST'],
    ['GET /x HTTP/1.1\r\nHost: a b', 400, 'BAD_REQUEST'],
    ['GET /x HTTP/1.1\r\nHost: a:99999', 400, 'BAD_REQUEST'],
  ])('answers %j with %i in the one error shape', async (head, status, code) => {
    const res = await rawRequest(port, head);
    expect(res.status, res.body).toBe(status);
    expect(errorCode(res.body)).toBe(code);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  // functions-framework owns the server and its Express app: what Node's parser refuses (TRACK) or Express routes
  // nowhere (`*`) gets their own 4xx, never reaching the function.
  it.each(['TRACK /x HTTP/1.1\r\nHost: localhost', 'OPTIONS * HTTP/1.1\r\nHost: localhost'])(
    'answers %j with a 4xx before the function',
    async (head) => {
      const res = await rawRequest(port, head);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    },
  );

  it('takes a raw path starting with // as a path and reads the body functions-framework already read', async () => {
    const res = await rawRequest(
      port,
      'POST //[ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 7',
      '{"a":1}',
    );
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ path: '//[', body: '{"a":1}' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
