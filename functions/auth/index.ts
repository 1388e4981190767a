import type { z } from 'zod';
import {
  identityRoutes as r,
  LogoutQuerySchema,
  SignupBodySchema,
  TokenBodySchema,
  TokenQuerySchema,
  VerifyBodySchema,
  VerifyQuerySchema,
} from '../../shared/contracts/identity.js';
import { compilePath, matchPath } from '../../shared/http/path-template.js';
import { queryObject, readJsonBody, requestIdOf } from '../../shared/http/request.js';
import type { HttpFunction } from '../../shared/http/factory.js';
import { IdentityError, LocalIdentity } from '../../shared/identity/service.js';
import type { AppContext } from '../../shared/context.js';
import { AppError } from '../../shared/errors/index.js';
import { HttpError, fromAppError } from '../../shared/http/http-error.js';
import { secured } from '../../shared/http/respond.js';
import { limitRate } from '../../shared/http/rate-limit.js';

// Supabase Auth speaks its own error shape ({code, error_code, msg}) that supabase-js parses, so this
// local-only function maps errors itself instead of using the API error shape.
const routes = Object.values(r).map((c) => ({
  contract: c,
  compiled: compilePath(c.path),
  handler: undefined as never,
}));

async function dispatch(req: Request, ctx: AppContext): Promise<unknown> {
  const url = new URL(req.url);
  const route = routes.find((x) => matchPath(x.compiled, url.pathname) && x.contract.method === req.method);
  if (!route) throw new IdentityError(404, 'not_found', 'Not found');
  const identity = new LocalIdentity(ctx, `${url.origin}/auth/v1`);
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  const body = async <S extends z.ZodType>(schema: S): Promise<z.output<S>> =>
    parse(schema, await readJsonBody(req, ctx.config.MAX_BODY_BYTES));
  switch (route.contract.id) {
    case r.signup.id: {
      const b = await body(SignupBodySchema);
      return identity.signUp(b.email, b.password, b.data);
    }
    case r.verify.id:
      return identity.verifyOtp((await body(VerifyBodySchema)).token_hash);
    case r.confirm.id:
      return identity.confirmLink(parse(VerifyQuerySchema, queryObject(url)).token);
    case r.token.id: {
      const { grant_type } = parse(TokenQuerySchema, queryObject(url));
      const b = await body(TokenBodySchema);
      if (grant_type === 'refresh_token') {
        if (!('refresh_token' in b))
          throw new IdentityError(400, 'validation_failed', 'refresh_token is required');
        return identity.refresh(b.refresh_token);
      }
      if (!('email' in b))
        throw new IdentityError(400, 'validation_failed', 'email and password are required');
      return identity.signInWithPassword(b.email, b.password);
    }
    case r.user.id:
      return identity.getUser(bearer);
    case r.logout.id:
      await identity.logout(bearer, parse(LogoutQuerySchema, queryObject(url)).scope);
      return null;
    default:
      return identity.jwks().then((jwks) => jwks);
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new IdentityError(
      400,
      'validation_failed',
      result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

const auth: HttpFunction = {
  name: 'auth',
  routes: [],
  async fetch(req, ctx) {
    const requestId = requestIdOf(req.headers);
    const headers = {
      'content-type': 'application/json',
      'x-request-id': requestId,
      'cache-control': 'no-store',
    };
    try {
      // Every identity call is anonymous to the API (sign-in, sign-up): counted per client IP, as Supabase does.
      await limitRate(ctx, req.headers, undefined);
      const result = await dispatch(req, ctx);
      return secured(
        result === null
          ? new Response(null, { status: 204, headers: { 'x-request-id': requestId } })
          : new Response(JSON.stringify(result), { status: 200, headers }),
      );
    } catch (err) {
      const http = err instanceof AppError ? fromAppError(err) : err instanceof HttpError ? err : undefined;
      const e =
        err instanceof IdentityError
          ? err
          : http
            ? identityErrorOf(http)
            : (ctx.log.error('identity error', { error: err instanceof Error ? err.message : String(err) }),
              new IdentityError(500, 'unexpected_failure', 'Unexpected failure'));
      return secured(
        new Response(JSON.stringify({ code: e.status, error_code: e.errorCode, msg: e.message }), {
          status: e.status,
          headers: { ...headers, ...http?.headers },
        }),
      );
    }
  },
};

function identityErrorOf(err: HttpError): IdentityError {
  // Supabase Auth's own code for a rate limit, which supabase-js knows.
  if (err.code === 'RATE_LIMITED') return new IdentityError(429, 'over_request_rate_limit', err.message);
  return new IdentityError(err.status, err.code.toLowerCase(), err.message);
}

export default auth;
