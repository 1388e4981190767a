/**
 * SaaS provider ids in the cost views: a SaaS row's provider is the provider slug of its SkuId
 * (`saas/<provider>/<plan_name>`), the id the subscriptions API and the catalogue use ('github_copilot'), not its
 * lower-cased display name ('github copilot'): the views show it and their provider filter matches it, through
 * the rollup and through the FOCUS fallback. A dataset whose rollup was derived by the older definition is derived
 * again by the org sync, which also makes every instance read its cost slices again.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { TEST_ROOT_KEY, type TestPlatform } from '../../scripts/local/test-platform.js';
import { costDailyRollup, costDailyRollupDerived } from '../../shared/datasets/cost-rollup.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { derivationKey } from '../../shared/ports/warehouse/derived.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { type Org, orgRequest, runPipelineToCompletion } from './helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

const RANGE = 'start_date=2026-03-01&end_date=2026-03-31';

const costs = async (org: Org, view: string, query = '') => {
  const r = await orgRequest(p, org, 'GET', `/api/v1/costs/${org.org_slug}/${view}?${RANGE}${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Record<string, unknown> & { items: Record<string, unknown>[] };
};

/** An org with a GitHub Copilot plan (10 seats at 19) and a Slack plan (5 seats at 8), costed for March 2026. */
async function orgWithPlans(): Promise<Org> {
  const org = await p.onboard();
  for (const [provider, plan_name, unit_price, seats] of [
    ['github_copilot', 'business', '19', 10],
    ['slack', 'pro', '8', 5],
  ] as const) {
    const r = await orgRequest(
      p,
      org,
      'POST',
      `/api/v1/subscriptions/${org.org_slug}/providers/${provider}/plans`,
      {
        plan_name,
        billing_cycle: 'monthly',
        pricing_model: 'PER_SEAT',
        start_date: '2026-03-01',
        unit_price,
        seats,
      },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  await runPipelineToCompletion(p, org, 'saas/subscription/costs', '2026-03-01', '2026-03-31');
  return org;
}

const money = (v: unknown) => new Decimal(String(v)).toFixed();

describe('SaaS provider ids in the cost views', () => {
  it('are the SkuId provider slugs: shown by by-provider, matched by the provider filter of every view', async () => {
    const org = await orgWithPlans();
    const byProvider = await costs(org, 'by-provider');
    const rows = byProvider.items.map((i) => [i.provider, i.cost_type, money(i.billed_cost)]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['github_copilot', 'subscription', '190'],
        ['slack', 'subscription', '40'],
      ]),
    );
    expect(byProvider.items).toHaveLength(2);
    // The display name stays the provider's name.
    expect(byProvider.items.find((i) => i.provider === 'github_copilot')!.provider_name).not.toBe(
      'github_copilot',
    );

    const summary = await costs(org, 'summary', '&provider=github_copilot');
    expect(money(summary.total_billed_cost)).toBe('190');
    expect(money((summary.by_cost_type as Record<string, unknown>).subscription)).toBe('190');
    // The old id matches nothing now.
    expect(money((await costs(org, 'summary', '&provider=github%20copilot')).total_billed_cost)).toBe('0');

    // The breakdown by plan (FOCUS, not the rollup) shows and filters the same id.
    const plans = await costs(org, 'subscriptions/plans', '&provider=github_copilot');
    expect(plans.items.map((i) => [i.provider, i.plan_name, money(i.billed_cost)])).toEqual([
      ['github_copilot', 'business', '190'],
    ]);
    const all = await costs(org, 'subscriptions/plans');
    expect(all.items.map((i) => i.provider).sort()).toEqual(['github_copilot', 'slack']);
  });

  it('the FOCUS fallback read derives the same ids as the rollup', async () => {
    const org = await orgWithPlans();
    const { sliceSql } = await import('../../shared/costs/slice.js');
    const wh = await p.ctx.warehouse();
    const rows = await wh.query<{ provider: string; billed: unknown }>(
      `SELECT provider, SUM(billed) AS billed FROM (${sliceSql(wh.table(`${org.org_slug}_test`, costDataStandard13.name))}) AS s GROUP BY provider ORDER BY provider`,
      { org: org.org_slug, start: '2026-03-01', end: '2026-03-31' },
    );
    expect(rows.map((r) => [r.provider, money(r.billed)])).toEqual([
      ['github_copilot', '190'],
      ['slack', '40'],
    ]);
  });

  it('an org sync derives a rollup of the older definition again and the views read it at once', async () => {
    const org = await orgWithPlans();
    const dataset = `${org.org_slug}_test`;
    const wh = await p.ctx.warehouse();
    const rollup = wh.table(dataset, costDailyRollup.name);
    const versions = wh.table(dataset, 'schema_versions');
    const key = derivationKey(costDataStandard13, costDailyRollupDerived);
    // A dataset last synced with version 1 of the rollup: its rows carry the old ids, its derivation is at 1.
    await wh.query(`UPDATE ${rollup} SET provider = LOWER(provider_name) WHERE cost_type = 'subscription'`);
    await wh.query(`DELETE FROM ${versions} WHERE table_name = @key`, { key });
    await wh.query(
      `INSERT INTO ${versions} (table_name, version, applied_at) VALUES (@key, 1, CURRENT_TIMESTAMP())`,
      { key },
    );
    const stale = await costs(org, 'by-provider');
    expect(stale.items.map((i) => i.provider)).toContain('github copilot');

    const sync = await p.request(`/api/v1/admin/organizations/${org.org_slug}/sync`, {
      method: 'POST',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    });
    expect(sync.status).toBe(200);
    const report = (await sync.json()) as { updated: string[] };
    expect(report.updated).toContain(`warehouse.table.${dataset}.${costDataStandard13.name}`);

    // The cached slice of the stale rollup is not served: the sync bumped the org's cost-data version.
    const fresh = await costs(org, 'by-provider');
    expect(fresh.items.map((i) => [i.provider, money(i.billed_cost)])).toEqual(
      expect.arrayContaining([
        ['github_copilot', '190'],
        ['slack', '40'],
      ]),
    );
    expect(fresh.items).toHaveLength(2);
    const [row] = await wh.query<{ v: unknown }>(
      `SELECT MAX(version) AS v FROM ${versions} WHERE table_name = @key`,
      {
        key,
      },
    );
    expect(Number(row!.v)).toBe(costDailyRollup.version);

    // A second sync has nothing to derive again.
    const again = await p.request(`/api/v1/admin/organizations/${org.org_slug}/sync`, {
      method: 'POST',
      headers: { 'x-ca-root-key': TEST_ROOT_KEY },
    });
    expect(((await again.json()) as { updated: string[] }).updated).toEqual([]);
  });
});
