import { z } from 'zod';
import { route } from './route.js';
import { DateRangeSchema } from './day.js';
import { DateSchema, orgMember, OrgParamsSchema, orgViewer, TimestampSchema } from './common.js';
import { RunStatusSchema } from './pipelines.js';

const Money = z.number();

export const COST_TYPES = ['cloud', 'genai', 'subscription'] as const;
export type CostType = (typeof COST_TYPES)[number];
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The longest range one cost request may read (days, both ends included): three years and a leap day. */
export const MAX_COST_RANGE_DAYS = 1096;

/** The optional filters every cost view takes. */
const CostFilters = {
  /** aws, gcp, azure, oci (cloud), openai, anthropic, ... (GenAI), or a SaaS provider's name in lower case. */
  provider: z
    .string()
    .regex(/^[a-z0-9_ .-]{1,100}$/, 'a provider id like aws or openai')
    .optional(),
  /** A FOCUS ServiceCategory, e.g. Compute. */
  service_category: z.string().min(1).max(100).optional(),
  cost_type: z.enum(COST_TYPES).optional(),
  /** The entity and all its descendants. */
  hierarchy_entity_id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an entity id like DEPT-001')
    .optional(),
};

/** The query every cost view takes: a date range (both ends included) and optional filters. */
export const CostQuerySchema = DateRangeSchema(MAX_COST_RANGE_DAYS, CostFilters);
export type CostQuery = z.output<typeof CostQuerySchema>;

export const TrendQuerySchema = DateRangeSchema(MAX_COST_RANGE_DAYS, {
  ...CostFilters,
  granularity: z.enum(GRANULARITIES).default('day'),
});
export type TrendQuery = z.output<typeof TrendQuerySchema>;

const Base = {
  currency: z.string(),
  start_date: DateSchema,
  end_date: DateSchema,
  /** FOCUS rows in range and filters billed in another currency than the org's: not in the money figures. */
  other_currency_records: z.number().int(),
};
const Totals = { billed_cost: Money, effective_cost: Money };

export const SummarySchema = z.object({
  ...Base,
  total_billed_cost: Money,
  total_effective_cost: Money,
  by_cost_type: z.object({ cloud: Money, genai: Money, subscription: Money }),
  record_count: z.number().int(),
});
const ProviderItem = z.object({
  provider: z.string().nullable(),
  provider_name: z.string().nullable(),
  cost_type: z.string().nullable(),
  ...Totals,
});
const ServiceItem = z.object({
  provider: z.string().nullable(),
  service_name: z.string().nullable(),
  service_category: z.string().nullable(),
  ...Totals,
});
const HierarchyItem = z.object({
  entity_id: z.string().nullable(),
  entity_name: z.string().nullable(),
  level_code: z.string().nullable(),
  path: z.string().nullable(),
  ...Totals,
});
const TrendItem = z.object({ period: DateSchema, ...Totals });
const GranularItem = z.object({
  period: DateSchema,
  cost_type: z.string().nullable(),
  provider: z.string().nullable(),
  ...Totals,
});
/** A cost type view's row: its totals and its FOCUS row count. */
const CostTypeTotals = { ...Totals, record_count: z.number().int() };
/** A cloud view row: per provider and FOCUS ServiceName / ServiceCategory. */
export const CloudCostItemSchema = z.object({
  provider: z.string().nullable(),
  provider_name: z.string().nullable(),
  service_name: z.string().nullable(),
  service_category: z.string().nullable(),
  ...CostTypeTotals,
});
/** A GenAI view row: per provider and model (x_genai_model). */
export const GenAICostItemSchema = z.object({
  provider: z.string().nullable(),
  provider_name: z.string().nullable(),
  model: z.string().nullable(),
  ...CostTypeTotals,
});
/** A subscriptions view row: per SaaS provider and service (FOCUS ServiceName: the subscription's display name). */
export const SubscriptionCostItemSchema = z.object({
  provider: z.string().nullable(),
  provider_name: z.string().nullable(),
  service_name: z.string().nullable(),
  service_category: z.string().nullable(),
  ...CostTypeTotals,
});
/** A cloud account row: per provider and FOCUS SubAccountId / SubAccountName (null: rows without a sub account). */
export const CloudAccountItemSchema = z.object({
  provider: z.string().nullable(),
  provider_name: z.string().nullable(),
  sub_account_id: z.string().nullable(),
  sub_account_name: z.string().nullable(),
  ...CostTypeTotals,
});
/** A cloud region row: per provider and FOCUS RegionId / RegionName (null: rows without a region). */
export const CloudRegionItemSchema = z.object({
  provider: z.string().nullable(),
  provider_name: z.string().nullable(),
  region_id: z.string().nullable(),
  region_name: z.string().nullable(),
  ...CostTypeTotals,
});
/** A SaaS plan row: per provider, service and plan (the plan name of the SkuId `saas/<provider>/<plan_name>`). */
export const SubscriptionPlanItemSchema = z.object({
  provider: z.string().nullable(),
  provider_name: z.string().nullable(),
  service_name: z.string().nullable(),
  plan_name: z.string().nullable(),
  ...CostTypeTotals,
});
const costTypeSchema = <I extends z.ZodType>(item: I) =>
  z.object({
    ...Base,
    total_billed_cost: Money,
    total_effective_cost: Money,
    record_count: z.number().int(),
    items: z.array(item),
  });
