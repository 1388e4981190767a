import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import { z } from 'zod';
import { parseCostSearch } from '../lib/url-search.js';
import { parseGenAiSearch } from '../features/costs/genai-search.js';
import { parsePipelinesSearch } from '../features/pipelines/search.js';
import { parsePricingSearch } from '../features/pricing/search.js';
import { parseSubscriptionsSearch } from '../features/subscriptions/search.js';
import { parseHierarchySearch } from '../features/hierarchy/search.js';
import { RootLayout, NotFound } from '../routes/root.js';
import { homeRedirect, requireMembership, requireSession, type RouterContext } from './guards.js';

// The route tree, written in code: a page is a lazily loaded component (its own chunk), a guard in beforeLoad.
// To add a page: create web/src/routes/<page>.tsx exporting its component, add a route here under its parent,
// and add it to routeTree below (web/README.md).

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFound,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: ({ context, location }) => homeRedirect(context, location),
});

const signinRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/signin',
  validateSearch: z.object({ redirect: z.string().optional().catch(undefined) }),
  component: lazyRouteComponent(() => import('../routes/signin.js'), 'SignInPage'),
});

const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/signup',
  component: lazyRouteComponent(() => import('../routes/signup.js'), 'SignUpPage'),
});

const confirmRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/confirm',
  validateSearch: z.object({
    token_hash: z.string().optional().catch(undefined),
    type: z.string().optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import('../routes/auth-confirm.js'), 'ConfirmPage'),
});

const onboardingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/onboarding',
  beforeLoad: ({ context, location }) => requireSession(context, location),
  component: lazyRouteComponent(() => import('../routes/onboarding.js'), 'OnboardingPage'),
});

/** Every org page: signed in, a member of some org (else onboarding); the shell checks this org is one. */
export const orgRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/$org',
  beforeLoad: async ({ context, location }) => ({ me: await requireMembership(context, location) }),
  component: lazyRouteComponent(() => import('../routes/org-shell.js'), 'OrgShell'),
});

const orgIndexRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/',
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/$org/dashboard', params: { org: params.org } });
  },
});

export const dashboardRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/dashboard',
  validateSearch: parseCostSearch,
  // The cost reads start with the navigation, not after the page's chunk and its integrations check.
  loaderDeps: ({ search }) => search,
  loader: ({ context, params, deps }) => {
    void import('../features/dashboard/prefetch.js').then((m) =>
      m.prefetchDashboard(context.queryClient, context.services.api, params.org, deps),
    );
  },
  component: lazyRouteComponent(() => import('../routes/dashboard.js'), 'DashboardPage'),
});

// The cost pages (issue 14): the same URL filters as the dashboard; GenAI adds its group_by.
export const cloudCostsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/costs/cloud',
  validateSearch: parseCostSearch,
  component: lazyRouteComponent(() => import('../routes/costs-cloud.js'), 'CloudCostsPage'),
});

export const genaiCostsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/costs/genai',
  validateSearch: parseGenAiSearch,
  component: lazyRouteComponent(() => import('../routes/costs-genai.js'), 'GenAiCostsPage'),
});

export const subscriptionCostsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/costs/subscriptions',
  validateSearch: parseCostSearch,
  component: lazyRouteComponent(() => import('../routes/costs-subscriptions.js'), 'SubscriptionCostsPage'),
});

export const hierarchyCostsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/costs/hierarchy',
  validateSearch: parseCostSearch,
  component: lazyRouteComponent(() => import('../routes/costs-hierarchy.js'), 'HierarchyCostsPage'),
});

// Alerts and notifications (issue 17): channels, alerts, summaries, delivery history.
export const alertsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/alerts',
  component: lazyRouteComponent(() => import('../routes/alerts.js'), 'AlertsPage'),
});

// Integrations (issue 17): a card per provider, setup forms from the provider catalogue, usage import.
export const integrationsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/integrations',
  component: lazyRouteComponent(() => import('../routes/integrations.js'), 'IntegrationsPage'),
});

// SaaS subscriptions management (issue 17): providers, plans, dated changes, renewals; `?provider=` opens one.
export const subscriptionsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/subscriptions',
  validateSearch: parseSubscriptionsSearch,
  component: lazyRouteComponent(() => import('../routes/subscriptions.js'), 'SubscriptionsPage'),
});

// Settings (issue 17): a layout with a side nav of six pages; /settings goes to the first.
export const settingsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('../routes/settings.js'), 'SettingsLayout'),
});
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/$org/settings/organization', params: { org: params.org } });
  },
});
const settingsOrganizationRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/organization',
  component: lazyRouteComponent(() => import('../routes/settings.js'), 'OrganizationSettingsPage'),
});
const settingsMembersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/members',
  component: lazyRouteComponent(() => import('../routes/settings.js'), 'MembersSettingsPage'),
});
const settingsApiKeyRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/api-key',
  component: lazyRouteComponent(() => import('../routes/settings.js'), 'ApiKeySettingsPage'),
});
const settingsUsageRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/usage',
  component: lazyRouteComponent(() => import('../routes/settings.js'), 'UsageSettingsPage'),
});
const settingsBillingRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/billing',
  component: lazyRouteComponent(() => import('../routes/settings.js'), 'BillingSettingsPage'),
});
const settingsDataRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/data',
  component: lazyRouteComponent(() => import('../routes/settings.js'), 'DataSettingsPage'),
});

// Pipelines (issue 17): the catalogue with Run now, run history (filters in the URL), one run followed live.
export const pipelinesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/pipelines',
  validateSearch: parsePipelinesSearch,
  component: lazyRouteComponent(() => import('../routes/pipelines.js'), 'PipelinesPage'),
});

export const pipelineRunRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/pipelines/runs/$run_id',
  component: lazyRouteComponent(() => import('../routes/pipeline-run.js'), 'PipelineRunPage'),
});

// GenAI pricing (issue 17): the price book per provider, org overrides from a date, re-run pricing.
export const pricingRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/pricing',
  validateSearch: parsePricingSearch,
  component: lazyRouteComponent(() => import('../routes/pricing.js'), 'PricingPage'),
});

// Org structure (issue 17): levels and entities (create, rename, move, delete, CSV), allocation rules with previews.
export const hierarchyRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/hierarchy',
  validateSearch: parseHierarchySearch,
  component: lazyRouteComponent(() => import('../routes/hierarchy.js'), 'HierarchyPage'),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  signinRoute,
  signupRoute,
  confirmRoute,
  onboardingRoute,
  orgRoute.addChildren([
    orgIndexRoute,
    dashboardRoute,
    cloudCostsRoute,
    genaiCostsRoute,
    subscriptionCostsRoute,
    hierarchyCostsRoute,
    alertsRoute,
    integrationsRoute,
    subscriptionsRoute,
    pipelinesRoute,
    pipelineRunRoute,
    pricingRoute,
    hierarchyRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      settingsOrganizationRoute,
      settingsMembersRoute,
      settingsApiKeyRoute,
      settingsUsageRoute,
      settingsBillingRoute,
      settingsDataRoute,
    ]),
  ]),
]);

export function createAppRouter(context: RouterContext) {
  return createRouter({ routeTree, context, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
