/** The costs benchmark's org: its services, hierarchy, and the SQL that generates its FOCUS rows inside DuckDB. */

export const START = '2026-01-01';
export const END = '2026-03-31';
export const DAYS = 90;

export interface Service {
  cost_type: 'cloud' | 'genai' | 'subscription';
  cloud?: string;
  genai?: string;
  provider: string;
  service: string;
  category: string;
  model?: string;
  pipeline: string;
  source: string;
  /** Relative share of rows. */
  weight: number;
}

const aws = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'aws',
  provider: 'AWS',
  service,
  category,
  pipeline: 'aws/cost/billing',
  source: 'cloud_aws_billing_raw_daily',
  weight,
});
const gcp = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'gcp',
  provider: 'Google Cloud',
  service,
  category,
  pipeline: 'gcp/cost/billing',
  source: 'cloud_gcp_billing_raw_daily',
  weight,
});
const azure = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'azure',
  provider: 'Microsoft',
  service,
  category,
  pipeline: 'azure/cost/billing',
  source: 'cloud_azure_billing_raw_daily',
  weight,
});
const oci = (service: string, category: string, weight: number): Service => ({
  cost_type: 'cloud',
  cloud: 'oci',
  provider: 'Oracle',
  service,
  category,
  pipeline: 'oci/cost/billing',
  source: 'cloud_oci_billing_raw_daily',
  weight,
});
const genai = (
  genaiId: string,
  provider: string,
  service: string,
  model: string,
  weight: number,
): Service => ({
  cost_type: 'genai',
  genai: genaiId,
  provider,
  service,
  category: 'AI and Machine Learning',
  model,
  pipeline: `${genaiId}/genai/usage`,
  source: 'genai_payg_costs_daily',
  weight,
});
const saas = (provider: string, category: string, weight: number): Service => ({
  cost_type: 'subscription',
  provider,
  service: provider,
  category,
  pipeline: 'saas/subscription/costs',
  source: 'saas_subscription_plans',
  weight,
});

/** 40 services of 4 clouds, 3 GenAI providers (one entry per model) and 6 SaaS tools; cloud rows dominate. */
export const CATALOG: Service[] = [
  aws('Amazon Elastic Compute Cloud', 'Compute', 24),
  aws('Amazon Simple Storage Service', 'Storage', 12),
  aws('Amazon Relational Database Service', 'Databases', 8),
  aws('AWS Lambda', 'Compute', 6),
  aws('Amazon CloudWatch', 'Management and Governance', 5),
  aws('Amazon Elastic Kubernetes Service', 'Compute', 5),
  aws('Amazon Virtual Private Cloud', 'Networking', 4),
  aws('Amazon DynamoDB', 'Databases', 3),
  gcp('Compute Engine', 'Compute', 14),
  gcp('Cloud Storage', 'Storage', 7),
  gcp('BigQuery', 'Analytics', 6),
  gcp('Cloud SQL', 'Databases', 4),
  gcp('Kubernetes Engine', 'Compute', 4),
  gcp('Networking', 'Networking', 3),
  azure('Virtual Machines', 'Compute', 8),
  azure('Storage', 'Storage', 4),
  azure('Azure SQL Database', 'Databases', 3),
  azure('Azure Kubernetes Service', 'Compute', 2),
  oci('Compute', 'Compute', 2),
  oci('Object Storage', 'Storage', 1),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-4o', 4),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-4o-mini', 5),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-5', 3),
  genai('openai', 'OpenAI', 'OpenAI API', 'gpt-5-mini', 3),
  genai('openai', 'OpenAI', 'OpenAI API', 'text-embedding-3-small', 2),
  genai('anthropic', 'Anthropic', 'Claude API', 'claude-sonnet-4-5', 4),
  genai('anthropic', 'Anthropic', 'Claude API', 'claude-haiku-4-5', 3),
  genai('anthropic', 'Anthropic', 'Claude API', 'claude-opus-4-1', 1),
  genai('gemini', 'Google', 'Gemini API', 'gemini-2.5-pro', 2),
  genai('gemini', 'Google', 'Gemini API', 'gemini-2.5-flash', 2),
  saas('Slack', 'Business Applications', 1),
  saas('GitHub', 'Developer Tools', 1),
  saas('Datadog', 'Management and Governance', 1),
  saas('Atlassian', 'Business Applications', 1),
  saas('Figma', 'Business Applications', 1),
  saas('Notion', 'Business Applications', 1),
];

