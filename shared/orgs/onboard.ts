import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { OnboardBodySchema } from '../contracts/organizations.js';
import { newApiKey } from '../auth/keys.js';
import type { Principal } from '../auth/principal.js';
import { orgDataset } from '../datasets/central.js';
import { orgDatasetTables } from '../datasets/index.js';
import { syncDataset } from '../datasets/sync.js';
import { PLAN_LIMITS, TRIAL_DAYS } from './plans.js';
import { audit } from './audit.js';
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

/**
 * Creates the org, its subscription (trial), owner membership, API key and warehouse dataset with every
 * table — all or nothing: the control-plane transaction commits only after the dataset exists.
 */
export async function onboardOrg(
  ctx: AppContext,
  input: z.output<typeof OnboardBodySchema>,
  principal: Principal | undefined,
  requestId: string,
) {
  const [db, wh] = await Promise.all([ctx.db(), ctx.warehouse()]);
  const orgSlug = input.org_slug ?? deriveSlug(input.org_name);
  const dataset = orgDataset(orgSlug, ctx.config.datasetEnv);
  const key = newApiKey(orgSlug);
  const limits = PLAN_LIMITS[input.plan];
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO organizations (org_slug, org_name, admin_email, dataset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_slug) DO NOTHING`,
      [orgSlug, input.org_name, input.admin_email, dataset],
    );
    if (inserted.rowCount === 0) throw conflict(`Organization ${orgSlug} already exists.`);
    await tx.query(
      `INSERT INTO org_subscriptions (org_slug, plan, status, trial_ends_at, daily_limit, monthly_limit, concurrent_limit,
         seat_limit, provider_limit)
       VALUES ($1, $2, 'TRIAL', now() + make_interval(days => $3), $4, $5, $6, $7, $8)`,
      [
        orgSlug,
        input.plan,
        TRIAL_DAYS,
        limits.daily_limit,
        limits.monthly_limit,
        limits.concurrent_limit,
        limits.seat_limit,
        limits.provider_limit,
      ],
    );
    await tx.query(
      'INSERT INTO org_api_keys (key_id, org_slug, key_hash, fingerprint) VALUES ($1, $2, $3, $4)',
      [randomUUID(), orgSlug, key.hash, key.fingerprint],
    );
    await tx.query("INSERT INTO org_members (org_slug, email, role) VALUES ($1, lower($2), 'owner')", [
      orgSlug,
      input.admin_email,
    ]);
    await audit(tx, {
      orgSlug,
      principal,
      action: 'organization.onboard',
      target: orgSlug,
      details: { plan: input.plan },
      requestId,
    });
    await syncDataset(wh, dataset, orgDatasetTables);
    return {
      org_slug: orgSlug,
      api_key: key.apiKey,
      api_key_fingerprint: key.fingerprint,
      plan: input.plan,
      status: 'TRIAL' as const,
      dataset,
    };
  });
}