const TotalSchema = z.object({
  ...Base,
  total_billed_cost: Money,
  total_effective_cost: Money,
  by_cost_type: z.object({
    cloud: z.object(Totals),
    genai: z.object(Totals),
    subscription: z.object(Totals),
  }),
});
export const CacheStatsSchema = z.object({
  entries: z.number().int(),
  bytes: z.number().int(),
  hits: z.number().int(),
  misses: z.number().int(),
  hit_rate: z.number(),
  evictions: z.number().int(),
  max_bytes: z.number().int(),
  version: z.number().int(),
});

/** How fresh one pipeline's data is for one credential (none for a pipeline that takes no credential). */
export const FreshnessItemSchema = z.object({
  /** The pipeline id's first segment (aws, openai, saas, ...); a never-run credential's provider. */
  provider: z.string(),
  credential_id: z.string().nullable(),
  /** Null when the run has no credential or its credential was deleted. */
  credential_name: z.string().nullable(),
  /** A never-run credential's canonical pipeline ({cloud}/cost/billing or {genai}/genai/usage). */
  pipeline_id: z.string(),
  /** The latest day a COMPLETED run covered (max end_date); null before the first completed run. */
  data_through: DateSchema.nullable(),
  /** The latest run (by creation), whatever its status; null for a credential that has never run. */
  last_run: z
    .object({
      run_id: z.uuid(),
      status: RunStatusSchema,
      started_at: TimestampSchema.nullable(),
      finished_at: TimestampSchema.nullable(),
    })
    .nullable(),
});
export const FreshnessSchema = z.object({ items: z.array(FreshnessItemSchema) });

const example = { query: { start_date: '2026-10-01', end_date: '2026-10-31' } };
const view = <R extends z.ZodType>(id: string, path: string, summary: string, response: R) =>
  route({
    id: `costs.${id}`,
    method: 'GET',
    path: `/api/v1/costs/{org}/${path}`,
    summary,
    ...orgViewer,
    params: OrgParamsSchema,
    query: CostQuerySchema,
    response,
    example,
  });

