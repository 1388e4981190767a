/**
 * Cost alerts, their firings (one per alert and period: what makes an alert fire at most once per period) and
 * scheduled summaries (daily, weekly, monthly digests). Alerts and summaries name the channels they go to; a deleted
 * channel is taken out of their lists.
 */
export const sql = `
CREATE TABLE alerts (
  alert_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cost_threshold', 'cost_change', 'forecast', 'pipeline_failure',
    'unpriced_usage', 'stale_data')),
  period text CHECK (period IN ('day', 'week', 'month')),
  threshold numeric,
  percent numeric,
  days int,
  scope jsonb NOT NULL DEFAULT '{}',
  channel_ids uuid[] NOT NULL DEFAULT '{}',
  severity text NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
  enabled boolean NOT NULL DEFAULT true,
  preset text,
  last_evaluated_at timestamptz,
  last_fired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_slug, name)
);
CREATE INDEX alerts_org ON alerts (org_slug, created_at);

-- One row per (alert, period): inserted (ON CONFLICT DO NOTHING) before any delivery of it is claimed, so a
-- re-evaluation, a duplicate message or a retry never fires the same period twice. period_key is the period's
-- start day for cost kinds, the run id for pipeline_failure, the provider and day for stale_data.
CREATE TABLE alert_firings (
  alert_id uuid NOT NULL REFERENCES alerts(alert_id) ON DELETE CASCADE,
  period_key text NOT NULL,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  period_start date NOT NULL,
  period_end date NOT NULL,
  value numeric NOT NULL,
  threshold numeric,
  details jsonb NOT NULL DEFAULT '{}',
  fired_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, period_key)
);
CREATE INDEX alert_firings_org ON alert_firings (org_slug, fired_at DESC);

CREATE TABLE notification_summaries (
  summary_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
  channel_ids uuid[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  last_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_summaries_org ON notification_summaries (org_slug, created_at);

ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_firings ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_summaries ENABLE ROW LEVEL SECURITY;
`;