const DEPARTMENTS = ['Engineering', 'Data', 'Sales', 'Marketing'];
const PROJECTS = ['Platform', 'Checkout', 'Search'];
const TEAMS = ['Core', 'Infra', 'Growth'];

/** 4 departments x 3 projects x 3 teams (codes numbered per level, as the hierarchy service assigns them). */
export function entities() {
  const out: { id: string; name: string; level: string; path: string; names: string; weight: number }[] = [];
  let p = 0;
  let t = 0;
  DEPARTMENTS.forEach((dept, d) => {
    const deptId = `DEPT-${String(d + 1).padStart(3, '0')}`;
    out.push({
      id: deptId,
      name: dept,
      level: 'department',
      path: `/${deptId}`,
      names: `/${dept}`,
      weight: 1,
    });
    for (const project of PROJECTS) {
      const projId = `PROJ-${String(++p).padStart(3, '0')}`;
      out.push({
        id: projId,
        name: `${dept} ${project}`,
        level: 'project',
        path: `/${deptId}/${projId}`,
        names: `/${dept}/${project}`,
        weight: 2,
      });
      for (const team of TEAMS) {
        const teamId = `TEAM-${String(++t).padStart(3, '0')}`;
        out.push({
          id: teamId,
          name: `${dept} ${project} ${team}`,
          level: 'team',
          path: `/${deptId}/${projId}/${teamId}`,
          names: `/${dept}/${project}/${team}`,
          weight: 6,
        });
      }
    }
  });
  return out;
}

const lit = (v: string | null | undefined) =>
  v === null || v === undefined ? 'NULL' : `'${v.replace(/'/g, "''")}'`;

/** A weighted choice table as VALUES: entry i appears `weight` times, keyed 0..total-1. */
function weighted<T extends { weight: number }>(items: T[], cells: (t: T) => string[]) {
  const rows: string[] = [];
  for (const item of items)
    for (let w = 0; w < item.weight; w++) rows.push(`(${rows.length}, ${cells(item).join(', ')})`);
  return { values: rows.join(',\n      '), size: rows.length };
}

/**
 * INSERT ... SELECT of FOCUS rows [from, to) of `org`: row i's choices are hashes of i (DuckDB's hash(), so the
 * data is the same on every run), spread uniformly over the 90 days and 24 hours. Every REQUIRED column and the
 * lineage filled; money with up to 9 decimals (billed up to 250, effective 70-100% of billed on 30% of rows,
 * list 20% above billed), ~1% credits (negative), ~2% tax; 95% USD, 4% EUR, 1% GBP; 20% unallocated.
 */
export function generateSql(table: string, org: string, from: number, to: number): string {
  const cat = weighted(CATALOG, (s) => [
    lit(s.cost_type),
    lit(s.cloud),
    lit(s.genai),
    lit(s.provider),
    lit(s.service),
    lit(s.category),
    lit(s.model),
    lit(s.pipeline),
    lit(s.source),
  ]);
  const ent = weighted(entities(), (e) => [lit(e.id), lit(e.name), lit(e.level), lit(e.path), lit(e.names)]);
  return `INSERT INTO ${table} BY NAME
${choicesSql(cat, ent, from, to)}
SELECT
${focusColumnsSql(org)}
FROM x
JOIN cat ON cat.k = x.ck
LEFT JOIN ent ON ent.k = x.ek`;
}

type Choices = ReturnType<typeof weighted>;

/** The CTEs: the choice tables, then each row's hashed choices (service, entity, hour, currency, money). */
function choicesSql(cat: Choices, ent: Choices, from: number, to: number): string {
  const h = (salt: number, mod: number) => `(hash(g.i, ${salt}) % ${mod})`;
  return `WITH cat(k, cost_type, cloud, genai, provider, service, category, model, pipeline, source) AS (VALUES
      ${cat.values}),
ent(k, id, name, lvl, path, names) AS (VALUES
      ${ent.values}),
g AS (
  SELECT range AS i FROM range(${from}, ${to})
),
r AS (
  SELECT
    g.i,
    ${h(1, cat.size)} AS ck,
    CASE WHEN ${h(2, 100)} < 20 THEN NULL ELSE ${h(3, ent.size)} END AS ek,
    TIMESTAMPTZ '${START} 00:00:00+00' + to_days(CAST(${h(4, DAYS)} AS INTEGER)) AS day,
    CAST(${h(5, 24)} AS INTEGER) AS hour,
    CASE WHEN ${h(6, 100)} < 95 THEN 'USD' WHEN ${h(6, 100)} < 99 THEN 'EUR' ELSE 'GBP' END AS currency,
    ${h(7, 100)} AS kind,
    CAST(${h(8, 1000000000)} * (1 + ${h(9, 250)}) AS BIGINT) AS nanos,
    ${h(10, 100)} < 30 AS discounted,
    CAST(70 + ${h(11, 31)} AS BIGINT) AS pct,
    ${h(12, 5000)} AS resource
  FROM g
),
x AS (
  SELECT r.*, CASE WHEN r.kind = 0 THEN -r.nanos // 10 ELSE r.nanos END AS billed_nanos
  FROM r
)`;
}

