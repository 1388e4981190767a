/**
 * The Stripe webhook: verify the signature over the raw body, then in one transaction record the event id
 * (a redelivery changes nothing), find the org, lock its subscription and apply the event through
 * changeSubscription, unless an event of that subscription at least as new was applied already. Only the
 * event payload is used (Stripe is never called back); the payload itself is not kept.
 */
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Config } from '../config/config.js';
import type { Queryable } from '../ports/database/port.js';
import { verifyPaymentEvent } from '../ports/payments/open.js';
import type { PaymentEvent } from '../ports/payments/port.js';
import { AppError } from '../errors/index.js';
import { planOfPrice } from './plans.js';
import {
  changeSubscription,
  lockSubscription,
  type SubscriptionChange,
  type SubscriptionRow,
} from './subscription.js';
import { LIVE_STATUSES, stripeFacts, type StripeFacts } from './stripe-events.js';

/** How old a signed delivery may be (Stripe's own default): an older one is refused as a possible replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookOutcome = 'applied' | 'stale' | 'ignored' | 'duplicate';

const EventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const invalidSignature = () =>
  new AppError('invalid', 'Missing or invalid Stripe-Signature for this body.', {
    code: 'INVALID_SIGNATURE',
  });

/** Verifies and applies one delivery; the outcome is for the log line (the answer is always `received`). */
export async function receiveStripeWebhook(
  ctx: AppContext,
  rawBody: string,
  signature: string | null,
): Promise<{ event: { id: string; type: string }; outcome: WebhookOutcome }> {
  // An unsigned request is refused whatever the configuration: only a signed one can be Stripe's.
  if (!signature) throw invalidSignature();
  const secret = await (await ctx.secrets()).get('stripe-webhook-secret');
  if (!secret) {
    throw new AppError('unavailable', 'Stripe webhooks are not configured (stripe-webhook-secret).', {
      code: 'WEBHOOK_NOT_CONFIGURED',
    });
  }
  let event: PaymentEvent;
  try {
    const parsed = EventSchema.safeParse(
      await verifyPaymentEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS),
    );
    if (!parsed.success) throw invalidSignature();
    event = parsed.data;
  } catch {
    throw invalidSignature();
  }
  const facts = stripeFacts(event.type, event.data.object);
  const db = await ctx.db();
  const outcome = await db.transaction((tx) => applyEvent(tx, ctx.config, event, facts));
  return { event: { id: event.id, type: event.type }, outcome };
}

