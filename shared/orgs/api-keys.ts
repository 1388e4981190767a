import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { newApiKey } from '../auth/keys.js';
import type { Queryable } from '../ports/database/port.js';
import { auditRequest, type RequestMeta } from './audit.js';
import { isoTimestamp, isoTimestampOrNull } from '../ports/database/values.js';
import { notFound } from '../errors/index.js';

interface KeyRow {
  key_id: string;
  fingerprint: string;
  status: 'ACTIVE' | 'REVOKED';
  created_at: Date;
  revoked_at: Date | null;
}

const toInfo = (r: KeyRow) => ({
  key_id: r.key_id,
  fingerprint: r.fingerprint,
  status: r.status,
  created_at: isoTimestamp(r.created_at),
  revoked_at: isoTimestampOrNull(r.revoked_at),
});

async function assertOrg(db: Queryable, orgSlug: string) {
  const { rows } = await db.query('SELECT 1 FROM organizations WHERE org_slug = $1 FOR UPDATE', [orgSlug]);
  if (!rows.length) throw notFound(`Organization ${orgSlug} not found.`);
}

/**
 * Issues a key for the org. With `revokeOthers` (rotation) every active key is revoked in the same
 * transaction, so there is no moment with zero or two valid keys from the caller's point of view.
 */
export async function issueApiKey(
  ctx: AppContext,
  orgSlug: string,
  revokeOthers: boolean,
  meta: RequestMeta,
) {
  const db = await ctx.db();
  const key = newApiKey(orgSlug);
  const keyId = randomUUID();
  await db.transaction(async (tx) => {
    await assertOrg(tx, orgSlug);
    if (revokeOthers) {
      await tx.query(
        "UPDATE org_api_keys SET status = 'REVOKED', revoked_at = now() WHERE org_slug = $1 AND status = 'ACTIVE'",
        [orgSlug],
      );
    }
    await tx.query(
      'INSERT INTO org_api_keys (key_id, org_slug, key_hash, fingerprint) VALUES ($1, $2, $3, $4)',
      [keyId, orgSlug, key.hash, key.fingerprint],
    );
    await auditRequest(tx, orgSlug, meta, revokeOthers ? 'api_key.rotate' : 'api_key.create', keyId, {
      fingerprint: key.fingerprint,
    });
  });
  return { key_id: keyId, api_key: key.apiKey, api_key_fingerprint: key.fingerprint };
}

export async function listApiKeys(ctx: AppContext, orgSlug: string) {
  const db = await ctx.db();
  await assertOrg(db, orgSlug);
  const { rows } = await db.query<KeyRow>(
    'SELECT key_id, fingerprint, status, created_at, revoked_at FROM org_api_keys WHERE org_slug = $1 ORDER BY created_at, key_id',
    [orgSlug],
  );
  return { items: rows.map(toInfo), next_cursor: null };
}

export async function revokeApiKey(ctx: AppContext, orgSlug: string, keyId: string, meta: RequestMeta) {
  const db = await ctx.db();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<KeyRow>(
      `UPDATE org_api_keys SET status = 'REVOKED', revoked_at = COALESCE(revoked_at, now())
       WHERE org_slug = $1 AND key_id = $2 RETURNING key_id, fingerprint, status, created_at, revoked_at`,
      [orgSlug, keyId],
    );
    if (!rows[0]) throw notFound(`API key ${keyId} not found for ${orgSlug}.`);
    await auditRequest(tx, orgSlug, meta, 'api_key.revoke', keyId);
    return toInfo(rows[0]);
  });
}
