import type { Queryable } from '../ports/database/port.js';
import { describePrincipal, type Principal } from '../auth/principal.js';

/** Who made a request and its id: what an audited write carries from the edge. */
export type RequestMeta = { principal: Principal | undefined; requestId: string };

/** Appends to the audit log (in the caller's transaction when given one). Details never hold secrets. */
export async function audit(
  db: Queryable,
  entry: {
    orgSlug: string | null;
    principal: Principal | undefined;
    action: string;
    target?: string;
    details?: unknown;
    requestId?: string;
  },
): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (org_slug, actor, action, target, details, request_id) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      entry.orgSlug,
      describePrincipal(entry.principal),
      entry.action,
      entry.target ?? null,
      entry.details === undefined ? null : JSON.stringify(entry.details),
      entry.requestId ?? null,
    ],
  );
}

/** Audits `action` on `target` in an org, by the principal of the request `meta` describes. */
export async function auditRequest(
  db: Queryable,
  orgSlug: string,
  meta: RequestMeta,
  action: string,
  target?: string,
  details?: unknown,
): Promise<void> {
  await audit(db, { orgSlug, principal: meta.principal, action, target, details, requestId: meta.requestId });
}