/** Records the event once and applies it to its org's subscription (in the caller's transaction). */
export async function applyEvent(
  tx: Queryable,
  config: Config,
  event: PaymentEvent,
  facts: StripeFacts,
): Promise<WebhookOutcome> {
  const inserted = await tx.query(
    `INSERT INTO stripe_events (event_id, type, event_created, outcome) VALUES ($1, $2, $3, 'ignored')
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [event.id, event.type, new Date(event.created * 1000)],
  );
  if (inserted.rows.length === 0) return 'duplicate';
  const org = facts.kind === 'other' ? null : await findOrg(tx, facts);
  let outcome: WebhookOutcome = 'ignored';
  if (org && facts.kind !== 'other') {
    const before = await lockSubscription(tx, org);
    outcome = await applyFacts(tx, config, before, event, facts);
  }
  await tx.query('UPDATE stripe_events SET org_slug = $2, outcome = $3 WHERE event_id = $1', [
    event.id,
    org,
    outcome,
  ]);
  return outcome;
}

type OrgFacts = Exclude<StripeFacts, { kind: 'other' }>;

/**
 * The org an event belongs to: the slug it names (client_reference_id, metadata.org_slug), else the org holding
 * its subscription, else its customer. An org named by slug while another org holds the subscription is none.
 */
async function findOrg(tx: Queryable, f: OrgFacts): Promise<string | null> {
  const one = async (sql: string, value: string | null) =>
    value ? ((await tx.query<{ org_slug: string }>(sql, [value])).rows[0]?.org_slug ?? null) : null;
  const bySub = await one(
    'SELECT org_slug FROM org_subscriptions WHERE stripe_subscription_id = $1',
    f.subscriptionId,
  );
  if (f.orgSlug) {
    const named = await one('SELECT org_slug FROM org_subscriptions WHERE org_slug = $1', f.orgSlug);
    if (named) return bySub && bySub !== named ? null : named;
    if (f.kind === 'checkout') return null;
  }
  if (bySub) return bySub;
  return one(
    'SELECT org_slug FROM org_subscriptions WHERE stripe_customer_id = $1 ORDER BY org_slug LIMIT 1',
    f.customerId,
  );
}

/** True when `event` comes after the last event applied to the row's subscription (ties by event id). */
function isNewer(row: SubscriptionRow, event: PaymentEvent): boolean {
  if (!row.stripe_event_created) return true;
  const last = new Date(row.stripe_event_created).getTime();
  const at = event.created * 1000;
  return at > last || (at === last && event.id > (row.stripe_event_id ?? ''));
}

function applyFacts(
  tx: Queryable,
  config: Config,
  row: SubscriptionRow,
  event: PaymentEvent,
  f: OrgFacts,
): Promise<WebhookOutcome> {
  if (f.kind === 'subscription') return applySubscription(tx, config, row, event, f);
  if (f.kind === 'checkout') return applyCheckout(tx, row, event, f);
  return applyInvoice(tx, row, event, f);
}

const by = (event: PaymentEvent, details: Record<string, unknown> = {}) => ({
  actor: `stripe:${event.id}`,
  source: 'webhook' as const,
  details: { event_type: event.type, ...details },
});

/**
 * A subscription snapshot (created, updated, deleted). Of the org's current subscription it applies when newer
 * than the last one applied; another subscription takes over only when it is live and the current one is not,
 * or it is newer and either it is live or the current one is not (an old subscription's `deleted` after a new
 * one is live changes nothing).
 */
async function applySubscription(
  tx: Queryable,
  config: Config,
  row: SubscriptionRow,
  event: PaymentEvent,
  f: Extract<StripeFacts, { kind: 'subscription' }>,
): Promise<WebhookOutcome> {
  const newer = isNewer(row, event);
  if (row.stripe_subscription_id && row.stripe_subscription_id !== f.subscriptionId) {
    const rowLive = LIVE_STATUSES.has(row.status);
    const takesOver = LIVE_STATUSES.has(f.status) ? !rowLive || newer : !rowLive && newer;
    if (!takesOver) return 'ignored';
  } else if (!newer) {
    return 'stale';
  }
  const plan = planOfPrice(config, f.priceId);
  const change: SubscriptionChange = {
    status: f.status,
    ...(plan ? { plan } : {}),
    current_period_end: f.currentPeriodEnd,
    cancel_at_period_end: f.cancelAtPeriodEnd,
    trial_ends_at: f.trialEndsAt,
    stripe_subscription_id: f.subscriptionId,
    ...(f.customerId ? { stripe_customer_id: f.customerId } : {}),
    ...(f.priceId ? { stripe_price_id: f.priceId } : {}),
    stripe_event_created: new Date(event.created * 1000),
    stripe_event_id: event.id,
  };
  await changeSubscription(
    tx,
    row,
    change,
    by(event, f.priceId && !plan ? { unknown_price: f.priceId } : {}),
  );
  return 'applied';
}

/**
 * A completed checkout links the customer and subscription to an org that has no subscription yet (or this
 * one). It never replaces another subscription: that one's own events decide, by the rule above.
 */
async function applyCheckout(
  tx: Queryable,
  row: SubscriptionRow,
  event: PaymentEvent,
  f: Extract<StripeFacts, { kind: 'checkout' }>,
): Promise<WebhookOutcome> {
  const sameOrNone = !row.stripe_subscription_id || row.stripe_subscription_id === f.subscriptionId;
  const change: SubscriptionChange = {};
  if (sameOrNone && f.subscriptionId) change.stripe_subscription_id = f.subscriptionId;
  if (f.customerId && (!row.stripe_customer_id || (sameOrNone && f.subscriptionId)))
    change.stripe_customer_id = f.customerId;
  const changes = Object.entries(change).some(([k, v]) => row[k as keyof SubscriptionRow] !== v);
  if (!changes) return 'ignored';
  await changeSubscription(tx, row, change, by(event));
  return 'applied';
}

/**
 * An invoice of the org's current subscription: paid lifts SUSPENDED to ACTIVE, failed suspends TRIAL or ACTIVE
 * (a $0 trial invoice leaves a trial a trial). Ordered with the subscription's other events.
 */
async function applyInvoice(
  tx: Queryable,
  row: SubscriptionRow,
  event: PaymentEvent,
  f: Extract<StripeFacts, { kind: 'invoice' }>,
): Promise<WebhookOutcome> {
  if (!f.subscriptionId || f.subscriptionId !== row.stripe_subscription_id) return 'ignored';
  if (!isNewer(row, event)) return 'stale';
  const status = f.paid
    ? row.status === 'SUSPENDED'
      ? 'ACTIVE'
      : row.status
    : row.status === 'TRIAL' || row.status === 'ACTIVE'
      ? 'SUSPENDED'
      : row.status;
  await changeSubscription(
    tx,
    row,
    { status, stripe_event_created: new Date(event.created * 1000), stripe_event_id: event.id },
    by(event),
  );
  return 'applied';
}
