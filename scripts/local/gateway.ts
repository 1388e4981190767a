import { createServer, type Server } from 'node:http';
import type { AppContext } from '../../shared/context.js';
import type { HttpFunction } from '../../shared/http/factory.js';
import { errorResponse } from '../../shared/http/respond.js';
import { requestIdOf } from '../../shared/http/request.js';
import { toFetchRequest, writeResponse } from '../../shared/runtime/node-http.js';
import { notFound } from '../../shared/errors/index.js';
import { fromAppError } from '../../shared/http/http-error.js';

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

/** One Fetch handler over every mounted HTTP function. */
export function gatewayFetch(mounts: readonly Mount[], ctx: AppContext) {
  return async (req: Request): Promise<Response> => {
    const { pathname } = new URL(req.url);
    if (pathname === '/') return Response.redirect(new URL('/api/v1/docs', req.url), 302);
    const fn = route(mounts, pathname);
    if (!fn)
      return errorResponse(
        fromAppError(notFound(`No function serves ${pathname}.`)),
        requestIdOf(req.headers),
      );
    return fn.fetch(req, ctx);
  };
}

/** Serves the gateway on a port; resolves once listening. */
export async function listen(
  handler: (req: Request) => Promise<Response>,
  port: number,
  host = '0.0.0.0',
): Promise<Server> {
  const server = createServer((req, res) => {
    handler(toFetchRequest(req))
      .then((response) => writeResponse(res, response))
      .catch((err: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: String(err), request_id: '' } }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
