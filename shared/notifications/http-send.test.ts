import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToReceiver } from './http-send.js';

interface Seen {
  path: string;
  host: string | undefined;
  body: string;
}
const seen: Seen[] = [];
let server: Server;
let port: number;
/** Answers by path: /status/<n>, /redirect (302 to /landing), /slow (never answers). */
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', host: req.headers.host, body });
      const status = /^\/status\/(\d+)/.exec(req.url ?? '');
      if (status) res.writeHead(Number(status[1])).end(`answer ${status[1]}`);
      else if (req.url === '/redirect') res.writeHead(302, { location: `/landing` }).end();
      else if (req.url === '/slow') return;
      else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const loopback = { allowLoopback: true };

describe('postToReceiver', () => {
  it('connects to the checked address: a host name is resolved once, by the guard (no DNS rebinding)', async () => {
    let lookups = 0;
    const lookup = async () => (lookups++, [{ address: '127.0.0.1', family: 4 }]);
    const r = await postToReceiver(
      `http://rebind.example.test:${port}/hook`,
      '{"a":1}',
      {},
      { ...loopback, lookup },
    );
    expect(r).toEqual({ ok: true, status: 200 });
    expect(lookups).toBe(1);
    expect(seen.at(-1)).toEqual({ path: '/hook', host: `rebind.example.test:${port}`, body: '{"a":1}' });
  });

  it('does not follow a redirect: a 3xx is a permanent failure and the Location is never requested', async () => {
    const before = seen.length;
    const r = await postToReceiver(`http://127.0.0.1:${port}/redirect`, '{}', {}, loopback);
    expect(r).toMatchObject({ ok: false, status: 302, retryable: false });
    expect(seen.slice(before).map((s) => s.path)).toEqual(['/redirect']);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [404, false],
    [410, false],
  ])('classifies %s (retryable: %s) and keeps the status', async (status, retryable) => {
    const r = await postToReceiver(`http://127.0.0.1:${port}/status/${status}`, '{}', {}, loopback);
    expect(r).toMatchObject({ ok: false, status, retryable });
    if (!r.ok) expect(r.error).toContain(`answered ${status}: answer ${status}`);
  });

  it('times out (retryable) without keeping the URL in the error', async () => {
    const r = await postToReceiver(
      `http://127.0.0.1:${port}/slow`,
      '{}',
      {},
      { ...loopback, timeoutMs: 150 },
    );
    expect(r).toMatchObject({ ok: false, retryable: true });
    if (!r.ok) expect(r.error).not.toContain('/slow');
  });

  it('reports a refused connection as retryable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await postToReceiver(`http://127.0.0.1:${free}/x`, '{}', {}, loopback);
    expect(r).toMatchObject({ ok: false, retryable: true });
  });

  it('refuses a private target before connecting (permanent), loopback too unless allowed', async () => {
    const before = seen.length;
    for (const url of [`http://127.0.0.1:${port}/x`, 'https://10.0.0.1/x', 'https://169.254.169.254/latest'])
      expect(await postToReceiver(url, '{}', {}, { allowLoopback: false }), url).toMatchObject({
        ok: false,
        retryable: false,
      });
    expect(seen.length).toBe(before);
  });
});
