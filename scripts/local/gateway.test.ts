import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../shared/context.js';
import type { HttpFunction } from '../../shared/http/factory.js';
import { rawRequest, type RawResponse } from '../../shared/testing/raw-http.js';
import { gatewayFetch, listen, route, templateMatch, type Mount } from './gateway.js';

const fn = (name: string) => ({ name }) as unknown as HttpFunction;
const mount = (name: string, prefixes: string[], templates?: string[]): Mount => ({
  prefixes,
  ...(templates ? { templates } : {}),
  fn: fn(name),
});
const routed = (mounts: Mount[], path: string) =>
  (route(mounts, path) as unknown as { name: string } | undefined)?.name;

describe('templateMatch', () => {
  const t = '/api/v1/integrations/*/*/pricing';

  it('matches the template itself and anything under it, counting literal segments', () => {
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing')).toBe(4);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing/gpt-4o')).toBe(4);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing/a/b')).toBe(4);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing/')).toBe(4);
  });

  it('takes `*` as exactly one non-empty segment', () => {
    expect(templateMatch(t, '/api/v1/integrations/acme/pricing')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme//pricing')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations//openai/pricing')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme/x/openai/pricing')).toBe(-1);
  });

  it('compares literal segments whole', () => {
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricing-x')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai/pricin')).toBe(-1);
    expect(templateMatch(t, '/api/v1/integrations/acme/openai')).toBe(-1);
    expect(templateMatch(t, '/api/v2/integrations/acme/openai/pricing')).toBe(-1);
    expect(templateMatch('/*', '/anything/below')).toBe(0);
  });
});

describe('route', () => {
  const mounts = [
    mount('integrations', ['/api/v1/integrations']),
    mount('genai-pricing', [], ['/api/v1/integrations/*/*/pricing']),
    mount('pipelines', ['/api/v1/pipelines/run']),
    mount('pipeline-logs', ['/api/v1/pipelines']),
  ];

  it('routes a template match over every prefix match', () => {
    expect(routed(mounts, '/api/v1/integrations/acme/openai/pricing')).toBe('genai-pricing');
    expect(routed(mounts, '/api/v1/integrations/acme/openai/pricing/gpt-4o')).toBe('genai-pricing');
  });

  it('falls back to the longest prefix when no template matches', () => {
    expect(routed(mounts, '/api/v1/integrations')).toBe('integrations');
    expect(routed(mounts, '/api/v1/integrations/acme')).toBe('integrations');
    expect(routed(mounts, '/api/v1/integrations/acme/openai/setup')).toBe('integrations');
    expect(routed(mounts, '/api/v1/integrations/acme/openai')).toBe('integrations');
    expect(routed(mounts, '/api/v1/pipelines/run/acme/x')).toBe('pipelines');
    expect(routed(mounts, '/api/v1/pipelines/runs/acme')).toBe('pipeline-logs');
    expect(routed(mounts, '/api/v1/integrationsx')).toBeUndefined();
    expect(routed(mounts, '/elsewhere')).toBeUndefined();
  });

  it('picks the template with the most literal segments, then the most segments, then the first in text order', () => {
    const ms = [
      mount('wide', [], ['/a/*/*']),
      mount('narrow', [], ['/a/*/c']),
      mount('deeper', [], ['/a/*/*/*']),
      mount('left', [], ['/a/b/*']),
    ];
    expect(routed(ms, '/a/x/y')).toBe('wide');
    expect(routed(ms, '/a/x/c')).toBe('narrow');
    expect(routed(ms, '/a/x/y/z')).toBe('deeper');
    expect(routed(ms, '/a/x/c/z')).toBe('narrow');
    // `/a/*/c` and `/a/b/*` both have 2 literals and 3 segments: `/a/*/c` < `/a/b/*` in text order.
    expect(routed(ms, '/a/b/c')).toBe('narrow');
    expect(routed(ms, '/a/b/d')).toBe('left');
    expect(routed(ms, '/a/x')).toBeUndefined();
  });

  it('serves an entry with only templates and one with both', () => {
    const ms = [mount('both', ['/p'], ['/t/*']), mount('templates-only', [], ['/p/*/q'])];
    expect(routed(ms, '/p/x')).toBe('both');
    expect(routed(ms, '/t/x/y')).toBe('both');
    expect(routed(ms, '/p/x/q')).toBe('templates-only');
    expect(routed(ms, '/t')).toBeUndefined();
  });
});

