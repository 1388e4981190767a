/**
 * Seeded FOCUS 1.3 cost rows for tests of the cost readers: several clouds, GenAI providers and SaaS tools,
 * services and categories, hierarchy entities (and unallocated rows), two currencies, costs with up to 9
 * decimals, and a cloud-billed GenAI day that a GenAI import also covers (the counted-once case). Rows carry
 * lineage, so they can be written with the warehouse port's replaceSlice like a pipeline's.
 */
import { costDataStandard13 } from '../datasets/index.js';
import { prng } from './prng.js';

interface Source {
  cost_type: 'cloud' | 'genai' | 'subscription';
  cloud?: string;
  genai?: string;
  provider_name: string;
  services: [string, string][];
}

const SOURCES: Source[] = [
  {
    cost_type: 'cloud',
    cloud: 'aws',
    provider_name: 'AWS',
    services: [
      ['Amazon Elastic Compute Cloud', 'Compute'],
      ['Amazon Simple Storage Service', 'Storage'],
      ['Amazon Relational Database Service', 'Databases'],
    ],
  },
  {
    cost_type: 'cloud',
    cloud: 'gcp',
    provider_name: 'Google Cloud',
    services: [
      ['Compute Engine', 'Compute'],
      ['BigQuery', 'Analytics'],
    ],
  },
  {
    cost_type: 'cloud',
    cloud: 'azure',
    provider_name: 'Microsoft',
    services: [['Virtual Machines', 'Compute']],
  },
  {
    cost_type: 'genai',
    genai: 'openai',
    provider_name: 'OpenAI',
    services: [['OpenAI API', 'AI and Machine Learning']],
  },
  {
    cost_type: 'genai',
    genai: 'anthropic',
    provider_name: 'Anthropic',
    services: [['Claude API', 'AI and Machine Learning']],
  },
  {
    cost_type: 'subscription',
    provider_name: 'Slack',
    services: [['Slack', 'Business Applications']],
  },
];

export const TEST_ENTITIES = [
  { id: 'DEPT-001', name: 'Engineering', level: 'department', path: '/DEPT-001', names: '/Engineering' },
  {
    id: 'PROJ-001',
    name: 'Platform',
    level: 'project',
    path: '/DEPT-001/PROJ-001',
    names: '/Engineering/Platform',
  },
  {
    id: 'TEAM-001',
    name: 'Core',
    level: 'team',
    path: '/DEPT-001/PROJ-001/TEAM-001',
    names: '/Engineering/Platform/Core',
  },
  { id: 'DEPT-002', name: 'Sales', level: 'department', path: '/DEPT-002', names: '/Sales' },
];

const day = (start: string, offset: number) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** A FOCUS row with every REQUIRED column filled. */
function focusRow(
  org: string,
  pipeline: string,
  d: string,
  s: Source,
  service: [string, string],
  billed: string,
  effective: string,
  currency: string,
  entity: (typeof TEST_ENTITIES)[number] | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const month = d.slice(0, 7);
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  return {
    BilledCost: billed,
    EffectiveCost: effective,
    ListCost: billed,
    ContractedCost: billed,
    BillingCurrency: currency,
    BillingAccountId: `${s.cloud ?? s.genai ?? 'saas'}-account`,
    BillingPeriodStart: `${month}-01T00:00:00Z`,
    BillingPeriodEnd: next.toISOString().replace('.000', ''),
    ChargeCategory: 'Usage',
    ChargeClass: null,
    ChargeDescription: `${service[0]} usage`,
    ChargeFrequency: 'Usage-Based',
    ChargePeriodStart: `${d}T00:00:00Z`,
    ChargePeriodEnd: `${day(d, 1)}T00:00:00Z`,
    InvoiceIssuerName: s.provider_name,
    ProviderName: s.provider_name,
    PublisherName: s.provider_name,
    ServiceProviderName: s.provider_name,
    HostProviderName: s.provider_name,
    ServiceName: service[0],
    ServiceCategory: service[1],
    x_org_slug: org,
    x_pipeline_id: pipeline,
    x_credential_id: null,
    x_pipeline_run_date: d,
    x_run_id: 'fixture',
    x_ingested_at: '2026-01-01T00:00:00Z',
    x_ingestion_date: '2026-01-01',
    x_cloud_provider: s.cloud ?? null,
    x_cloud_account_id: s.cloud ? `${s.cloud}-account` : null,
    x_genai_provider: s.genai ?? null,
    x_genai_model: s.genai === 'openai' ? 'gpt-4o' : s.genai === 'anthropic' ? 'claude-sonnet-4-5' : null,
    x_cost_type: s.cost_type,
    x_source_system: 'fixture',
    x_hierarchy_entity_id: entity?.id ?? null,
    x_hierarchy_entity_name: entity?.name ?? null,
    x_hierarchy_level_code: entity?.level ?? null,
    x_hierarchy_path: entity?.path ?? null,
    x_hierarchy_path_names: entity?.names ?? null,
    ...extra,
  };
}

/** A money amount with up to 9 decimals below `max`, as exact text. */
const amount = (rnd: () => number, max: number) => (Math.floor(rnd() * max * 1e9) / 1e9).toFixed(9);

/**
 * `count` seeded FOCUS rows of `org` over `days` days from `start`, all under pipeline `pipeline` (one slice per
 * run date), plus the counted-once case on the first day: Bedrock billed in the AWS bill (cloud row with
 * x_genai_provider) and the same money imported through the Bedrock GenAI pipeline (uncounted).
 */
export function focusFixtureRows(
  org: string,
  opts: { start: string; days: number; count: number; seed?: number; pipeline?: string },
): Record<string, unknown>[] {
  const rnd = prng(opts.seed ?? 42);
  const pipeline = opts.pipeline ?? 'fixture/cost/rows';
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < opts.count; i++) {
    const s = SOURCES[Math.floor(rnd() * SOURCES.length)]!;
    const service = s.services[Math.floor(rnd() * s.services.length)]!;
    const pick = rnd();
    const entity = pick < 0.2 ? null : TEST_ENTITIES[Math.floor(rnd() * TEST_ENTITIES.length)]!;
    const currency = rnd() < 0.1 ? 'EUR' : 'USD';
    const billed = amount(rnd, 50);
    const effective = rnd() < 0.3 ? amount(rnd, 50) : billed;
    rows.push(
      focusRow(
        org,
        pipeline,
        day(opts.start, Math.floor(rnd() * opts.days)),
        s,
        service,
        billed,
        effective,
        currency,
        entity,
      ),
    );
  }
  const bedrockCloud: Source = { cost_type: 'cloud', cloud: 'aws', provider_name: 'AWS', services: [] };
  const bedrockImport: Source = { cost_type: 'genai', genai: 'bedrock', provider_name: 'AWS', services: [] };
  const bedrock: [string, string] = ['Amazon Bedrock', 'AI and Machine Learning'];
  rows.push(
    focusRow(org, pipeline, opts.start, bedrockCloud, bedrock, '12.5', '12.5', 'USD', TEST_ENTITIES[2]!, {
      x_genai_provider: 'bedrock',
      x_genai_model: 'claude-3-5-sonnet',
    }),
    focusRow(org, pipeline, opts.start, bedrockImport, bedrock, '12.5', '12.5', 'USD', TEST_ENTITIES[2]!, {
      x_genai_model: 'claude-3-5-sonnet',
    }),
  );
  return rows;
}

/** The FOCUS table's column names (for writers that pass whole rows). */
export const FOCUS_TABLE_COLUMNS = costDataStandard13.columns.map((c) => c.name);
