import type { AppContext } from '../context.js';
import { changeSubscription, lockSubscription } from './subscription.js';

/**
 * Suspends every org whose trial ended (`trial_ends_at` at or before `now`) without a Stripe subscription: it
 * keeps reading its costs but runs no pipeline until it subscribes. A trial that Stripe runs (a subscription in
 * `trialing`) is left to Stripe, whose webhook says what happens when it ends. Each org in its own transaction,
 * re-checked under its row lock, so a checkout landing meanwhile wins.
 */
export async function expireTrials(ctx: AppContext, now: Date): Promise<{ suspended: string[] }> {
  const db = await ctx.db();
  const due = await db.query<{ org_slug: string }>(
    `SELECT org_slug FROM org_subscriptions
     WHERE status = 'TRIAL' AND trial_ends_at <= $1 AND stripe_subscription_id IS NULL ORDER BY org_slug`,
    [now],
  );
  const suspended: string[] = [];
  for (const { org_slug } of due.rows) {
    await db.transaction(async (tx) => {
      const sub = await lockSubscription(tx, org_slug);
      if (sub.status !== 'TRIAL' || sub.stripe_subscription_id || !sub.trial_ends_at) return;
      if (new Date(sub.trial_ends_at).getTime() > now.getTime()) return;
      await changeSubscription(
        tx,
        sub,
        { status: 'SUSPENDED' },
        {
          actor: 'job:trial-expiry',
          source: 'trial_expiry',
          details: { trial_ends_at: new Date(sub.trial_ends_at).toISOString() },
        },
      );
      suspended.push(org_slug);
    });
  }
  return { suspended };
}
