/** Organizations, plans, API keys, members and the audit log. RLS on, no policies: only the owner reads. */
export const sql = `
CREATE TABLE organizations (
  org_slug text PRIMARY KEY CHECK (org_slug ~ '^[a-z0-9_]{3,50}$'),
  org_name text NOT NULL,
  admin_email text NOT NULL,
  contact_name text,
  contact_phone text,
  billing_email text,
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  timezone text NOT NULL DEFAULT 'UTC',
  fiscal_year_start_month int NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
  dataset text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_subscriptions (
  org_slug text PRIMARY KEY REFERENCES organizations(org_slug) ON DELETE CASCADE,
  plan text NOT NULL CHECK (plan IN ('STARTER', 'PROFESSIONAL', 'SCALE')),
  status text NOT NULL CHECK (status IN ('TRIAL', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'EXPIRED')),
  trial_ends_at timestamptz,
  daily_limit int NOT NULL,
  monthly_limit int NOT NULL,
  concurrent_limit int NOT NULL,
  seat_limit int NOT NULL,
  provider_limit int NOT NULL,
  stripe_customer_id text,
  stripe_subscription_id text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_api_keys (
  key_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  fingerprint text NOT NULL,
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REVOKED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX org_api_keys_org ON org_api_keys (org_slug, status);

CREATE TABLE org_members (
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  email text NOT NULL,
  user_id text,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_slug, email)
);
CREATE INDEX org_members_user ON org_members (user_id);
CREATE INDEX org_members_email ON org_members (lower(email));

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  org_slug text,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  details jsonb,
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_org ON audit_log (org_slug, created_at);

-- Local development identity (Supabase Auth stand-in). Unused in production, where Supabase Auth owns users.
CREATE TABLE local_auth_users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  user_metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);
CREATE TABLE local_auth_refresh_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES local_auth_users(id) ON DELETE CASCADE,
  session_id uuid NOT NULL,
  revoked boolean NOT NULL DEFAULT false,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_auth_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_auth_refresh_tokens ENABLE ROW LEVEL SECURITY;
`;
