import type { z } from 'zod';
import type { Role } from './roles.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type AuthKind = 'root' | 'apiKey' | 'user';

type Schema = z.ZodType;

/** One HTTP route, declared once: the handler, the OpenAPI document, the docs and the tests derive from it. */
export interface RouteContract<
  P extends Schema = Schema,
  Q extends Schema = Schema,
  B extends Schema = Schema,
  R extends Schema = Schema,
> {
  /** `<router>.<operation>`, unique. */
  id: string;
  method: HttpMethod;
  /** Path template with `{name}` segments, e.g. `/api/v1/organizations/{org}`. */
  path: string;
  summary: string;
  /** Who may call it; `public` needs no credentials. Routes with `{org}` are org-scoped. */
  auth: readonly AuthKind[] | 'public';
  /** Least role an org member (or org API key, which acts as admin) needs on an org-scoped route. */
  minRole?: Role;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The handler gets the body as its raw text (`rawBody`), unparsed and unvalidated: for a signature computed over
   * the exact bytes (the Stripe webhook). Excludes `body`.
   */
  rawBody?: true;
  response: R;
  status?: number;
  /** A valid request, used in the docs and by the route-walking tests. */
  example?: { body?: unknown; query?: Record<string, string> };
}

/** Declares a route contract with its types inferred. */
export const route = <P extends Schema, Q extends Schema, B extends Schema, R extends Schema>(
  c: RouteContract<P, Q, B, R>,
) => c;

export const isOrgScoped = (c: Pick<RouteContract, 'path'>) => c.path.includes('{org}');