export const costRoutes = {
  summary: view(
    'summary',
    'summary',
    "Total billed and effective cost of the range in the org's currency, and billed cost per cost type.",
    SummarySchema,
  ),
  byProvider: view(
    'by-provider',
    'by-provider',
    'Billed and effective cost per provider and cost type, largest first.',
    z.object({ ...Base, items: z.array(ProviderItem) }),
  ),
  byService: view(
    'by-service',
    'by-service',
    'Billed and effective cost per provider and service (FOCUS ServiceName / ServiceCategory), largest first.',
    z.object({ ...Base, items: z.array(ServiceItem) }),
  ),
  byHierarchy: view(
    'by-hierarchy',
    'by-hierarchy',
    'Billed and effective cost per hierarchy entity the cost is allocated to; entity_id null is the unallocated cost.',
    z.object({ ...Base, items: z.array(HierarchyItem) }),
  ),
  trend: route({
    id: 'costs.trend',
    method: 'GET',
    path: '/api/v1/costs/{org}/trend',
    summary:
      'Cost per day, week (from Monday) or month of the range; every period listed, 0 where nothing was spent.',
    ...orgViewer,
    params: OrgParamsSchema,
    query: TrendQuerySchema,
    response: z.object({ ...Base, granularity: z.enum(GRANULARITIES), items: z.array(TrendItem) }),
    example: { query: { ...example.query, granularity: 'week' } },
  }),
  trendGranular: route({
    id: 'costs.trend-granular',
    method: 'GET',
    path: '/api/v1/costs/{org}/trend-granular',
    summary: 'Cost per period, cost type and provider (the series behind a stacked trend chart).',
    ...orgViewer,
    params: OrgParamsSchema,
    query: TrendQuerySchema,
    response: z.object({ ...Base, granularity: z.enum(GRANULARITIES), items: z.array(GranularItem) }),
    example,
  }),
  cloud: view(
    'cloud',
    'cloud',
    'Cloud cost of the range by provider and service.',
    costTypeSchema(CloudCostItemSchema),
  ),
  genai: view(
    'genai',
    'genai',
    'GenAI cost of the range by provider and model (cloud-billed GenAI counted once).',
    costTypeSchema(GenAICostItemSchema),
  ),
  subscriptions: view(
    'subscriptions',
    'subscriptions',
    'SaaS subscription cost of the range by provider and service.',
    costTypeSchema(SubscriptionCostItemSchema),
  ),
  cloudAccounts: view(
    'cloud-accounts',
    'cloud/accounts',
    'Cloud cost of the range by provider and sub account (FOCUS SubAccountId), largest effective cost first.',
    costTypeSchema(CloudAccountItemSchema),
  ),
  cloudRegions: view(
    'cloud-regions',
    'cloud/regions',
    'Cloud cost of the range by provider and region (FOCUS RegionId), largest effective cost first.',
    costTypeSchema(CloudRegionItemSchema),
  ),
  subscriptionPlans: view(
    'subscription-plans',
    'subscriptions/plans',
    'SaaS subscription cost of the range by provider, service and plan, largest effective cost first.',
    costTypeSchema(SubscriptionPlanItemSchema),
  ),
  total: view(
    'total',
    'total',
    'Total billed and effective cost of the range, and both per cost type.',
    TotalSchema,
  ),
  freshness: route({
    id: 'costs.freshness',
    method: 'GET',
    path: '/api/v1/costs/{org}/freshness',
    summary:
      "Per provider, pipeline and credential: the latest day a completed run covered and the latest run's status; credentials that never ran are listed with nulls. Sorted by provider.",
    ...orgViewer,
    params: OrgParamsSchema,
    response: FreshnessSchema,
  }),
  cacheStats: route({
    id: 'costs.cache-stats',
    method: 'GET',
    path: '/api/v1/costs/{org}/cache/stats',
    summary:
      "This instance's cost cache for the org: entries, bytes, hits, misses, evictions, and the data version.",
    ...orgViewer,
    params: OrgParamsSchema,
    response: CacheStatsSchema,
  }),
  cacheInvalidate: route({
    id: 'costs.cache-invalidate',
    method: 'POST',
    path: '/api/v1/costs/{org}/cache/invalidate',
    summary:
      "Invalidates the org's cached cost slices on every instance (bumps the org's cost-data version).",
    ...orgMember,
    params: OrgParamsSchema,
    response: z.object({ invalidated: z.number().int(), version: z.number().int() }),
  }),
};