/** The FOCUS columns of a generated row, from its choices (x), service (cat) and entity (ent). */
function focusColumnsSql(org: string): string {
  return `  CAST(CAST(x.billed_nanos AS DECIMAL(18, 0)) * CAST(0.000000001 AS DECIMAL(10, 9)) AS DECIMAL(38, 18)) AS BilledCost,
  CAST(CAST(CASE WHEN x.discounted THEN x.billed_nanos * x.pct // 100 ELSE x.billed_nanos END AS DECIMAL(18, 0))
    * CAST(0.000000001 AS DECIMAL(10, 9)) AS DECIMAL(38, 18)) AS EffectiveCost,
  CAST(CAST(x.billed_nanos + x.billed_nanos // 5 AS DECIMAL(18, 0)) * CAST(0.000000001 AS DECIMAL(10, 9))
    AS DECIMAL(38, 18)) AS ListCost,
  CAST(CAST(x.billed_nanos AS DECIMAL(18, 0)) * CAST(0.000000001 AS DECIMAL(10, 9)) AS DECIMAL(38, 18)) AS ContractedCost,
  x.currency AS BillingCurrency,
  COALESCE(cat.cloud, cat.genai, lower(cat.provider)) || '-billing-0001' AS BillingAccountId,
  cat.provider || ' billing account' AS BillingAccountName,
  date_trunc('month', x.day) AS BillingPeriodStart,
  date_trunc('month', x.day) + INTERVAL 1 MONTH AS BillingPeriodEnd,
  CASE WHEN x.kind = 0 THEN 'Credit' WHEN x.kind < 3 THEN 'Tax' ELSE 'Usage' END AS ChargeCategory,
  cat.service || ' usage' AS ChargeDescription,
  CASE WHEN cat.cost_type = 'subscription' THEN 'Recurring' ELSE 'Usage-Based' END AS ChargeFrequency,
  x.day + to_hours(x.hour) AS ChargePeriodStart,
  x.day + to_hours(x.hour + 1) AS ChargePeriodEnd,
  cat.provider AS InvoiceIssuerName,
  cat.provider AS ProviderName,
  cat.provider AS PublisherName,
  cat.provider AS ServiceProviderName,
  cat.provider AS HostProviderName,
  cat.service AS ServiceName,
  cat.category AS ServiceCategory,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || '-region-' || (x.resource % 4) END AS RegionId,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || ':resource/' || x.resource END AS ResourceId,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || '-account-' || (x.resource % 12) END AS SubAccountId,
  '${org}' AS x_org_slug,
  cat.pipeline AS x_pipeline_id,
  CASE WHEN cat.cost_type = 'subscription' THEN NULL ELSE 'cred-' || COALESCE(cat.cloud, cat.genai) END AS x_credential_id,
  CAST(x.day AS DATE) AS x_pipeline_run_date,
  md5(cat.pipeline || CAST(CAST(x.day AS DATE) AS VARCHAR)) AS x_run_id,
  x.day + INTERVAL 1 DAY + INTERVAL 3 HOUR AS x_ingested_at,
  CAST(x.day + INTERVAL 1 DAY AS DATE) AS x_ingestion_date,
  cat.cloud AS x_cloud_provider,
  CASE WHEN cat.cloud IS NOT NULL THEN cat.cloud || '-billing-0001' END AS x_cloud_account_id,
  cat.genai AS x_genai_provider,
  CASE WHEN cat.genai IS NOT NULL THEN cat.genai || '-org-0001' END AS x_genai_account_id,
  cat.model AS x_genai_model,
  cat.cost_type AS x_cost_type,
  cat.source AS x_source_system,
  ent.id AS x_hierarchy_entity_id,
  ent.name AS x_hierarchy_entity_name,
  ent.lvl AS x_hierarchy_level_code,
  ent.path AS x_hierarchy_path,
  ent.names AS x_hierarchy_path_names`;
}
