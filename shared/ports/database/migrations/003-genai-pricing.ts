/** Org GenAI price overrides (negotiated prices), dated: each row applies from effective_from on. */
export const sql = `
CREATE TABLE genai_price_overrides (
  org_slug text NOT NULL REFERENCES organizations(org_slug) ON DELETE CASCADE,
  provider text NOT NULL,
  model text NOT NULL,
  effective_from date NOT NULL,
  effective_to date,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rates jsonb NOT NULL,
  batch_discount_pct numeric,
  notes text,
  updated_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_slug, provider, model, effective_from),
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);
ALTER TABLE genai_price_overrides ENABLE ROW LEVEL SECURITY;
`;
