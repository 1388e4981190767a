import type { RouteContract } from '../shared/contracts/route.js';
import type { Config } from '../shared/config/config.js';
import { jobTopic } from '../shared/events/factory.js';
import { healthRoutes } from '../shared/contracts/health.js';
import { docsRoutes } from '../shared/contracts/docs.js';
import { adminRoutes } from '../shared/contracts/admin.js';
import { organizationRoutes } from '../shared/contracts/organizations.js';
import { memberRoutes } from '../shared/contracts/members.js';
import { identityRoutes } from '../shared/contracts/identity.js';
import { pipelineLogRoutes, pipelineRoutes } from '../shared/contracts/pipelines.js';
import { validatorRoutes } from '../shared/contracts/pipeline-validator.js';
import { integrationRoutes } from '../shared/contracts/integrations.js';
import { genaiPricingRoutes, genaiRoutes } from '../shared/contracts/genai.js';
import { subscriptionRoutes } from '../shared/contracts/subscriptions.js';
import { hierarchyRoutes } from '../shared/contracts/hierarchy.js';
import { costRoutes } from '../shared/contracts/costs.js';
import { meRoutes } from '../shared/contracts/me.js';
import { quotaRoutes } from '../shared/contracts/quota.js';
import { billingRoutes } from '../shared/contracts/billing.js';
import { notificationRoutes, SEND_SUMMARIES_TOPIC } from '../shared/contracts/notifications.js';
import {
  alertRoutes,
  DELIVER_NOTIFICATION_TOPIC,
  EVALUATE_ALERTS_TOPIC,
} from '../shared/contracts/alerts.js';
import { STEP_DEAD_LETTER_TOPIC, stepTopic } from '../shared/pipelines/records.js';
import { SCHEDULED_PIPELINES_CRON } from '../shared/pipelines/scheduled.js';

interface Base {
  /** Folder name = registered name = entry point = Cloud Function name. */
  name: string;
  description: string;
  /** Only part of the local runtime (never bundled or deployed). */
  localOnly?: boolean;
}

export interface HttpEntry extends Base {
  kind: 'http';
  /** Path prefixes the HTTPS entry routes to this function (the path itself and anything under it; the longest wins). */
  prefixes: readonly string[];
  /**
   * Path templates with single-segment wildcards `*` (e.g. `/api/v1/integrations/{org}/{provider}/pricing` written
   * with `*` for `{org}` and `{provider}`), matching the template itself and anything under it (`/**`). A template match
   * wins over every prefix match; among templates, the one with the most literal segments. Lets a function serve part
   * of another one's prefix (`prefixes` may then be empty).
   */
  templates?: readonly string[];
  routes: readonly RouteContract[];
}

export interface EventEntry extends Base {
  kind: 'event';
  topic: string;
}

export interface JobEntry extends Base {
  kind: 'job';
  /**
   * Cron expression, UTC. Cloud Scheduler publishes to `topic` on it; locally croner does. With a
   * `scheduleSetting`, the setting's default: read the schedule through `jobSchedule`.
   */
  schedule: string;
  /** The setting whose value is the schedule (shared/config/config.ts). */
  scheduleSetting?: 'STALE_CLEANUP_CRON';
  topic: string;
}

export type RegistryEntry = HttpEntry | EventEntry | JobEntry;

const routesOf = (r: Record<string, RouteContract>) => Object.values(r);
const step = (name: string, description: string): EventEntry => ({
  name,
  kind: 'event',
  topic: stepTopic(name),
  description,
});
const job = (
  name: string,
  schedule: string,
  description: string,
  scheduleSetting?: JobEntry['scheduleSetting'],
): JobEntry => ({
  name,
  kind: 'job',
  schedule,
  ...(scheduleSetting ? { scheduleSetting } : {}),
  topic: jobTopic(name),
  description,
});

/**
 * THE list of functions (data only: importing it loads no function code). The local gateway, the in-process bus, the cron runner, the bundler, the OpenAPI
 * document, Terraform (via `npm run build` -> dist/registry.json) and the route-walking tests derive from it.
 */
