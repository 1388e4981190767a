/**
 * Notification channels (email, Slack, Microsoft Teams, signed webhooks) and every delivery sent through them.
 * A channel's secret material (Slack / Teams incoming-webhook URLs, a webhook's URL and signing secret) is only
 * stored encrypted, bound to org and channel id; `config` holds what may be shown (recipients, a masked URL).
 */
export const sql = `
CREATE TABLE notification_channels (
  channel_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('email', 'slack', 'teams', 'webhook')),
  config jsonb NOT NULL DEFAULT '{}',
  secret_ciphertext text,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_slug, name)
);
CREATE INDEX notification_channels_org ON notification_channels (org_slug, created_at);

-- One row per message to one channel. (channel_id, dedupe_key) is unique, so a message for the same alert and
-- period (or summary and period) is recorded, and sent, once. The channel id is kept when the channel is deleted:
-- the history stays.
CREATE TABLE notification_deliveries (
  delivery_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  channel_id uuid NOT NULL,
  event text NOT NULL CHECK (event IN ('alert.fired', 'summary', 'test')),
  alert_id uuid,
  summary_id uuid,
  dedupe_key text NOT NULL,
  status text NOT NULL CHECK (status IN ('delivered', 'retrying', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  last_status int,
  last_error text,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (channel_id, dedupe_key)
);
CREATE INDEX notification_deliveries_org ON notification_deliveries (org_slug, created_at DESC, delivery_id DESC);

ALTER TABLE notification_channels ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
`;
