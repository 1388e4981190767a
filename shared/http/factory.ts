import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { authenticate, authorize } from '../auth/authenticate.js';
import { describePrincipal, type Principal } from '../auth/principal.js';
import type { Logger } from '../logging/logger.js';
import type { RequestMeta } from '../orgs/audit.js';
import type { RouteContract } from '../contracts/route.js';
import { compilePath, matchPath, type CompiledPath } from './path-template.js';
import { assertStorableText, queryObject, readJsonBody, readTextBody, requestIdOf } from './request.js';
import { errorResponse, json, Reply } from './respond.js';
import { AppError, invalidInput, notFound, unauthenticated, zodDetails } from '../errors/index.js';
import { fromAppError, HttpError, methodNotAllowed } from './http-error.js';
import { limitRate, RATE_LIMIT_EXEMPT_ROUTES } from './rate-limit.js';

type Schema = z.ZodType;
type In<S> = z.output<NonNullable<S> & Schema>;

/** What a handler receives: validated input, the caller, and the context. No plumbing. */
export interface HandlerInput<C extends RouteContract> {
  params: In<C['params']>;
  query: In<C['query']>;
  body: In<C['body']>;
  principal: Principal | undefined;
  /** The request headers (e.g. `Idempotency-Key`, `Stripe-Signature`). */
  headers: Headers;
  /** The body as text, on a `rawBody` route only (within MAX_BODY_BYTES); `''` when there is none. */
  rawBody: string | undefined;
  ctx: AppContext;
  requestId: string;
  /** Who asked and in which request: what use cases record in the audit log. */
  meta: RequestMeta;
  log: Logger;
}

export type Handler<C extends RouteContract> = (
  input: HandlerInput<C>,
) => Promise<z.input<C['response']> | Reply<z.input<C['response']>>>;

export interface BoundRoute {
  contract: RouteContract;
  compiled: CompiledPath;
  handler: Handler<RouteContract>;
}

/** Binds a handler to its contract. */
export function handle<C extends RouteContract>(contract: C, handler: Handler<C>): BoundRoute {
  return {
    contract,
    compiled: compilePath(contract.path),
    handler: handler as unknown as Handler<RouteContract>,
  };
}

export type FetchHandler = (req: Request, ctx: AppContext) => Promise<Response>;

export interface HttpFunction {
  name: string;
  routes: readonly BoundRoute[];
  fetch: FetchHandler;
}

/**
 * Builds an HTTP function from bound routes: request id, routing, body limits, auth, zod validation of
 * params/query/body, the one error shape, response validation (no field outside the contract leaves) and
 * one structured log line per request.
 */
export function createHttpFunction(name: string, routes: readonly BoundRoute[]): HttpFunction {
  const fetch: FetchHandler = async (req, ctx) => {
    const started = performance.now();
    const requestId = requestIdOf(req.headers);
    const url = new URL(req.url);
    const log = ctx.log.child({ request_id: requestId, function: name });
    let routeId: string | undefined;
    let principal: Principal | undefined;
    let response: Response;
    try {
      const { bound, params } = match(routes, req.method, url.pathname);
      routeId = bound.contract.id;
      const c = bound.contract;
      const limited = !RATE_LIMIT_EXEMPT_ROUTES.has(c.id);
      principal = await caller(req.headers, ctx, limited);
      if (limited) await limitRate(ctx, req.headers, principal);
      if (!principal && c.auth !== 'public') throw unauthenticated();
      const p = parse('params', c.params, params);
      await authorize(c, principal, (p ?? {}) as Record<string, unknown>, ctx);
      const q = parse('query', c.query, queryObject(url));
      const text = c.rawBody ? await readTextBody(req, ctx.config.MAX_BODY_BYTES) : undefined;
      const parsedBody =
        !c.rawBody && (c.body || req.method !== 'GET')
          ? await readJsonBody(req, ctx.config.MAX_BODY_BYTES)
          : undefined;
      if (!c.body && parsedBody !== undefined) throw invalidInput('This route takes no request body.');
      const b = parse('body', c.body, parsedBody);
      const result = await bound.handler({
        params: p,
        query: q,
        body: b,
        principal,
        headers: req.headers,
        rawBody: text,
        ctx,
        requestId,
        meta: { principal, requestId },
        log,
      } as never);
      const out = result instanceof Reply ? result : new Reply(c.status ?? 200, result);
      const body = out.status === 204 ? null : c.response.parse(out.body);
      response = json(out.status, body, requestId, out.headers);
    } catch (err) {
      response = errorResponse(toHttpError(err, log), requestId);
    }
    const level = response.status >= 500 ? 'error' : response.status >= 400 ? 'warn' : 'info';
    log[level]('request', {
      method: req.method,
      path: url.pathname,
      route: routeId,
      status: response.status,
      latency_ms: Math.round((performance.now() - started) * 10) / 10,
      principal: describePrincipal(principal),
    });
    return response;
  };
  return { name, routes, fetch };
}

/**
 * Who calls. Credentials that fail count against the client IP's rate limit before the 401 (a guessed key counts
 * against the address guessing); the caller's own count follows in the factory, once the principal is logged.
 */
async function caller(headers: Headers, ctx: AppContext, limited: boolean): Promise<Principal | undefined> {
  let principal: Principal | undefined;
  try {
    principal = await authenticate(headers, ctx);
  } catch (err) {
    if (limited && err instanceof AppError && err.kind === 'unauthenticated')
      await limitRate(ctx, headers, undefined);
    throw err;
  }
  // DISABLE_AUTH (never in production: the platform refuses to start) makes anonymous callers the operator.
  if (!principal && ctx.config.DISABLE_AUTH && ctx.config.ENVIRONMENT !== 'production')
    principal = { kind: 'root' };
  return principal;
}

function match(routes: readonly BoundRoute[], method: string, path: string) {
  const allowed: string[] = [];
  for (const bound of routes) {
    const params = matchPath(bound.compiled, path);
    if (!params) continue;
    if (bound.contract.method === method) return { bound, params };
    allowed.push(bound.contract.method);
  }
  if (allowed.length) throw methodNotAllowed(allowed);
  throw notFound(`No route for ${method} ${path}.`);
}

function parse(where: string, schema: Schema | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  // A body was checked as it was read (readJsonBody); path and query values get the same check here.
  if (where !== 'body') assertStorableText(where, value);
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    throw invalidInput(
      where === 'body' && value === undefined ? 'Request body is required.' : `Invalid request ${where}.`,
      zodDetails(where, r.error),
    );
  }
  return r.data;
}

/** The one place a thrown error becomes an HTTP error: an AppError by its kind, anything else a logged 500. */
function toHttpError(err: unknown, log: Logger): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof AppError) return fromAppError(err);
  log.error('unhandled error', {
    error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
  });
  return new HttpError(500, 'INTERNAL', 'Internal error. Quote the request id when reporting it.');
}
