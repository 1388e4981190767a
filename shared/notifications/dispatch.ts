import type { AppContext } from '../context.js';
import { DELIVER_NOTIFICATION_TOPIC } from '../contracts/alerts.js';
import { claimDelivery, type DeliveryClaim } from './deliveries.js';

export interface Dispatched {
  delivery_id: string;
  channel_id: string;
  /** Claimed now (false: the same channel and dedupe key was claimed before, so nothing new is sent). */
  claimed: boolean;
}

/**
 * Claims each delivery (notification_deliveries, unique per channel and dedupe key) and publishes one
 * `deliver-notification` message per delivery that has not been attempted yet: a new claim, or one claimed by an
 * earlier evaluation that stopped before publishing (a duplicate message is harmless: the sender takes a lease on
 * the row). A delivery already attempted (delivered, retrying on the bus, failed) is not published again.
 */
export async function dispatchDeliveries(ctx: AppContext, claims: DeliveryClaim[]): Promise<Dispatched[]> {
  if (claims.length === 0) return [];
  const db = await ctx.db();
  const bus = await ctx.bus();
  const out: Dispatched[] = [];
  for (const c of claims) {
    const claimed = await claimDelivery(db, c);
    let deliveryId = claimed;
    if (deliveryId === undefined) {
      const { rows } = await db.query<{ delivery_id: string }>(
        `SELECT delivery_id::text AS delivery_id FROM notification_deliveries
         WHERE channel_id = $1 AND dedupe_key = $2 AND attempts = 0 AND status = 'retrying'`,
        [c.channelId, c.dedupeKey],
      );
      deliveryId = rows[0]?.delivery_id;
      if (deliveryId === undefined) continue;
    }
    await bus.publish(DELIVER_NOTIFICATION_TOPIC, { org_slug: c.orgSlug, delivery_id: deliveryId });
    out.push({ delivery_id: deliveryId, channel_id: c.channelId, claimed: claimed !== undefined });
  }
  return out;
}
