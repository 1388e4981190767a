import type { RouteContract } from '../shared/http/contract.js';
import { jobTopic } from '../shared/events/factory.js';
import { healthRoutes } from '../shared/contracts/health.js';
import { docsRoutes } from '../shared/contracts/docs.js';
import { adminRoutes } from '../shared/contracts/admin.js';
import { organizationRoutes } from '../shared/contracts/organizations.js';
import { identityRoutes } from '../shared/contracts/identity.js';

interface Base {
  /** Folder name = registered name = entry point = Cloud Function name. */
  name: string;
  description: string;
  /** Only part of the local runtime (never bundled or deployed). */
  localOnly?: boolean;
}

export interface HttpEntry extends Base {
  kind: 'http';
  /** Path prefixes the HTTPS entry routes to this function. */
  prefixes: readonly string[];
  routes: readonly RouteContract[];
}

export interface EventEntry extends Base {
  kind: 'event';
  topic: string;
}

export interface JobEntry extends Base {
  kind: 'job';
  /** Cron expression, UTC. Cloud Scheduler publishes to `topic` on it; locally croner does. */
  schedule: string;
  topic: string;
}

export type RegistryEntry = HttpEntry | EventEntry | JobEntry;

const routesOf = (r: Record<string, RouteContract>) => Object.values(r);
const job = (name: string, schedule: string, description: string): JobEntry => ({
  name,
  kind: 'job',
  schedule,
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
    description: 'Onboarding, profile, locale, API key rotation.',
    prefixes: ['/api/v1/organizations'],
    routes: routesOf(organizationRoutes),
  },
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
/** What is bundled and deployed. */
export const deployableEntries = registry.filter((e) => !e.localOnly);
export { job as defineJob };
