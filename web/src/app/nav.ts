/**
 * The org sections in the header, in order. `ready: false` shows a section that is not built yet as disabled
 * text, so the nav keeps its final shape; set it true (and add the route in app/router.ts) when the page lands.
 */
export const ORG_NAV = [
  { label: 'Dashboard', path: 'dashboard', ready: true },
  { label: 'Cloud', path: 'costs/cloud', ready: false },
  { label: 'GenAI', path: 'costs/genai', ready: false },
  { label: 'Subscriptions', path: 'costs/subscriptions', ready: false },
  { label: 'Hierarchy', path: 'costs/hierarchy', ready: false },
] as const;
