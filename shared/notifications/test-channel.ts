import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { loadChannelTarget } from './channels.js';
import { claimDelivery, recordAttempt } from './deliveries.js';
import { testMessage } from './message.js';
import { sendToChannel, type SendOptions } from './send.js';

/** How a context sends: its settings (loopback allowed or not, the SMTP server and From address). */
export const sendOptionsOf = (ctx: AppContext): SendOptions => ({
  allowLoopback: ctx.config.ALLOW_LOOPBACK_WEBHOOKS,
  mail: { smtpUrl: ctx.config.SMTP_URL, from: ctx.config.SMTP_FROM },
});

/**
 * Sends a real `test` message through one of the org's channels now (enabled or not: an admin checks a channel
 * before turning it on), records it in the history as one final attempt, and answers the outcome.
 */
export async function testChannel(ctx: AppContext, orgSlug: string, channelId: string) {
  const { target } = await loadChannelTarget(ctx, orgSlug, channelId);
  const db = await ctx.db();
  const { rows } = await db.query<{ currency: string }>(
    'SELECT currency FROM organizations WHERE org_slug = $1',
    [orgSlug],
  );
  const message = testMessage(orgSlug, rows[0]?.currency ?? 'USD');
  const deliveryId = (await claimDelivery(db, {
    orgSlug,
    channelId,
    message,
    dedupeKey: `test:${randomUUID()}`,
  }))!;
  const result = await sendToChannel(target, message, sendOptionsOf(ctx));
  const status = await recordAttempt(db, deliveryId, result, true);
  ctx.log.info('notification test sent', {
    org_slug: orgSlug,
    channel_id: channelId,
    channel_type: target.type,
    status,
    ...(result.ok ? {} : { error: result.error }),
  });
  return {
    delivery_id: deliveryId,
    channel_id: channelId,
    status,
    http_status: result.status ?? null,
    error: result.ok ? null : result.error,
    retryable: result.ok ? false : result.retryable,
  };
}
