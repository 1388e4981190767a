import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AppContext } from '../../shared/context.js';
import type { HttpFunction } from '../../shared/http/factory.js';
import { errorResponse, secured } from '../../shared/http/respond.js';
import { requestIdOf } from '../../shared/http/request.js';
import { answerUnparsed, nodeListener } from '../../shared/runtime/node-http.js';
import type { Logger } from '../../shared/logging/logger.js';
import { notFound } from '../../shared/errors/index.js';
import { fromAppError } from '../../shared/http/http-error.js';
import { isApiPath, type WebApp } from './web-app.js';

export interface Mount {
  prefixes: readonly string[];
  /** Path templates, `*` = one segment (registry.ts `HttpEntry.templates`); a template match wins over prefixes. */
  templates?: readonly string[];
  fn: HttpFunction;
}

/**
 * Literal segments of `template` when `path` is the template or under it (`*` = exactly one non-empty segment), else
 * -1. Paths and templates start with `/`.
 */
export function templateMatch(template: string, path: string): number {
  const want = template.split('/');
  const got = path.split('/');
  if (got.length < want.length) return -1;
  let literals = 0;
  for (const [i, segment] of want.entries()) {
    if (segment === '*' ? got[i] === '' : segment !== got[i]) return -1;
    if (segment !== '*') literals++;
  }
  return literals - 1;
}

/**
 * Picks the function serving the path, as the HTTPS load balancer's URL map does: the most specific matching template
 * (most literal segments, then most segments, then the first in text order), else the longest matching prefix.
 */
export function route(mounts: readonly Mount[], path: string): HttpFunction | undefined {
  let template: { literals: number; segments: number; text: string; fn: HttpFunction } | undefined;
  for (const m of mounts) {
    for (const t of m.templates ?? []) {
      const literals = templateMatch(t, path);
      if (literals < 0) continue;
      const segments = t.split('/').length;
      const better =
        !template ||
        literals > template.literals ||
        (literals === template.literals &&
          (segments > template.segments || (segments === template.segments && t < template.text)));
      if (better) template = { literals, segments, text: t, fn: m.fn };
    }
  }
  if (template) return template.fn;
  let best: { len: number; fn: HttpFunction } | undefined;
  for (const m of mounts) {
    for (const p of m.prefixes) {
      if ((path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`)) && p.length > (best?.len ?? -1)) {
        best = { len: p.length, fn: m.fn };
      }
    }
  }
  return best?.fn;
}

/**
 * One Fetch handler over every mounted HTTP function, and the web app (when given) for every other GET: its files,
 * `/config.json`, and index.html for its own routes. Paths under /api, /auth and /health are the API's only.
 */
export function gatewayFetch(mounts: readonly Mount[], ctx: AppContext, web?: WebApp) {
  return async (req: Request): Promise<Response> => {
    const { pathname } = new URL(req.url);
    const page = web && (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(pathname);
    if (page && (pathname === '/' || pathname === '/config.json')) return web.fetch(req);
    // Relative: neither the Host header nor the request target choose where a redirect goes.
    if (pathname === '/')
      return secured(new Response(null, { status: 302, headers: { location: '/api/v1/docs' } }));
    const fn = route(mounts, pathname);
    if (fn) return fn.fetch(req, ctx);
    if (page) return web.fetch(req);
    return errorResponse(fromAppError(notFound(`No function serves ${pathname}.`)), requestIdOf(req.headers));
  };
}

/**
 * Serves the gateway on a port (0: any free one) of `host` (loopback unless told otherwise); resolves once
 * listening. No request, however malformed, throws into the server: each gets its answer in the one error shape.
 */
export async function listen(
  handler: (req: Request) => Promise<Response>,
  port: number,
  host = '127.0.0.1',
  log?: Logger,
): Promise<Server> {
  const serve = nodeListener(handler, (err) =>
    log?.error('unhandled gateway error', {
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    }),
  );
  const server = createServer((req, res) => serve(forwarded(req), res));
  server.on('clientError', (err: Error & { code?: string }, socket) => answerUnparsed(socket as never, err));
  server.on('connect', (_req, socket) =>
    answerUnparsed(socket as never, Object.assign(new Error('CONNECT'), { code: 'CONNECT' })),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/**
 * Appends `<client ip>, <gateway ip>` from the socket to X-Forwarded-For, as Google's HTTPS load balancer appends the
 * client and its own address: the rate limiter trusts only that second-to-last entry (shared/http/rate-limit.ts
 * clientIpOf), so whatever the client wrote before it is never taken for its address.
 */
export function forwarded(req: IncomingMessage): IncomingMessage {
  const given = req.headers['x-forwarded-for'];
  const hops = [
    ...(Array.isArray(given) ? given : given === undefined ? [] : [given]),
    req.socket.remoteAddress ?? 'unknown',
    req.socket.localAddress ?? 'unknown',
  ];
  req.headers['x-forwarded-for'] = hops.join(', ');
  return req;
}

/** The URL to print for a gateway on `host`: localhost for loopback and wildcard addresses, else the address. */
export function gatewayUrl(host: string, port: number): string {
  if (['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host)) return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
