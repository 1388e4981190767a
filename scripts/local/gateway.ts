import { createServer, type Server } from 'node:http';
import type { AppContext } from '../../shared/context.js';
import type { HttpFunction } from '../../shared/http/factory.js';
import { errorResponse } from '../../shared/http/respond.js';
import { requestIdOf } from '../../shared/http/request.js';
import { notFound } from '../../shared/errors/index.js';
import { toFetchRequest, writeResponse } from '../../shared/runtime/node-http.js';

export interface Mount {
  prefixes: readonly string[];
  fn: HttpFunction;
}

/** Picks the function whose prefix is the longest match of the path (as the HTTPS load balancer does). */
export function route(mounts: readonly Mount[], path: string): HttpFunction | undefined {
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
    if (!fn) return errorResponse(notFound(`No function serves ${pathname}.`), requestIdOf(req.headers));
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
