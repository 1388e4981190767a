import type { AppContext } from '../context.js';
import type { z } from 'zod';
import type { DeliverNotificationMessageSchema } from '../contracts/alerts.js';
import { AppError, transient } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { Queryable } from '../ports/database/port.js';
import { loadChannelTarget } from './channels.js';
import {
  failDelivery,
  leaseDelivery,
  recordAttempt,
  releaseLease,
  type DeliveryStatus,
} from './deliveries.js';
import { NotificationMessageSchema, withUnit } from './message.js';
import { sendToChannel, type ChannelTarget } from './send.js';
import type { SendResult } from './send-result.js';
import { sendOptionsOf } from './test-channel.js';

type DeliverNotificationMessage = z.output<typeof DeliverNotificationMessageSchema>;

export interface DeliverOptions {
  /** The bus's delivery attempt of this message (1 on the first delivery). */
  deliveryAttempt: number;
  log: Logger;
}

export interface DeliverOutcome {
  /** What this call did: sent (and how it went), or nothing (`skipped`: already delivered or failed, or unknown). */
  status: DeliveryStatus | 'skipped';
  /** The delivery's attempts after this call (0 when nothing was sent). */
  attempts: number;
  error?: string;
}

/**
 * The bus will not deliver this message again: the in-process bus's last attempt (BUS_MAX_DELIVERY_ATTEMPTS). On
 * Pub/Sub the subscription's max_delivery_attempts is set above NOTIFICATION_MAX_ATTEMPTS (Terraform), so the
 * attempt count decides first there.
 */
const lastBusDelivery = (ctx: AppContext, attempt: number) =>
  ctx.config.BUS === 'in-process' && attempt >= ctx.config.BUS_MAX_DELIVERY_ATTEMPTS;

/** How long a sender holds a delivery: a slow SMTP exchange (connect, greeting, data) plus a margin. */
const leaseSecondsOf = (ctx: AppContext) =>
  Math.ceil((3 * ctx.config.NOTIFICATION_SEND_TIMEOUT_MS) / 1000) + 30;

/**
 * Why a delivery's source no longer wants it sent: an alert.fired delivery whose alert is paused or deleted, or a
 * summary delivery whose summary is disabled or deleted (a delivery queued or retrying when that happened);
 * undefined when it may be sent (also a delivery of no alert or summary, e.g. a test).
 */
async function sourceStopped(
  db: Queryable,
  orgSlug: string,
  deliveryId: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{
    event: string;
    alert_id: string | null;
    summary_id: string | null;
    alert_enabled: boolean | null;
    summary_enabled: boolean | null;
  }>(
    `SELECT d.event, d.alert_id::text AS alert_id, d.summary_id::text AS summary_id,
       (SELECT a.enabled FROM alerts a WHERE a.org_slug = d.org_slug AND a.alert_id = d.alert_id) AS alert_enabled,
       (SELECT s.enabled FROM notification_summaries s
        WHERE s.org_slug = d.org_slug AND s.summary_id = d.summary_id) AS summary_enabled
     FROM notification_deliveries d WHERE d.delivery_id = $1 AND d.org_slug = $2`,
    [deliveryId, orgSlug],
  );
  const d = rows[0];
  if (!d) return undefined;
  if (d.event === 'alert.fired' && d.alert_id !== null && d.alert_enabled !== true)
    return 'The alert is paused or deleted; nothing was sent.';
  if (d.event === 'summary' && d.summary_id !== null && d.summary_enabled !== true)
    return 'The summary is disabled or deleted; nothing was sent.';
  return undefined;
}

/**
 * Sends one claimed delivery (notification_deliveries row of the message's org) and records the attempt.
 * - Already delivered or failed, or unknown in this org: nothing is sent (duplicate messages and redeliveries
 *   never send twice); another copy holding the lease: TransientError, so this copy comes back after backoff and
 *   finds the outcome.
 * - A deleted or disabled channel, a paused or deleted alert (alert.fired), a disabled or deleted summary, or a
 *   payload that is not a notification: failed with the reason, nothing sent (checked before every attempt, so a
 *   delivery queued or retrying when its alert was paused is not sent).
 * - Sent: delivered; a permanent failure (4xx, a refused URL, no SMTP server) is failed with its status; a
 *   retryable one (timeout, 5xx, 408/429, network) is `retrying` and throws TransientError so the bus redelivers
 *   with backoff, until NOTIFICATION_MAX_ATTEMPTS attempts (or the bus's last delivery), when it is failed and
 *   acknowledged.
 * - An error of ours before the send (a channel secret that cannot be opened, the database): thrown for a
 *   redelivery with the lease given back; on the bus's last delivery the delivery is failed with it instead.
 */
