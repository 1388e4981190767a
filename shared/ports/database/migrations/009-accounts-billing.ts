/**
 * Accounts and billing: the Stripe side of a subscription (period end, cancel at period end, price, the newest
 * Stripe event applied), every Stripe event received (each applied once), every plan or status change with its
 * before and after, the idempotency keys of self-serve org creation, and the fixed-window rate-limit counters.
 */
export const sql = `
ALTER TABLE org_subscriptions
  ADD COLUMN current_period_end timestamptz,
  ADD COLUMN cancel_at_period_end boolean NOT NULL DEFAULT false,
  ADD COLUMN stripe_price_id text,
  ADD COLUMN stripe_event_created timestamptz,
  ADD COLUMN stripe_event_id text;
CREATE UNIQUE INDEX org_subscriptions_stripe_subscription ON org_subscriptions (stripe_subscription_id)
  WHERE stripe_subscription_id IS NOT NULL;
CREATE INDEX org_subscriptions_stripe_customer ON org_subscriptions (stripe_customer_id)
  WHERE stripe_customer_id IS NOT NULL;
CREATE INDEX org_subscriptions_trial_end ON org_subscriptions (trial_ends_at) WHERE status = 'TRIAL';

-- Every Stripe event received, by id: a redelivery finds its row and changes nothing.
CREATE TABLE stripe_events (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  org_slug text REFERENCES organizations(org_slug) ON DELETE SET NULL,
  event_created timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('applied', 'stale', 'ignored')),
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Every plan or status change: who (user:, api_key:, root, stripe:<event id>, job:<name>), what, when, before/after.
CREATE TABLE plan_change_audit (
  id bigserial PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  actor text NOT NULL,
  source text NOT NULL CHECK (source IN ('onboard', 'checkout', 'webhook', 'trial_expiry', 'operator')),
  old_plan text,
  new_plan text NOT NULL,
  old_status text,
  new_status text NOT NULL,
  details jsonb,
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_change_audit_org ON plan_change_audit (org_slug, created_at);

-- POST /organizations with an Idempotency-Key: the org it created and its response, encrypted (it holds the
-- API key, shown once), kept 24 hours so a retry returns the same org and key.
CREATE TABLE org_create_requests (
  user_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  org_slug text REFERENCES organizations(org_slug) ON DELETE CASCADE,
  response_ciphertext text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX org_create_requests_created ON org_create_requests (created_at);

-- Requests per caller (API key, user, or IP for anonymous calls) and fixed window: a new window is a new row.
CREATE TABLE rate_limit_windows (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits int NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_windows_start ON rate_limit_windows (window_start);

ALTER TABLE stripe_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_change_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_create_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE rate_limit_windows ENABLE ROW LEVEL SECURITY;
`;
