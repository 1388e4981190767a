import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppContext } from '../context.js';
import type { Queryable } from '../ports/database/port.js';
import { identityKeyFile } from '../context.js';
import { randomBase62, sha256Hex } from '../auth/keys.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { loadSigningKey } from './signing-key.js';
import { confirmEmail, mailConfirmation } from './confirmations.js';
import { revokeSessions, sessionRevoked, type LogoutScope } from './sessions.js';
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
  email_confirmed_at: Date | null;
}

/** Sign-up metadata is the user's to write; whether the email is verified is not. */
function userMetadataOf(data: Record<string, unknown>): Record<string, unknown> {
  const { email_verified: _e, phone_verified: _p, ...rest } = data;
  return rest;
}

function toUser(u: UserRow) {
  const created = isoTimestamp(u.created_at);
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: iso(u.email_confirmed_at),
    confirmed_at: iso(u.email_confirmed_at),
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
  ) {
    dummyPasswordHash().catch(() => undefined); // ready before the first unknown email signs in
  }

  private assertEnabled() {
    if (this.ctx.config.ENVIRONMENT === 'production' || !this.ctx.config.LOCAL_IDENTITY) {
      throw new IdentityError(404, 'not_found', 'The local identity endpoint is disabled.');
    }
  }

  async jwks() {
    this.assertEnabled();
    return (await loadSigningKey(identityKeyFile(this.ctx.config))).jwks;
  }

  /**
   * Creates an unconfirmed user and mails a confirmation link (the local mailbox), answering with the user and no
   * session, as Supabase does with "Confirm email" on. A registered email gets the same answer after the same
   * work, and its account is left as it is; an unconfirmed one gets a new link.
   */
  async signUp(email: string, password: string, data: Record<string, unknown> = {}) {
    this.assertEnabled();
    if (password.length < 6)
      throw new IdentityError(422, 'weak_password', 'Password should be at least 6 characters.');
    const address = email.toLowerCase();
    const meta = userMetadataOf(data);
    const passwordHash = await hashPassword(password);
    const db = await this.ctx.db();
    const fresh = randomUUID();
    const { rows } = await db.query<{ id: string; confirmed: boolean }>(
      `WITH ins AS (
         INSERT INTO local_auth_users (id, email, password_hash, user_metadata) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id)
       SELECT id::text AS id, false AS confirmed FROM ins
       UNION ALL SELECT id::text, email_confirmed_at IS NOT NULL FROM local_auth_users WHERE email = $2`,
      [fresh, address, passwordHash, JSON.stringify(meta)],
    );
    const user = rows[0]!;
    await mailConfirmation(
      this.ctx,
      db,
      { id: user.id, email: address, confirmed: user.confirmed },
      passwordHash,
    );
    const now = new Date();
    return toUser({
      id: user.id === fresh ? fresh : randomUUID(),
      email: address,
      password_hash: '',
      user_metadata: meta,
      created_at: now,
      last_sign_in_at: null,
      email_confirmed_at: null,
    });
  }

  /** supabase-js `verifyOtp({ type: 'signup', token_hash })`: confirms the email and starts a session. */
  async verifyOtp(tokenHash: string) {
    this.assertEnabled();
    const db = await this.ctx.db();
    const user = await db.transaction(async (tx) => {
      const id = await confirmEmail(tx, tokenHash);
      if (!id) throw new IdentityError(403, 'otp_expired', 'Email link is invalid or has expired');
      return (await tx.query<UserRow>('SELECT * FROM local_auth_users WHERE id = $1', [id])).rows[0]!;
    });
    return this.startSession(user);
  }

  /** The mailed link itself (`GET /auth/v1/verify?token=…&type=signup`): confirms the email only. */
  async confirmLink(tokenHash: string) {
    this.assertEnabled();
    const db = await this.ctx.db();
    const id = await db.transaction((tx) => confirmEmail(tx, tokenHash));
    if (!id) throw new IdentityError(403, 'otp_expired', 'Email link is invalid or has expired');
    return { msg: 'Email address confirmed. Sign in to continue.' };
  }

  /** An unconfirmed user may sign in (only access by email match waits for confirmation). */
  async signInWithPassword(email: string, password: string) {
    this.assertEnabled();
    const db = await this.ctx.db();
    const { rows } = await db.query<UserRow>('SELECT * FROM local_auth_users WHERE email = lower($1)', [
      email,
    ]);
    // An unknown email costs the same scrypt as a known one.
    const ok = await verifyPassword(password, rows[0]?.password_hash ?? (await dummyPasswordHash()));
    if (!rows[0] || !ok) {
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

  async logout(accessToken: string | undefined, scope: LogoutScope) {
    this.assertEnabled();
    const claims = await this.verify(accessToken);
    await revokeSessions(await this.ctx.db(), claims.sub, String(claims.session_id ?? ''), scope);
  }

  private async verify(accessToken: string | undefined) {
    if (!accessToken)
      throw new IdentityError(401, 'no_authorization', 'This endpoint requires a Bearer token');
    let claims;
    try {
      claims = await (await this.ctx.jwt()).verify(accessToken);
    } catch {
      throw new IdentityError(403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature');
    }
    if (await sessionRevoked(await this.ctx.db(), claims.session_id))
      throw new IdentityError(
        403,
        'session_not_found',
        'Session from session_id claim in JWT does not exist',
      );
    return claims;
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
    const verified = user.email_confirmed_at !== null;
    const accessToken = await new SignJWT({
      email: user.email,
      email_verified: verified,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { ...userMetadataOf(user.user_metadata ?? {}), email_verified: verified },
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