export async function deliverNotification(
  ctx: AppContext,
  m: DeliverNotificationMessage,
  o: DeliverOptions,
): Promise<DeliverOutcome> {
  const db = await ctx.db();
  const fields = { org_slug: m.org_slug, delivery_id: m.delivery_id };
  const lease = await leaseDelivery(db, m.org_slug, m.delivery_id, leaseSecondsOf(ctx));
  if ('busy' in lease) throw transient(`Delivery ${m.delivery_id} is being sent by another delivery of it.`);
  if ('done' in lease) {
    o.log.info('notification delivery skipped', { ...fields, reason: lease.done });
    return { status: 'skipped', attempts: 0 };
  }
  const d = lease.leased;
  const fail = async (error: string) => {
    await failDelivery(db, m.org_slug, d.delivery_id, error);
    o.log.warn('notification delivery failed without sending', {
      ...fields,
      channel_id: d.channel_id,
      error,
    });
    return { status: 'failed' as const, attempts: d.attempts, error };
  };
  /**
   * An error of ours before anything was recorded (the channel's secret could not be opened, the database failed):
   * the lease is given back and the error thrown, so the bus redelivers; on its last delivery the delivery is
   * failed with the error instead (nothing would deliver it again, and the history must not show it retrying).
   */
  const giveUp = async (err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    if (lastBusDelivery(ctx, o.deliveryAttempt)) return fail(`Not sent: ${reason}`);
    await releaseLease(db, d.delivery_id);
    throw err;
  };

  const message = NotificationMessageSchema.safeParse(d.payload);
  if (!message.success) return fail('The recorded message is not a notification this version can send.');
  let stopped: string | undefined;
  try {
    stopped = await sourceStopped(db, m.org_slug, d.delivery_id);
  } catch (err) {
    return giveUp(err);
  }
  if (stopped) return fail(stopped);
  let target: ChannelTarget;
  try {
    const loaded = await loadChannelTarget(ctx, m.org_slug, d.channel_id);
    if (!loaded.channel.enabled) return await fail('The channel is disabled; nothing was sent.');
    target = loaded.target;
  } catch (err) {
    if (err instanceof AppError && err.kind === 'not_found')
      return fail('The channel was deleted; nothing was sent.');
    return giveUp(err);
  }

  let result;
  try {
    const options = sendOptionsOf(ctx);
    const timeoutMs = ctx.config.NOTIFICATION_SEND_TIMEOUT_MS;
    // An alert's webhook body carries the unit of its value (withUnit; recorded payloads may predate it).
    result = await sendToChannel(target, withUnit(message.data), {
      ...options,
      timeoutMs,
      mail: { ...options.mail, timeoutMs },
    });
  } catch (err) {
    // sendToChannel reports a receiver's failure as a result; a throw is ours (nothing known sent): retry it.
    return giveUp(err);
  }
  const row = { ...fields, delivery_id: d.delivery_id, attempts: d.attempts, channel_id: d.channel_id };
  return recordOutcome(ctx, db, row, target, result, o);
}

/**
 * Records a sent attempt's outcome: delivered, failed (permanent, or the last attempt) or retrying, which throws
 * TransientError so the bus redelivers with backoff.
 */
async function recordOutcome(
  ctx: AppContext,
  db: Queryable,
  d: { org_slug: string; delivery_id: string; attempts: number; channel_id: string },
  target: ChannelTarget,
  result: SendResult,
  o: DeliverOptions,
): Promise<DeliverOutcome> {
  const fields = { org_slug: d.org_slug, delivery_id: d.delivery_id };
  const attempts = d.attempts + 1;
  const final = attempts >= ctx.config.NOTIFICATION_MAX_ATTEMPTS || lastBusDelivery(ctx, o.deliveryAttempt);
  const status = await recordAttempt(db, d.delivery_id, result, final);
  const outcome = {
    ...fields,
    channel_id: d.channel_id,
    channel_type: target.type,
    status,
    attempts,
    http_status: result.status ?? null,
    ...(result.ok ? {} : { error: result.error }),
  };
  if (status === 'delivered') o.log.info('notification delivered', outcome);
  else o.log.warn(`notification ${status === 'retrying' ? 'attempt failed; will retry' : 'failed'}`, outcome);
  if (status === 'retrying')
    throw transient(`Delivery ${d.delivery_id} attempt ${attempts} failed: ${result.ok ? '' : result.error}`);
  return { status, attempts, ...(result.ok ? {} : { error: result.error }) };
}

/**
 * A delivery whose message will not be delivered again (it reached the dead letter after its bus deliveries were
 * exhausted before an attempt could record the outcome, e.g. while the database was unreachable; or it was too old
 * to act on): failed with `error`, unless it was delivered or failed already. True when it was failed now.
 */
export async function failUndelivered(ctx: AppContext, m: DeliverNotificationMessage, error: string) {
  return failDelivery(await ctx.db(), m.org_slug, m.delivery_id, error);
}
