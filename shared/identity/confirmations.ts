import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Queryable } from '../ports/database/port.js';
import { randomBase62, sha256Hex } from '../auth/keys.js';
import { sendLocalMail } from './mailbox.js';
import { revokeSessions } from './sessions.js';

const CONFIRMATION_TTL_HOURS = 24;

/**
 * Mails a confirmation link for an unconfirmed account, carrying the password of the sign-up that asked for it;
 * for a confirmed account, only a notice. Either way the caller sees the same answer (no existence leak).
 */
export async function mailConfirmation(
  ctx: AppContext,
  db: Queryable,
  user: { id: string; email: string; confirmed: boolean },
  passwordHash: string,
) {
  if (user.confirmed) {
    const file = sendLocalMail(ctx.config, {
      to: user.email,
      type: 'existing',
      subject: 'Someone signed up with your address; your account is unchanged. Sign in as usual.',
    });
    ctx.log.info('identity mail written to the local mailbox', { file, type: 'existing' });
    return;
  }
  const token = randomBase62(40);
  await db.query(
    `INSERT INTO local_auth_confirmations (token_hash, user_id, password_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [sha256Hex(token), user.id, passwordHash, CONFIRMATION_TTL_HOURS],
  );
  const file = sendLocalMail(ctx.config, {
    to: user.email,
    type: 'signup',
    subject: 'Confirm your email address',
    link: `/auth/v1/verify?token=${token}&type=signup`,
    app_link: `/confirm?token_hash=${token}&type=signup`,
    token_hash: token,
  });
  ctx.log.info('identity mail written to the local mailbox', { file, type: 'signup' });
}

/**
 * Follows a confirmation link: the email becomes verified, the password becomes the one of the sign-up that
 * asked for this link, and every earlier session ends — whoever signed up before proving the address loses it.
 * The user id, or undefined for an unknown or expired link.
 */
export async function confirmEmail(db: Queryable, token: string): Promise<string | undefined> {
  const { rows } = await db.query<{ user_id: string; password_hash: string }>(
    `DELETE FROM local_auth_confirmations WHERE token_hash = $1 AND expires_at > now()
     RETURNING user_id::text AS user_id, password_hash`,
    [sha256Hex(token)],
  );
  const c = rows[0];
  if (!c) return undefined;
  await db.query('DELETE FROM local_auth_confirmations WHERE user_id = $1', [c.user_id]);
  await revokeSessions(db, c.user_id, randomUUID(), 'global');
  await db.query('UPDATE local_auth_users SET email_confirmed_at = now(), password_hash = $2 WHERE id = $1', [
    c.user_id,
    c.password_hash,
  ]);
  return c.user_id;
}
