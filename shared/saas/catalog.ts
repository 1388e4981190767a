/**
 * The SaaS provider catalogue: providers an org can enable and template plans to start from. Template prices are
 * public list prices per seat and month (monthly billing, USD) as vendors published them in 2025; they are a
 * starting point, never a cost by themselves: a plan only costs once the org saves it with its own seats,
 * dates and contract price.
 */
import type { SaasCategory } from '../contracts/subscriptions.js';

export interface TemplatePlan {
  plan_name: string;
  pricing_model: 'PER_SEAT' | 'FLAT_FEE';
  /** Per seat (PER_SEAT) or flat, per month, USD. */
  unit_price: string;
}

export interface SaasProvider {
  provider: string;
  display_name: string;
  category: SaasCategory;
  plans: readonly TemplatePlan[];
}

const seat = (plan_name: string, unit_price: string): TemplatePlan => ({
  plan_name,
  pricing_model: 'PER_SEAT',
  unit_price,
});

export const SAAS_CATALOG: readonly SaasProvider[] = [
  {
    provider: 'chatgpt',
    display_name: 'ChatGPT',
    category: 'ai',
    plans: [seat('plus', '20'), seat('team', '30')],
  },
  {
    provider: 'claude',
    display_name: 'Claude',
    category: 'ai',
    plans: [seat('pro', '20'), seat('team', '30')],
  },
  {
    provider: 'cursor',
    display_name: 'Cursor',
    category: 'ai',
    plans: [seat('pro', '20'), seat('teams', '40')],
  },
  {
    provider: 'github_copilot',
    display_name: 'GitHub Copilot',
    category: 'ai',
    plans: [seat('business', '19'), seat('enterprise', '39')],
  },
  {
    provider: 'github',
    display_name: 'GitHub',
    category: 'devops',
    plans: [seat('team', '4'), seat('enterprise', '21')],
  },
  {
    provider: 'slack',
    display_name: 'Slack',
    category: 'communication',
    plans: [seat('pro', '8.75'), seat('business_plus', '15')],
  },
  {
    provider: 'notion',
    display_name: 'Notion',
    category: 'productivity',
    plans: [seat('plus', '12'), seat('business', '24')],
  },
  {
    provider: 'figma',
    display_name: 'Figma',
    category: 'design',
    plans: [seat('professional', '20'), seat('organization', '55')],
  },
  {
    provider: 'canva',
    display_name: 'Canva',
    category: 'design',
    plans: [seat('pro', '15'), seat('teams', '10')],
  },
  {
    provider: 'zoom',
    display_name: 'Zoom',
    category: 'communication',
    plans: [seat('pro', '15.99'), seat('business', '21.99')],
  },
  {
    provider: 'atlassian_jira',
    display_name: 'Jira',
    category: 'collaboration',
    plans: [seat('standard', '8.60'), seat('premium', '17')],
  },
  {
    provider: 'linear',
    display_name: 'Linear',
    category: 'collaboration',
    plans: [seat('basic', '10'), seat('business', '16')],
  },
];

export const catalogProvider = (provider: string) => SAAS_CATALOG.find((p) => p.provider === provider);
