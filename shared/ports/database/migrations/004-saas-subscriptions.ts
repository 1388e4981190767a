/** SaaS subscriptions entered by hand: providers enabled per org, plans, and dated seat / price changes. */
export const sql = `
CREATE TABLE saas_org_providers (
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  provider text NOT NULL,
  enabled boolean NOT NULL,
  -- Set when the provider is switched off: its plans stop accruing that day; history before it stays.
  disabled_from date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_slug, provider)
);

CREATE TABLE saas_subscription_plans (
  plan_id uuid PRIMARY KEY,
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  provider text NOT NULL,
  plan_name text NOT NULL,
  display_name text,
  category text,
  enabled boolean NOT NULL DEFAULT true,
  -- Set when the plan is switched off: it stops accruing that day; history before it stays.
  disabled_from date,
  start_date date NOT NULL,
  end_date date,
  billing_cycle text NOT NULL CHECK (billing_cycle IN ('monthly', 'quarterly', 'semi_annual', 'annual', 'custom')),
  custom_cycle_months int CHECK (custom_cycle_months BETWEEN 1 AND 36),
  custom_cycle_days int CHECK (custom_cycle_days BETWEEN 1 AND 3660),
  pricing_model text NOT NULL CHECK (pricing_model IN ('PER_SEAT', 'FLAT_FEE')),
  unit_price numeric NOT NULL CHECK (unit_price >= 0),
  seats int NOT NULL DEFAULT 1 CHECK (seats >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  discount_type text CHECK (discount_type IN ('percent', 'fixed')),
  discount_value numeric CHECK (discount_value >= 0),
  auto_renew boolean NOT NULL DEFAULT true,
  hierarchy_entity_id text,
  owner_email text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK ((billing_cycle = 'custom') = ((custom_cycle_months IS NULL) <> (custom_cycle_days IS NULL))),
  UNIQUE (org_slug, provider, plan_name)
);
CREATE INDEX saas_subscription_plans_org ON saas_subscription_plans (org_slug, provider);

-- A seat or price change from effective_date on (prorated inside its billing cycle).
CREATE TABLE saas_subscription_plan_changes (
  plan_id uuid NOT NULL REFERENCES saas_subscription_plans(plan_id) ON DELETE CASCADE,
  effective_date date NOT NULL,
  unit_price numeric CHECK (unit_price >= 0),
  seats int CHECK (seats >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_id, effective_date),
  CHECK (unit_price IS NOT NULL OR seats IS NOT NULL)
);

ALTER TABLE saas_org_providers ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_subscription_plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE saas_subscription_plan_changes ENABLE ROW LEVEL SECURITY;
`;
