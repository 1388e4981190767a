import type { Queryable } from '../ports/database/port.js';

export type LogoutScope = 'global' | 'local' | 'others';

/** Whether the local identity signed this session out: its access tokens are refused from then on. */
export async function sessionRevoked(db: Queryable, sessionId: unknown): Promise<boolean> {
  if (typeof sessionId !== 'string' || !sessionId) return false;
  const { rows } = await db.query('SELECT 1 FROM local_auth_revoked_sessions WHERE session_id = $1', [
    sessionId,
  ]);
  return rows.length > 0;
}

/**
 * Signs sessions out, as Supabase's logout scopes do: `local` the presented one, `others` every other of the
 * user's, `global` all of them. Their refresh tokens are revoked and their access tokens refused (every session
 * has a refresh token from its start, so the refresh tokens name every session).
 */
export async function revokeSessions(db: Queryable, userId: string, sessionId: string, scope: LogoutScope) {
  const where =
    scope === 'global'
      ? 'user_id = $1'
      : scope === 'local'
        ? 'user_id = $1 AND session_id::text = $2'
        : 'user_id = $1 AND session_id::text <> $2';
  const params = scope === 'global' ? [userId] : [userId, sessionId];
  await db.query(
    `INSERT INTO local_auth_revoked_sessions (session_id)
     SELECT DISTINCT session_id::text FROM local_auth_refresh_tokens WHERE ${where}
     ON CONFLICT (session_id) DO NOTHING`,
    params,
  );
  await db.query(`UPDATE local_auth_refresh_tokens SET revoked = true WHERE ${where}`, params);
}
