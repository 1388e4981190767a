import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { OnboardBodySchema } from '../contracts/organizations.js';
import type { Plan } from '../contracts/common.js';
import type { Queryable } from '../ports/database/port.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { newApiKey } from '../auth/keys.js';
import { describePrincipal } from '../auth/principal.js';
import { orgDataset } from '../datasets/central.js';
import { orgDatasetTables } from '../datasets/index.js';
import { syncDataset } from '../datasets/sync.js';
import { PLAN_LIMITS, TRIAL_DAYS } from './plans.js';
import { auditRequest, type RequestMeta } from './audit.js';
import { conflict } from '../errors/index.js';

/** `Acme Corp!` -> `acme_corp_<base36 time>`: the seed's `{company_name}_{base36_timestamp}`, within 50 chars. */
export function deriveSlug(orgName: string, now = Date.now()): string {
  const suffix = now.toString(36);
  const base = orgName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents: ü -> u
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50 - suffix.length - 1)
    .replace(/_+$/, '');
  return `${base || 'org'}_${suffix}`;
}

export interface NewOrg {
  orgName: string;
  adminEmail: string;
  plan: Plan;
  orgSlug?: string | undefined;
  currency?: string | undefined;
  timezone?: string | undefined;
  /** The signed-in user who creates it (self-serve): the owner membership is bound to them at once. */
  ownerUserId?: string | undefined;
}

/**
 * Creates the org, its subscription (trial), owner membership, API key and warehouse dataset with every table,
 * inside the caller's transaction `tx`: the control-plane rows commit only after the dataset exists. The one way
 * an org comes to be (operator onboarding and self-serve creation).
 */
export async function createOrg(
  tx: Queryable,
  wh: Warehouse,
  datasetEnv: string,
  org: NewOrg,
  meta: RequestMeta,
) {
  const orgSlug = org.orgSlug ?? deriveSlug(org.orgName);
  const dataset = orgDataset(orgSlug, datasetEnv);
  const key = newApiKey(orgSlug);
  const limits = PLAN_LIMITS[org.plan];
  const inserted = await tx.query(
    `INSERT INTO organizations (org_slug, org_name, admin_email, dataset, currency, timezone)
     VALUES ($1, $2, $3, $4, COALESCE($5, 'USD'), COALESCE($6, 'UTC'))
     ON CONFLICT (org_slug) DO NOTHING`,
    [orgSlug, org.orgName, org.adminEmail, dataset, org.currency ?? null, org.timezone ?? null],
  );
  if (inserted.rowCount === 0) throw conflict(`Organization ${orgSlug} already exists.`);
  const sub = await tx.query<{ trial_ends_at: Date }>(
    `INSERT INTO org_subscriptions (org_slug, plan, status, trial_ends_at, daily_limit, monthly_limit, concurrent_limit,
       seat_limit, provider_limit)
     VALUES ($1, $2, 'TRIAL', now() + make_interval(days => $3), $4, $5, $6, $7, $8) RETURNING trial_ends_at`,
    [
      orgSlug,
      org.plan,
      TRIAL_DAYS,
      limits.daily_limit,
      limits.monthly_limit,
      limits.concurrent_limit,
      limits.seat_limit,
      limits.provider_limit,
    ],
  );
  await tx.query(
    `INSERT INTO plan_change_audit (org_slug, actor, source, new_plan, new_status, request_id)
     VALUES ($1, $2, 'onboard', $3, 'TRIAL', $4)`,
    [orgSlug, describePrincipal(meta.principal), org.plan, meta.requestId],
  );
  await tx.query(
    'INSERT INTO org_api_keys (key_id, org_slug, key_hash, fingerprint) VALUES ($1, $2, $3, $4)',
    [randomUUID(), orgSlug, key.hash, key.fingerprint],
  );
  await tx.query(
    "INSERT INTO org_members (org_slug, email, role, user_id) VALUES ($1, lower($2), 'owner', $3)",
    [orgSlug, org.adminEmail, org.ownerUserId ?? null],
  );
  await auditRequest(tx, orgSlug, meta, 'organization.onboard', orgSlug, { plan: org.plan });
  await syncDataset(wh, dataset, orgDatasetTables);
  return {
    org_slug: orgSlug,
    api_key: key.apiKey,
    api_key_fingerprint: key.fingerprint,
    plan: org.plan,
    status: 'TRIAL' as const,
    dataset,
    trial_ends_at: new Date(sub.rows[0]!.trial_ends_at).toISOString(),
  };
}

/** Operator onboarding (root key): an org for `admin_email`, who owns it once they sign in. */
export async function onboardOrg(
  ctx: AppContext,
  input: z.output<typeof OnboardBodySchema>,
  meta: RequestMeta,
) {
  const [db, wh] = await Promise.all([ctx.db(), ctx.warehouse()]);
  const org = await db.transaction((tx) =>
    createOrg(
      tx,
      wh,
      ctx.config.datasetEnv,
      { orgName: input.org_name, adminEmail: input.admin_email, plan: input.plan, orgSlug: input.org_slug },
      meta,
    ),
  );
  const { trial_ends_at: _, ...response } = org;
  return response;
}
