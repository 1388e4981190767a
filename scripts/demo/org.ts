/**
 * What the demo org is made of, set up through the public API only: a department > project > team hierarchy,
 * allocation rules of every kind, the AWS / OpenAI / Anthropic integrations and SaaS plans. Each step first
 * reads what exists, so an interrupted seeding resumes without duplicates.
 */
import { DEMO_AWS } from './aws-cur.js';
import type { DemoKeys } from './stand-in.js';
import { addDays } from '../../shared/time/day.js';

export type Fetch = (req: Request) => Promise<Response>;

export class DemoError extends Error {
  override name = 'DemoError';
}

/** Calls the platform's API through `fetch` (the local gateway); throws a DemoError on an unexpected status. */
export function apiClient(fetch: Fetch, auth: () => Record<string, string>) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    json?: unknown,
    expect: number[] = [200, 201, 202],
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { ...auth() };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(
      new Request(`http://localhost${path}`, {
        method,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      }),
    );
    const text = await res.text();
    if (!expect.includes(res.status)) {
      throw new DemoError(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    }
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}
export type Api = ReturnType<typeof apiClient>;

export const HIERARCHY_CSV = `entity_id,name,level_code,parent_id,owner_email,description
DEPT-ENG,Engineering,department,,cto@acme-demo.test,Product engineering
DEPT-DATA,Data & AI,department,,cdo@acme-demo.test,Data platform and AI products
DEPT-GTM,Go-to-market,department,,cro@acme-demo.test,Sales and marketing
PROJ-PLATFORM,Core Platform,project,DEPT-ENG,platform@acme-demo.test,APIs and infrastructure
PROJ-WEB,Customer App,project,DEPT-ENG,web@acme-demo.test,Web and mobile front ends
PROJ-ASSIST,AI Assistant,project,DEPT-DATA,assistant@acme-demo.test,The in-product assistant and support bot
PROJ-ANALYTICS,Analytics,project,DEPT-DATA,analytics@acme-demo.test,Warehouse and reporting
PROJ-GROWTH,Growth,project,DEPT-GTM,growth@acme-demo.test,Demand generation
TEAM-SRE,SRE,team,PROJ-PLATFORM,sre@acme-demo.test,
TEAM-BACKEND,Backend,team,PROJ-PLATFORM,backend@acme-demo.test,
TEAM-FRONTEND,Frontend,team,PROJ-WEB,frontend@acme-demo.test,
TEAM-ML,ML Research,team,PROJ-ASSIST,ml@acme-demo.test,
TEAM-LLMOPS,LLM Ops,team,PROJ-ASSIST,llmops@acme-demo.test,
TEAM-BI,Business Intelligence,team,PROJ-ANALYTICS,bi@acme-demo.test,
TEAM-SALES,Sales,team,PROJ-GROWTH,sales@acme-demo.test,
TEAM-MARKETING,Marketing,team,PROJ-GROWTH,marketing@acme-demo.test,
`;

type Match = Record<string, string>;
type Rule = { name: string; priority: number; entity_id: string; match: Match };

/** Rules: tags first, then GenAI workspaces, SaaS plans, and accounts / credentials as the catch-alls. */
function rules(credentials: Record<string, string>): Rule[] {
  const tag = (value: string, entity: string): Rule => ({
    name: `AWS tag team=${value}`,
    priority: 300,
    entity_id: entity,
    match: { kind: 'tag', key: 'user_team', value },
  });
  const workspace = (provider: string, value: string, entity: string): Rule => ({
    name: `${provider} ${value}`,
    priority: 250,
    entity_id: entity,
    match: { kind: 'genai_dimension', dimension: 'workspace', value, provider },
  });
  return [
    tag('sre', 'TEAM-SRE'),
    tag('backend', 'TEAM-BACKEND'),
    tag('frontend', 'TEAM-FRONTEND'),
    tag('ml', 'TEAM-ML'),
    tag('bi', 'TEAM-BI'),
    workspace('openai', 'proj_assistant', 'TEAM-LLMOPS'),
    workspace('openai', 'proj_support_bot', 'TEAM-LLMOPS'),
    workspace('openai', 'proj_analytics', 'TEAM-BI'),
    workspace('anthropic', 'wrkspc_research', 'TEAM-ML'),
    {
      name: 'Slack for everyone, paid by Go-to-market',
      priority: 200,
      entity_id: 'DEPT-GTM',
      match: { kind: 'saas_plan', provider: 'slack' },
    },
    {
      name: 'Notion',
      priority: 200,
      entity_id: 'PROJ-GROWTH',
      match: { kind: 'saas_plan', provider: 'notion', plan_name: 'plus' },
    },
    {
      name: 'Production account (untagged)',
      priority: 100,
      entity_id: 'PROJ-PLATFORM',
      match: { kind: 'cloud_account', account_id: DEMO_AWS.accounts.prod, provider: 'aws' },
    },
    {
      name: 'Data account (untagged)',
      priority: 100,
      entity_id: 'PROJ-ANALYTICS',
      match: { kind: 'cloud_account', account_id: DEMO_AWS.accounts.data, provider: 'aws' },
    },
    {
      name: 'Anthropic (other workspaces)',
      priority: 50,
      entity_id: 'PROJ-ASSIST',
      match: { kind: 'credential', credential_id: credentials.anthropic ?? '' },
    },
  ];
}

interface Plan {
  provider: string;
  body: Record<string, unknown>;
  change?: { after_days: number; seats: number };
}

