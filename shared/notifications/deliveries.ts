import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { HistoryQuerySchema } from '../contracts/notifications.js';
import type { Queryable } from '../ports/database/port.js';
import { isoTimestamp, isoTimestampOrNull as iso } from '../ports/database/values.js';
import { invalidInput } from '../errors/index.js';
import type { NotificationMessage } from './message.js';
import type { SendResult } from './send-result.js';

export interface DeliveryClaim {
  orgSlug: string;
  channelId: string;
  message: NotificationMessage;
  /** Unique per channel: the same key is recorded (and sent) once. */
  dedupeKey: string;
  alertId?: string;
  summaryId?: string;
}

/**
 * Records a delivery before it is sent; undefined when one with the same (channel, dedupe key) exists already, so
 * a duplicate message or a re-evaluation sends nothing.
 */
export async function claimDelivery(db: Queryable, c: DeliveryClaim): Promise<string | undefined> {
  const { rows } = await db.query<{ delivery_id: string }>(
    `INSERT INTO notification_deliveries (delivery_id, org_slug, channel_id, event, alert_id, summary_id, dedupe_key,
       status, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'retrying', $8)
     ON CONFLICT (channel_id, dedupe_key) DO NOTHING RETURNING delivery_id::text AS delivery_id`,
    [
      randomUUID(),
      c.orgSlug,
      c.channelId,
      c.message.event,
      c.alertId ?? null,
      c.summaryId ?? null,
      c.dedupeKey,
      JSON.stringify(c.message),
    ],
  );
  return rows[0]?.delivery_id;
}

/**
 * Records one attempt's outcome: delivered, or failed when it cannot succeed later (`final`: no attempt left, or a
 * permanent failure), else retrying.
 */
export type DeliveryStatus = 'delivered' | 'retrying' | 'failed';

export async function recordAttempt(
  db: Queryable,
  deliveryId: string,
  result: SendResult,
  final: boolean,
): Promise<DeliveryStatus> {
  const status: DeliveryStatus = result.ok ? 'delivered' : final || !result.retryable ? 'failed' : 'retrying';
  await db.query(
    `UPDATE notification_deliveries SET attempts = attempts + 1, status = $2, last_status = $3, last_error = $4,
       delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
       leased_until = NULL, last_attempt_at = now()
     WHERE delivery_id = $1`,
    [deliveryId, status, result.status ?? null, result.ok ? null : result.error],
  );
  return status;
}

/** A delivery leased for sending: what the sender needs. */
export interface LeasedDelivery {
  delivery_id: string;
  channel_id: string;
  attempts: number;
  payload: unknown;
}

export type LeaseOutcome =
  | { leased: LeasedDelivery }
  /** Nothing to send: no such delivery in this org, or it is delivered or failed already. */
  | { done: 'missing' | 'delivered' | 'failed' }
  /** Another delivery of the same message holds the lease (it is sending now). */
  | { busy: true };

/**
 * Takes the send lease of a delivery still to send (status retrying, no live lease) for `leaseSeconds`, in one
 * conditional UPDATE, so of two copies of a message only one sends; the lease is cleared when the attempt is
 * recorded (recordAttempt) and expires if its holder dies.
 */
export async function leaseDelivery(
  db: Queryable,
  orgSlug: string,
  deliveryId: string,
  leaseSeconds: number,
): Promise<LeaseOutcome> {
  const { rows } = await db.query<LeasedDelivery>(
    `UPDATE notification_deliveries SET leased_until = now() + make_interval(secs => $3)
     WHERE delivery_id = $1 AND org_slug = $2 AND status = 'retrying' AND (leased_until IS NULL OR leased_until <= now())
     RETURNING delivery_id::text AS delivery_id, channel_id::text AS channel_id, attempts, payload`,
    [deliveryId, orgSlug, leaseSeconds],
  );
  if (rows[0]) return { leased: rows[0] };
  const current = await db.query<{ status: DeliveryStatus }>(
    'SELECT status FROM notification_deliveries WHERE delivery_id = $1 AND org_slug = $2',
    [deliveryId, orgSlug],
  );
  const status = current.rows[0]?.status;
  if (status === undefined) return { done: 'missing' };
  return status === 'retrying' ? { busy: true } : { done: status };
}

/** Gives a lease back without recording an attempt (the sender stopped before sending). */
export async function releaseLease(db: Queryable, deliveryId: string): Promise<void> {
  await db.query('UPDATE notification_deliveries SET leased_until = NULL WHERE delivery_id = $1', [
    deliveryId,
  ]);
}

/**
 * Fails a delivery that was not (or no longer) sent, with the reason (a deleted or disabled channel, a message
 * that cannot be read, a dead letter); a delivery already delivered or failed keeps its outcome. False when it was
 * not retrying.
 */
export async function failDelivery(
  db: Queryable,
  orgSlug: string,
  deliveryId: string,
  error: string,
): Promise<boolean> {
  const r = await db.query(
    `UPDATE notification_deliveries SET status = 'failed', last_error = $3, leased_until = NULL
     WHERE delivery_id = $1 AND org_slug = $2 AND status = 'retrying'`,
    [deliveryId, orgSlug, error],
  );
  return r.rowCount > 0;
}

interface DeliveryRow {
  delivery_id: string;
  channel_id: string;
  event: 'test';
  alert_id: string | null;
  summary_id: string | null;
  status: 'delivered';
  attempts: number;
  http_status: number | null;
  last_error: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  delivered_at: Date | null;
}
const COLUMNS = `delivery_id::text AS delivery_id, channel_id::text AS channel_id, event, alert_id::text AS alert_id,
  summary_id::text AS summary_id, status, attempts, last_status AS http_status, last_error, payload, created_at, delivered_at`;

/** Cursor = base64url of `<created_at ISO>|<delivery_id>` of the last item (keyset pagination, newest first). */
function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
    throw invalidInput('Invalid cursor.', [{ field: 'query.cursor', message: 'not a cursor this API gave' }]);
  return { at, id };
}

/** Every delivery of the org, newest first, optionally of one channel or status. */
export async function listHistory(ctx: AppContext, orgSlug: string, q: z.output<typeof HistoryQuerySchema>) {
  const c = q.cursor ? decodeCursor(q.cursor) : undefined;
  const { rows } = await (
    await ctx.db()
  ).query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM notification_deliveries
     WHERE org_slug = $1 AND ($2::uuid IS NULL OR channel_id = $2) AND ($3::text IS NULL OR status = $3)
       AND ($4::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), delivery_id) < ($4::timestamptz, $5::uuid))
     ORDER BY date_trunc('milliseconds', created_at) DESC, delivery_id DESC LIMIT $6`,
    [orgSlug, q.channel_id ?? null, q.status ?? null, c?.at ?? null, c?.id ?? null, q.limit + 1],
  );
  const items = rows.slice(0, q.limit).map((r) => ({
    ...r,
    created_at: isoTimestamp(r.created_at),
    delivered_at: iso(r.delivered_at),
  }));
  const last = items.at(-1);
  const next =
    rows.length > q.limit && last
      ? Buffer.from(`${last.created_at}|${last.delivery_id}`).toString('base64url')
      : null;
  return { items, next_cursor: next };
}
