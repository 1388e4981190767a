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
       delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
     WHERE delivery_id = $1`,
    [deliveryId, status, result.status ?? null, result.ok ? null : result.error],
  );
  return status;
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
