/**
 * The org sections in the header, in order. `ready: false` shows a section that is not built yet as disabled
 * text, so the nav keeps its final shape; set it true (and add the route in app/router.ts) when the page lands.
 */
export const ORG_NAV = [
  { label: 'Dashboard', path: 'dashboard', ready: true },
  { label: 'Cloud', path: 'costs/cloud', ready: true },
  { label: 'GenAI', path: 'costs/genai', ready: true },
  { label: 'Subscriptions', path: 'costs/subscriptions', ready: true },
  { label: 'Hierarchy', path: 'costs/hierarchy', ready: true },
  { label: 'Integrations', path: 'integrations', ready: true },
  { label: 'SaaS plans', path: 'subscriptions', ready: true },
  { label: 'Org structure', path: 'hierarchy', ready: true },
  { label: 'Pipelines', path: 'pipelines', ready: true },
  { label: 'Pricing', path: 'pricing', ready: true },
  { label: 'Alerts', path: 'alerts', ready: true },
  { label: 'Settings', path: 'settings', ready: true },
] as const;
