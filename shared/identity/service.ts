import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppContext } from '../context.js';
import type { Queryable } from '../ports/database/port.js';
import { identityKeyFile } from '../context.js';
import { randomBase62, sha256Hex } from '../auth/keys.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { loadSigningKey } from './signing-key.js';
import { isoTimestamp, isoTimestampOrNull as iso } from '../ports/database/values.js';

/** A GoTrue-style error: supabase-js reads `error_code` and `msg`. */
export class IdentityError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const ACCESS_TTL_S = 3600;
const REFRESH_TTL_DAYS = 30;

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  user_metadata: Record<string, unknown>;
  created_at: Date;
  last_sign_in_at: Date | null;
}

function toUser(u: UserRow) {
  const created = isoTimestamp(u.created_at);
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: created,
    confirmed_at: created,
    last_sign_in_at: iso(u.last_sign_in_at),
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: u.user_metadata ?? {},
    identities: [],
    created_at: created,
    updated_at: iso(u.last_sign_in_at) ?? created,
    is_anonymous: false,
  };
}

/** Local development identity: Supabase Auth's user, session and token semantics on the control-plane DB. */
export class LocalIdentity {
  constructor(
    private readonly ctx: AppContext,
    private readonly issuer: string,
  ) {}

  private assertEnabled() {
    if (this.ctx.config.ENVIRONMENT === 'production' || !this.ctx.config.LOCAL_IDENTITY) {
      throw new IdentityError(404, 'not_found', 'The local identity endpoint is disabled.');
    }
  }

  async jwks() {
    this.assertEnabled();
    return (await loadSigningKey(identityKeyFile(this.ctx.config))).jwks;
  }

  async signUp(email: string, password: string, data: Record<string, unknown> = {}) {
    this.assertEnabled();
    if (password.length < 6)
      throw new IdentityError(422, 'weak_password', 'Password should be at least 6 characters.');
    const db = await this.ctx.db();
    const { rows } = await db.query<UserRow>(
      `INSERT INTO local_auth_users (id, email, password_hash, user_metadata) VALUES ($1, lower($2), $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING *`,
      [randomUUID(), email, await hashPassword(password), JSON.stringify(data)],
    );
    if (!rows[0]) throw new IdentityError(422, 'user_already_exists', 'User already registered');
    return this.startSession(rows[0]);
  }

  async signInWithPassword(email: string, password: string) {
    this.assertEnabled();
    const db = await this.ctx.db();
    const { rows } = await db.query<UserRow>('SELECT * FROM local_auth_users WHERE email = lower($1)', [
      email,
    ]);
    if (!rows[0] || !(await verifyPassword(password, rows[0].password_hash))) {
      throw new IdentityError(400, 'invalid_credentials', 'Invalid login credentials');
    }
    return this.startSession(rows[0]);
  }

  /** Refresh-token rotation: the presented token is revoked and a new one issued in the same session. */
  async refresh(refreshToken: string) {
    this.assertEnabled();
    const db = await this.ctx.db();
    return db.transaction(async (tx) => {
      const { rows } = await tx.query<{ user_id: string; session_id: string }>(
        `UPDATE local_auth_refresh_tokens SET revoked = true
         WHERE token_hash = $1 AND NOT revoked AND expires_at > now() RETURNING user_id, session_id`,
        [sha256Hex(refreshToken)],
      );
      if (!rows[0])
        throw new IdentityError(
          400,
          'refresh_token_not_found',
          'Invalid Refresh Token: Refresh Token Not Found',
        );
      const user = await tx.query<UserRow>('SELECT * FROM local_auth_users WHERE id = $1', [rows[0].user_id]);
      return this.issue(tx, user.rows[0]!, rows[0].session_id);
    });
  }

  async getUser(accessToken: string | undefined) {
    this.assertEnabled();
    const claims = await this.verify(accessToken);
    const db = await this.ctx.db();
    const { rows } = await db.query<UserRow>('SELECT * FROM local_auth_users WHERE id = $1', [claims.sub]);
    if (!rows[0]) throw new IdentityError(404, 'user_not_found', 'User from sub claim in JWT does not exist');
    return toUser(rows[0]);
  }

  async logout(accessToken: string | undefined, scope: 'global' | 'local' | 'others') {
    this.assertEnabled();
    const claims = await this.verify(accessToken);
    const db = await this.ctx.db();
    const sid = String(claims.session_id ?? '');
    const where =
      scope === 'global'
        ? 'user_id = $1'
        : scope === 'local'
          ? 'user_id = $1 AND session_id::text = $2'
          : 'user_id = $1 AND session_id::text <> $2';
    await db.query(
      `UPDATE local_auth_refresh_tokens SET revoked = true WHERE ${where}`,
      scope === 'global' ? [claims.sub] : [claims.sub, sid],
    );
  }

  private async verify(accessToken: string | undefined) {
    if (!accessToken)
      throw new IdentityError(401, 'no_authorization', 'This endpoint requires a Bearer token');
    try {
      return await (await this.ctx.jwt()).verify(accessToken);
    } catch {
      throw new IdentityError(403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature');
    }
  }

  private async startSession(user: UserRow) {
    const db = await this.ctx.db();
    const { rows } = await db.query<UserRow>(
      'UPDATE local_auth_users SET last_sign_in_at = now() WHERE id = $1 RETURNING *',
      [user.id],
    );
    return this.issue(db, rows[0]!, randomUUID());
  }

  private async issue(db: Queryable, user: UserRow, sessionId: string) {
    const key = await loadSigningKey(identityKeyFile(this.ctx.config));
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      email: user.email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: user.user_metadata ?? {},
    })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setSubject(user.id)
      .setAudience(this.ctx.config.JWT_AUDIENCE)
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TTL_S)
      .sign(key.privateKey);
    const refreshToken = randomBase62(40);
    await db.query(
      `INSERT INTO local_auth_refresh_tokens (token_hash, user_id, session_id, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [sha256Hex(refreshToken), user.id, sessionId, REFRESH_TTL_DAYS],
    );
    return {
      access_token: accessToken,
      token_type: 'bearer' as const,
      expires_in: ACCESS_TTL_S,
      expires_at: now + ACCESS_TTL_S,
      refresh_token: refreshToken,
      user: toUser(user),
    };
  }
}
