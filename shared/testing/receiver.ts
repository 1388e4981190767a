import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** One POST a receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  /** Every request, in arrival order. */
  readonly received: Received[];
  /** `http://127.0.0.1:<port>`, set once the suite's beforeAll has run. */
  readonly base: string;
  /** The requests to one path. */
  to(path: string): Received[];
}

/**
 * A local HTTP receiver standing in for webhook endpoints, Slack and Teams (with ALLOW_LOOPBACK_WEBHOOKS): records
 * every request and answers 200 "ok", or `<n>` with "receiver says <n>" for a path under `/s/<n>/`. Listens for
 * the suite (vitest beforeAll/afterAll).
 */
export function useReceiver(): Receiver {
  const received: Received[] = [];
  let base = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const status = /^\/s\/(\d{3})\//.exec(req.url ?? '');
      res.writeHead(status ? Number(status[1]) : 200, { 'content-type': 'text/plain' });
      res.end(status ? `receiver says ${status[1]}` : 'ok');
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    received,
    get base() {
      return base;
    },
    to: (path) => received.filter((r) => r.path === path),
  };
}