describe('listen (a real server on 127.0.0.1, raw sockets)', () => {
  let server: Server;
  let port: number;
  const seen: string[] = [];
  const echo = {
    name: 'echo',
    routes: [],
    fetch: async (req: Request) => {
      seen.push(new URL(req.url).pathname);
      return new Response(JSON.stringify({ path: new URL(req.url).pathname }), {
        headers: { 'content-type': 'application/json' },
      });
    },
  } as unknown as HttpFunction;

  beforeAll(async () => {
    server = await listen(gatewayFetch([{ prefixes: ['/'], fn: echo }], {} as AppContext), 0);
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (head: string) => rawRequest(port, head);
  const errorOf = (res: RawResponse) =>
    (JSON.parse(res.body) as { error: { code: string; message: string; request_id: string } }).error;
  const expectSecured = (res: RawResponse) => {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  };
  const expectAlive = async () => {
    const ok = await send('GET /alive HTTP/1.1\r\nHost: localhost');
    expect(ok.status).toBe(200);
    expectSecured(ok);
  };

  it('listens on 127.0.0.1 unless told otherwise', () => {
    expect((server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it.each([
    ['TRACE /health HTTP/1.1', 405],
    ['TRACK /health HTTP/1.1', 405],
    ['CONNECT localhost:80 HTTP/1.1', 405],
    ['FOO /health HTTP/1.1', 405],
  ])('answers %s with %i in the error shape and stays up', async (line, status) => {
    const res = await send(`${line}\r\nHost: localhost`);
    expect(res.status, res.body).toBe(status);
    const error = errorOf(res);
    expect(error.code).toBe('METHOD_NOT_ALLOWED');
    expect(error.request_id).toBe(res.headers['x-request-id']);
    expect(res.headers.allow).toContain('GET');
    expectSecured(res);
    await expectAlive();
  });

  it.each(['[', 'a b', 'a:99999', 'a:-1', 'evil.test/x', 'user@evil.test', '[::1', 'a\\b'])(
    'answers a Host of %j with 400 in the error shape and stays up',
    async (host) => {
      const res = await send(`GET /health HTTP/1.1\r\nHost: ${host}`);
      expect(res.status, res.body).toBe(400);
      expect(errorOf(res).code).toBe('BAD_REQUEST');
      expectSecured(res);
      await expectAlive();
    },
  );

  it('takes a good Host: names, IPv4, IPv6 and ports', async () => {
    for (const host of ['localhost', 'api.example.test:8443', '127.0.0.1:1', '[::1]:65535', 'svc_1']) {
      const res = await send(`GET /alive HTTP/1.1\r\nHost: ${host}`);
      expect(res.status, host).toBe(200);
    }
  });

  it.each(['*', 'http://evil.test:99999/x', 'ftp://evil.test/x'])(
    'answers a request target of %j with 400 and stays up',
    async (target) => {
      const res = await send(`OPTIONS ${target} HTTP/1.1\r\nHost: localhost`);
      expect(res.status, res.body).toBe(400);
      expect(errorOf(res).code).toBe('BAD_REQUEST');
      await expectAlive();
    },
  );

  it('routes a raw path beginning with // as a path, never as a host', async () => {
    for (const path of ['//[', '//evil.test/', '//evil.test/api/v1/docs', '/\\evil.test/']) {
      seen.length = 0;
      const res = await send(`GET ${path} HTTP/1.1\r\nHost: localhost`);
      expect(res.status, `${path}: ${res.body}`).toBe(200);
      expect(seen[0]!.startsWith('//'), seen[0]).toBe(true);
    }
    await expectAlive();
  });

  it('redirects / relatively, whatever the Host or the path say', async () => {
    const mounts: Mount[] = [{ prefixes: ['/api'], fn: echo }];
    const only = await listen(gatewayFetch(mounts, {} as AppContext), 0);
    const onlyPort = (only.address() as { port: number }).port;
    try {
      for (const head of [
        'GET / HTTP/1.1\r\nHost: evil.test',
        'GET //evil.test/ HTTP/1.1\r\nHost: localhost',
        'GET http://evil.test/ HTTP/1.1\r\nHost: localhost',
      ]) {
        const res = await rawRequest(onlyPort, head);
        if (res.status === 302) expect(res.headers.location, head).toBe('/api/v1/docs');
        else expect(res.status, head).toBe(404);
        expect(res.headers.location ?? '', head).not.toContain('evil');
        expectSecured(res);
      }
    } finally {
      await new Promise<void>((resolve) => only.close(() => resolve()));
    }
  });
});