const PER_SEAT_PLAN = { pricing_model: 'PER_SEAT', currency: 'USD', auto_renew: true };

/** The demo's SaaS plans; `start_date_offset` (days from the origin) replaces the default start. */
const DEMO_PLANS = [
  {
    provider: 'slack',
    body: {
      plan_name: 'business_plus',
      ...PER_SEAT_PLAN,
      billing_cycle: 'monthly',
      unit_price: '15',
      seats: 120,
    },
  },
  {
    provider: 'github',
    body: {
      plan_name: 'team',
      ...PER_SEAT_PLAN,
      billing_cycle: 'monthly',
      unit_price: '4',
      seats: 42,
      hierarchy_entity_id: 'DEPT-ENG',
    },
    change: { after_days: 40, seats: 50 },
  },
  {
    provider: 'github_copilot',
    body: {
      plan_name: 'business',
      ...PER_SEAT_PLAN,
      billing_cycle: 'monthly',
      unit_price: '19',
      seats: 38,
      hierarchy_entity_id: 'DEPT-ENG',
    },
  },
  {
    provider: 'figma',
    body: {
      plan_name: 'professional',
      ...PER_SEAT_PLAN,
      billing_cycle: 'annual',
      unit_price: '144',
      seats: 9,
      hierarchy_entity_id: 'TEAM-FRONTEND',
      start_date_offset: 30,
    },
  },
  {
    provider: 'notion',
    body: { plan_name: 'plus', ...PER_SEAT_PLAN, billing_cycle: 'monthly', unit_price: '10', seats: 60 },
  },
  {
    provider: 'linear',
    body: {
      plan_name: 'business',
      ...PER_SEAT_PLAN,
      billing_cycle: 'quarterly',
      unit_price: '42',
      seats: 35,
      hierarchy_entity_id: 'DEPT-ENG',
    },
  },
  {
    provider: 'chatgpt',
    body: {
      plan_name: 'team',
      ...PER_SEAT_PLAN,
      billing_cycle: 'monthly',
      unit_price: '30',
      seats: 25,
      discount_type: 'percent',
      discount_value: '10',
      hierarchy_entity_id: 'DEPT-GTM',
    },
  },
  // Left without an entity or rule: shows as unallocated cost.
  {
    provider: 'zoom',
    body: { plan_name: 'pro', ...PER_SEAT_PLAN, billing_cycle: 'monthly', unit_price: '13.33', seats: 10 },
  },
];

/** SaaS plans, started before the demo's range (so every cycle of the range is billed). */
function plans(origin: string): Plan[] {
  return DEMO_PLANS.map((p) => {
    const { start_date_offset, ...body } = p.body as Record<string, unknown> & { start_date_offset?: number };
    const start = start_date_offset ? addDays(origin, start_date_offset) : addDays(origin, -200);
    return { ...p, body: { ...body, start_date: start } };
  });
}

type Items<T> = { items: T[] };

/** The hierarchy, in one import (parents before children; re-importing changes nothing). */
export async function ensureHierarchy(api: Api, org: string) {
  return (await api('POST', `/api/v1/hierarchy/${org}/import`, { csv: HIERARCHY_CSV })).body;
}

/** The integrations, each validated against the stand-in; credential ids by provider. */
export async function ensureIntegrations(api: Api, org: string, keys: DemoKeys) {
  const existing = (
    await api<Items<{ provider: string; credential_id: string }>>('GET', `/api/v1/integrations/${org}`)
  ).body.items;
  const ids: Record<string, string> = Object.fromEntries(existing.map((c) => [c.provider, c.credential_id]));
  const setups: [string, unknown, Record<string, unknown>?][] = [
    [
      'aws',
      keys.aws,
      { export_bucket: DEMO_AWS.bucket, export_prefix: DEMO_AWS.prefix, region: 'us-east-1' },
    ],
    ['openai', keys.openai],
    ['anthropic', keys.anthropic],
  ];
  for (const [provider, credential, config] of setups) {
    if (ids[provider]) continue;
    const res = await api<{ credential_id: string }>(
      'POST',
      `/api/v1/integrations/${org}/${provider}/setup`,
      {
        credential,
        name: `${provider.toUpperCase()} (demo)`,
        ...(config ? { config } : {}),
      },
    );
    ids[provider] = res.body.credential_id;
  }
  return ids;
}

/** The allocation rules (created once: an org that has rules keeps them). */
export async function ensureRules(api: Api, org: string, credentials: Record<string, string>) {
  const existing = (await api<Items<unknown>>('GET', `/api/v1/hierarchy/${org}/allocation-rules`)).body.items;
  if (existing.length) return existing.length;
  for (const rule of rules(credentials)) await api('POST', `/api/v1/hierarchy/${org}/allocation-rules`, rule);
  return rules(credentials).length;
}

/** The SaaS plans, with a dated seat change; a provider that has plans is left as it is. */
export async function ensurePlans(api: Api, org: string, origin: string) {
  let created = 0;
  for (const plan of plans(origin)) {
    const base = `/api/v1/subscriptions/${org}/providers/${plan.provider}/plans`;
    const existing = (await api<Items<unknown>>('GET', base)).body.items;
    if (existing.length) continue;
    const { plan_id } = (await api<{ plan_id: string }>('POST', base, plan.body)).body;
    if (plan.change) {
      await api('POST', `${base}/${plan_id}/changes`, {
        effective_date: addDays(origin, plan.change.after_days),
        seats: plan.change.seats,
      });
    }
    created++;
  }
  return created;
}
