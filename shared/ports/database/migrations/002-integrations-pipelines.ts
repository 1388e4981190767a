/** Integration credentials (ciphertext only), quota counters, pipeline runs, steps, logs and dead letters. */
export const sql = `
CREATE TABLE org_integration_credentials (
  credential_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  provider text NOT NULL,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('VALID', 'INVALID')),
  fingerprint text NOT NULL,
  ciphertext text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}',
  account_id text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  validated_at timestamptz,
  UNIQUE (org_slug, provider, name)
);
CREATE INDEX org_integration_credentials_org ON org_integration_credentials (org_slug, provider);

-- Runs started per org and period (day or month, UTC); a new period is a new row, so there is nothing to reset.
CREATE TABLE org_quota_usage (
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  period text NOT NULL CHECK (period IN ('day', 'month')),
  period_start date NOT NULL,
  runs int NOT NULL DEFAULT 0,
  PRIMARY KEY (org_slug, period, period_start)
);

CREATE TABLE pipeline_runs (
  run_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  pipeline_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
  trigger text NOT NULL CHECK (trigger IN ('manual', 'schedule', 'retry')),
  start_date date NOT NULL,
  end_date date NOT NULL,
  credential_id uuid,
  retry_of uuid,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX pipeline_runs_org ON pipeline_runs (org_slug, created_at DESC);
CREATE INDEX pipeline_runs_active ON pipeline_runs (org_slug) WHERE status IN ('PENDING', 'RUNNING');

CREATE TABLE pipeline_steps (
  run_id uuid NOT NULL REFERENCES pipeline_runs(run_id) ON DELETE CASCADE,
  step_id text NOT NULL,
  type text NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
  depends_on text[] NOT NULL DEFAULT '{}',
  config jsonb NOT NULL DEFAULT '{}',
  max_attempts int NOT NULL,
  timeout_seconds int NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  rows_written bigint,
  error text,
  queued_at timestamptz,
  started_at timestamptz,
  heartbeat_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (run_id, step_id)
);
CREATE INDEX pipeline_steps_active ON pipeline_steps (status, heartbeat_at) WHERE status IN ('QUEUED', 'RUNNING');

CREATE TABLE pipeline_state_transitions (
  id bigserial PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES pipeline_runs(run_id) ON DELETE CASCADE,
  step_id text,
  from_status text,
  to_status text NOT NULL,
  reason text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX pipeline_state_transitions_run ON pipeline_state_transitions (run_id, id);

CREATE TABLE pipeline_step_logs (
  id bigserial PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES pipeline_runs(run_id) ON DELETE CASCADE,
  step_id text,
  attempt int,
  level text NOT NULL,
  message text NOT NULL,
  fields jsonb,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX pipeline_step_logs_run ON pipeline_step_logs (run_id, id);

CREATE TABLE pipeline_dq_results (
  id bigserial PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES pipeline_runs(run_id) ON DELETE CASCADE,
  step_id text NOT NULL,
  check_name text NOT NULL,
  passed boolean NOT NULL,
  expected text,
  actual text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dead_letters (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  message_id text,
  run_id uuid,
  step_id text,
  payload jsonb,
  error text NOT NULL,
  attempts int,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE org_integration_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_quota_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE pipeline_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE pipeline_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE pipeline_state_transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE pipeline_step_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE pipeline_dq_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE dead_letters ENABLE ROW LEVEL SECURITY;
`;