export const registry: readonly RegistryEntry[] = [
  {
    name: 'health',
    kind: 'http',
    description: 'Health check.',
    prefixes: ['/health'],
    routes: routesOf(healthRoutes),
  },
  {
    name: 'docs',
    kind: 'http',
    description: 'OpenAPI document and API reference page.',
    prefixes: ['/api/v1/openapi.json', '/api/v1/docs'],
    routes: routesOf(docsRoutes),
  },
  {
    name: 'admin',
    kind: 'http',
    description: 'Operator: bootstrap, dataset sync, API key management.',
    prefixes: ['/api/v1/admin'],
    routes: routesOf(adminRoutes),
  },
  {
    name: 'organizations',
    kind: 'http',
    description:
      'Self-serve org creation and operator onboarding, profile, locale, members, API key rotation.',
    prefixes: ['/api/v1/organizations'],
    routes: [...routesOf(organizationRoutes), ...routesOf(memberRoutes)],
  },
  {
    name: 'me',
    kind: 'http',
    description: 'The signed-in user and their memberships.',
    prefixes: ['/api/v1/me'],
    routes: routesOf(meRoutes),
  },
  {
    name: 'quota',
    kind: 'http',
    description: 'Plan quota usage: runs today and this month, runs in flight, seats, providers.',
    prefixes: [],
    templates: ['/api/v1/organizations/*/quota'],
    routes: routesOf(quotaRoutes),
  },
  {
    name: 'billing',
    kind: 'http',
    description:
      'Plans, billing status, Stripe Checkout and Billing Portal sessions, and the signed Stripe webhook.',
    prefixes: ['/api/v1/billing'],
    routes: routesOf(billingRoutes),
  },
  {
    name: 'integrations',
    kind: 'http',
    description:
      'Provider credentials: validated against the provider, stored encrypted, listed without secrets.',
    prefixes: ['/api/v1/integrations'],
    routes: routesOf(integrationRoutes),
  },
  {
    name: 'genai-pricing',
    kind: 'http',
    description: 'GenAI model prices: public price book and dated org overrides (negotiated prices).',
    prefixes: [],
    templates: ['/api/v1/integrations/*/*/pricing'],
    routes: routesOf(genaiPricingRoutes),
  },
  {
    name: 'genai',
    kind: 'http',
    description:
      'GenAI pricing by flow, usage, costs, cost summary, unpriced usage, reconciliation with provider bills, usage import.',
    prefixes: ['/api/v1/genai'],
    routes: routesOf(genaiRoutes),
  },
  {
    name: 'costs',
    kind: 'http',
    description:
      'Cost reads: summary, by provider / service / hierarchy entity, trends, cloud, GenAI, subscriptions, totals, cache stats and invalidation.',
    prefixes: ['/api/v1/costs'],
    routes: routesOf(costRoutes),
  },
  {
    name: 'subscription-plans',
    kind: 'http',
    description:
      'SaaS subscriptions: providers per org, plans with billing cycles, seats and dated changes, toggle, reset.',
    prefixes: ['/api/v1/subscriptions'],
    routes: routesOf(subscriptionRoutes),
  },
  {
    name: 'hierarchy',
    kind: 'http',
    description:
      'Org hierarchy: levels, entities with codes, tree, moves without cycles, CSV import/export, allocation rules.',
    prefixes: ['/api/v1/hierarchy'],
    routes: routesOf(hierarchyRoutes),
  },
  {
    name: 'notifications',
    kind: 'http',
    description:
      'Notification channels (email, Slack, Teams, signed webhooks; URLs through the SSRF guard, secrets encrypted), test sends, delivery history.',
    prefixes: ['/api/v1/notifications'],
    routes: routesOf(notificationRoutes),
  },
  {
    name: 'alerts',
    kind: 'http',
    description:
      'Cost alerts: CRUD, presets, pause/resume, bulk actions, test, evaluate now (fires at most once per alert and period).',
    prefixes: ['/api/v1/alerts'],
    routes: routesOf(alertRoutes),
  },
  {
    name: 'pipelines',
    kind: 'http',
    description:
      'Pipeline trigger: subscription, integration and quota checked atomically, steps fanned out.',
    prefixes: ['/api/v1/pipelines/run'],
    routes: routesOf(pipelineRoutes),
  },
  {
    name: 'pipeline-logs',
    kind: 'http',
    description: 'Run history, run detail with steps and transitions, retry, log download.',
    prefixes: ['/api/v1/pipelines'],
    routes: routesOf(pipelineLogRoutes),
  },
  {
    name: 'pipeline-validator',
    kind: 'http',
    description: 'Lists pipelines; validates pipeline YAML against the schema and the registry.',
    prefixes: ['/api/v1/validator'],
    routes: routesOf(validatorRoutes),
  },
  step(
    'generate-sample',
    'Writes deterministic synthetic daily costs (the reference pipeline sample/demo/costs).',
  ),
  step('run-procedure', "Runs a SQL procedure and replaces the run's slice of its target table."),
  step('dq-check', "Data-quality checks over the run's slice (sums reconcile, rows present)."),
  step(
    'extract-genai-usage',
    "Reads a GenAI provider's usage (usage API or imported rows) and billed costs for the run's days.",
  ),
  step(
    'extract-cloud-billing',
    "Reads a cloud billing export (AWS CUR) for the run's days; bad files fail naming the file and problem.",
  ),
  step(
    'calculate-subscription-costs',
    'Spreads SaaS plans over the days of their billing cycles, exactly (proration on start, end, seat and price changes).',
  ),
  step(
    'price-genai-usage',
    'Prices GenAI usage per token type with the price (org override or public) valid on each usage day.',
  ),
  step(
    'allocate-hierarchy',
    "Fills the hierarchy columns of FOCUS rows from the org's allocation rules (a run's slice, or the org's history).",
  ),
  {
    name: 'dead-letter',
    kind: 'event',
    topic: STEP_DEAD_LETTER_TOPIC,
    description: 'Records step messages whose deliveries were exhausted and fails their runs.',
  },
  {
    name: 'evaluate-alerts',
    kind: 'event',
    topic: EVALUATE_ALERTS_TOPIC,
    description:
      "Evaluates one org's alerts against the warehouse (one grouped read) and publishes one message per delivery.",
  },
  {
    name: 'send-summaries',
    kind: 'event',
    topic: SEND_SUMMARIES_TOPIC,
    description:
      "Builds one org's daily, weekly or monthly cost digest and publishes one message per channel.",
  },
  {
    name: 'deliver-notification',
    kind: 'event',
    topic: DELIVER_NOTIFICATION_TOPIC,
    description:
      'Sends one claimed notification (email, Slack, Teams, webhook) with retries and backoff, recording each attempt.',
  },
  job('alerts-daily', '0 8 * * *', 'Publishes one alert evaluation per active org.'),
  job('summaries-daily', '0 7 * * *', "Publishes one daily summary per org with one (yesterday's costs)."),
  job(
    'summaries-weekly',
    '0 7 * * 1',
    'Publishes one weekly summary per org with one (last Monday to Sunday).',
  ),
  job('summaries-monthly', '0 7 1 * *', 'Publishes one monthly summary per org with one (last month).'),
  job(
    'stale-cleanup',
    '*/2 * * * *',
    'Re-publishes or fails steps that stopped reporting; frees concurrency slots.',
    'STALE_CLEANUP_CRON',
  ),
  job(
    'trial-expiry',
    '10 0 * * *',
    'Suspends orgs whose trial has ended without an active Stripe subscription.',
  ),
  job(
    'quota-cleanup',
    '0 1 * * *',
    'Deletes quota counters older than 90 days, expired idempotency keys and old rate-limit windows.',
  ),
  job(
    'scheduled-pipelines',
    SCHEDULED_PIPELINES_CRON,
    'Triggers due daily pipelines for every org with the needed integration.',
  ),
  {
    name: 'auth',
    kind: 'http',
    description: 'Local development identity, compatible with the Supabase Auth calls supabase-js makes.',
    localOnly: true,
    prefixes: ['/auth/v1'],
    routes: routesOf(identityRoutes),
  },
];

export const httpEntries = registry.filter((e): e is HttpEntry => e.kind === 'http');
export const eventEntries = registry.filter((e): e is EventEntry => e.kind === 'event');
export const jobEntries = registry.filter((e): e is JobEntry => e.kind === 'job');
/** A job's schedule under `config`: its setting's value when it has one, else its own. */
export const jobSchedule = (job: JobEntry, config: Pick<Config, 'STALE_CLEANUP_CRON'>): string =>
  job.scheduleSetting ? config[job.scheduleSetting] : job.schedule;
/** The jobs with the schedules `config` gives them: what the local cron fires and the admin jobs report shows. */
export const scheduledJobs = (config: Pick<Config, 'STALE_CLEANUP_CRON'>): JobEntry[] =>
  jobEntries.map((j) => ({ ...j, schedule: jobSchedule(j, config) }));
/** Pipeline step types: the event functions subscribed to a `step-<type>` topic. */
export const stepTypes: ReadonlySet<string> = new Set(
  eventEntries.filter((e) => e.topic === stepTopic(e.name)).map((e) => e.name),
);
/** What is bundled and deployed. */
export const deployableEntries = registry.filter((e) => !e.localOnly);
