/**
 * Self-serve org creation: a signed-in user creates an org and becomes its owner. Retrying with the same
 * Idempotency-Key (a lost response, a double click) returns the same org and the same API key, which is kept
 * encrypted for IDEMPOTENCY_KEY_HOURS for that purpose only; quota-cleanup deletes it after.
 */
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import type { CreateOrgBodySchema, CreateOrgResponseSchema } from '../contracts/organizations.js';
import type { Queryable } from '../ports/database/port.js';
import type { Encryption } from '../ports/encryption/port.js';
import { sha256Hex } from '../auth/keys.js';
import { createOrg } from './onboard.js';
import type { RequestMeta } from './audit.js';
import { IDEMPOTENCY_KEY_HOURS } from './retention.js';
import { AppError, invalidInput } from '../errors/index.js';

type User = Extract<Principal, { kind: 'user' }>;
type Created = z.input<typeof CreateOrgResponseSchema>;

/** The most orgs one user may create (own). */
export const MAX_ORGS_PER_USER = 3;

/** Printable ASCII, as Stripe's Idempotency-Key: a UUID or any client-chosen token up to 255 characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function idempotencyKeyOf(headers: Headers): string | undefined {
  const key = headers.get('idempotency-key');
  if (key === null) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw invalidInput('Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.', [
      { field: 'headers.idempotency-key', message: 'invalid', code: 'invalid_format' },
    ]);
  }
  return key;
}

const aadOf = (userId: string, key: string) => `org-create:${userId}:${key}`;

/** The response of an earlier create with this key, or undefined; a key reused for another body is a 409. */
async function replay(
  db: Queryable,
  enc: Encryption,
  user: User,
  key: string,
  requestHash: string,
): Promise<Created | undefined> {
  const { rows } = await db.query<{ request_hash: string; response_ciphertext: string | null }>(
    `SELECT request_hash, response_ciphertext FROM org_create_requests
     WHERE user_id = $1 AND idempotency_key = $2 AND created_at > now() - make_interval(hours => $3)`,
    [user.userId, key, IDEMPOTENCY_KEY_HOURS],
  );
  const row = rows[0];
  if (!row?.response_ciphertext) return undefined;
  if (row.request_hash !== requestHash) {
    throw new AppError('conflict', 'This Idempotency-Key was used for a different request.', {
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  }
  return JSON.parse(await enc.decrypt(row.response_ciphertext, aadOf(user.userId, key))) as Created;
}

/** Creates an org owned by `user`, or returns the one an earlier request with the same key created (`replayed`). */
export async function createOrgForUser(
  ctx: AppContext,
  body: z.output<typeof CreateOrgBodySchema>,
  user: User,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
): Promise<{ replayed: boolean; org: Created }> {
  if (!user.email || !user.emailVerified) {
    throw new AppError('forbidden', 'Confirm your email address before creating an organization.', {
      code: 'EMAIL_NOT_VERIFIED',
    });
  }
  const [db, wh, enc] = await Promise.all([ctx.db(), ctx.warehouse(), ctx.encryption()]);
  const requestHash = sha256Hex(JSON.stringify(body, Object.keys(body).sort()));
  const earlier = idempotencyKey && (await replay(db, enc, user, idempotencyKey, requestHash));
  if (earlier) return { replayed: true, org: earlier };
  return db.transaction(async (tx) => {
    // One create per user at a time: the org count and the key are decided in order, even for parallel retries.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`org-create:${user.userId}`]);
    const again = idempotencyKey && (await replay(tx, enc, user, idempotencyKey, requestHash));
    if (again) return { replayed: true, org: again };
    const owned = await tx.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM org_members WHERE user_id = $1 AND role = 'owner'",
      [user.userId],
    );
    if (owned.rows[0]!.n >= MAX_ORGS_PER_USER) {
      throw new AppError('rejected', `A user may own at most ${MAX_ORGS_PER_USER} organizations.`, {
        code: 'ORG_LIMIT',
        details: { limit: MAX_ORGS_PER_USER },
      });
    }
    const created = await createOrg(
      tx,
      wh,
      ctx.config.datasetEnv,
      {
        orgName: body.org_name,
        adminEmail: user.email!,
        plan: body.plan,
        orgSlug: body.org_slug,
        currency: body.currency,
        timezone: body.timezone,
        ownerUserId: user.userId,
      },
      meta,
    );
    if (idempotencyKey) {
      await tx.query(
        `INSERT INTO org_create_requests (user_id, idempotency_key, request_hash, org_slug, response_ciphertext)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
           org_slug = EXCLUDED.org_slug, response_ciphertext = EXCLUDED.response_ciphertext, created_at = now()`,
        [
          user.userId,
          idempotencyKey,
          requestHash,
          created.org_slug,
          await enc.encrypt(JSON.stringify(created), aadOf(user.userId, idempotencyKey)),
        ],
      );
    }
    return { replayed: false, org: created };
  });
}
