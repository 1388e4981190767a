import type { Queryable } from '../ports/database/port.js';
import { describePrincipal, type Principal } from '../auth/principal.js';

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
