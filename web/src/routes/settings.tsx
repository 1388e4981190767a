import type { ReactNode } from 'react';
import { Link, Outlet } from '@tanstack/react-router';
import { useMembership } from '../features/org/use-role.js';
import { QuotaCard } from '../features/org/quota-card.js';
import { SETTINGS_PAGES } from '../features/settings/model.js';
import { LocaleCard, ProfileCard } from '../features/settings/organization-cards.js';
import { InviteCard, MembersCard } from '../features/settings/members-card.js';
import { ApiKeyCard } from '../features/settings/api-key-card.js';
import { BillingCard } from '../features/settings/billing-card.js';
import { CacheCard } from '../features/settings/cache-card.js';

/** `/$org/settings/*`: a side nav of the six settings pages beside the page. */
export function SettingsLayout() {
  const { org } = useMembership();
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Settings">
        <p className="mb-2 px-3 text-xs font-semibold tracking-wide text-muted uppercase">Settings</p>
        <ul className="flex flex-wrap gap-1 text-sm md:flex-col">
          {SETTINGS_PAGES.map((p) => (
            <li key={p.path}>
              <Link
                to={`/$org/settings/${p.path}`}
                params={{ org }}
                className="block rounded-md px-3 py-1.5 text-muted hover:bg-surface-2 hover:text-text"
                activeProps={{ className: 'bg-surface-2 font-medium !text-text', 'aria-current': 'page' }}
              >
                {p.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0">
        <Outlet />
      </div>
    </div>
  );
}

function Page(props: { title: string; lead: string; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{props.title}</h1>
        <p className="mt-1 text-sm text-muted">{props.lead}</p>
      </div>
      {props.children}
    </div>
  );
}

export function OrganizationSettingsPage() {
  const { org } = useMembership();
  return (
    <Page
      title="Organization"
      lead="The organization's name and contacts, its currency, time zone and fiscal year."
    >
      <ProfileCard org={org} />
      <LocaleCard org={org} />
    </Page>
  );
}

export function MembersSettingsPage() {
  const { org } = useMembership();
  return (
    <Page title="Members and roles" lead="Invite people by email, change what they may do, or remove them.">
      <InviteCard org={org} />
      <MembersCard org={org} />
    </Page>
  );
}

export function ApiKeySettingsPage() {
  const { org } = useMembership();
  return (
    <Page title="API key" lead="The key pipelines and scripts call the API with, and how to replace it.">
      <ApiKeyCard org={org} />
    </Page>
  );
}

export function UsageSettingsPage() {
  const { org } = useMembership();
  return (
    <Page
      title="Usage and quota"
      lead="What this organization has used of its plan's limits. Daily runs count again from 00:00 UTC, monthly runs from the 1st."
    >
      <QuotaCard org={org} />
      <p className="text-sm text-muted">
        Need more?{' '}
        <Link to="/$org/settings/billing" params={{ org }} className="font-medium text-accent underline">
          Compare plans
        </Link>
        .
      </p>
    </Page>
  );
}

export function BillingSettingsPage() {
  const { org } = useMembership();
  return (
    <Page title="Billing and plan" lead="The plan, its status and what the other plans offer.">
      <BillingCard org={org} />
    </Page>
  );
}

export function DataSettingsPage() {
  const { org } = useMembership();
  return (
    <Page
      title="Data and cache"
      lead="How cost pages are served, and a way to make them read the warehouse again."
    >
      <CacheCard org={org} />
    </Page>
  );
}
