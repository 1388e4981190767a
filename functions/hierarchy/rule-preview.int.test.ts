/**
 * POST /api/v1/hierarchy/{org}/allocation-rules/preview on the embedded stack: seeded FOCUS rows over the last 30
 * days; a cloud account rule's preview equals what the costs API answers for the same scope (provider aws, cloud),
 * its unallocated part the costs API's Unallocated for that scope; a higher-priority rule takes `allocated` and
 * `moved` to zero while `matched` stays; a rule matching nothing is all zeros; an unknown entity is a 400; nothing
 * in the warehouse changes.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { focusFixtureRows } from '../../shared/testing/focus-rows.js';
import { type Org, useBarePlatform } from '../../shared/testing/platform.js';
import { orgDatasetOf } from '../../shared/orgs/org-record.js';
import { addDays } from '../../shared/time/day.js';
import { orgRequest } from '../__tests__/helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

const today = new Date().toISOString().slice(0, 10);
const start = addDays(today, -29);
const AWS = { kind: 'cloud_account', account_id: 'aws-account', provider: 'aws' } as const;

interface Money {
  billed_cost: number;
  record_count: number;
}
interface Preview {
  currency: string;
  start_date: string;
  end_date: string;
  matched: Money;
  allocated: Money;
  moved: Money;
  unallocated: Money;
  other_currency_records: number;
}

/** Every third AWS cloud row of the 30 days tagged team=data (a tag rule's rows). */
const tagged = (rows: Record<string, unknown>[]) =>
  rows.map((r, i) =>
    r.x_cloud_provider === 'aws' && r.x_cost_type === 'cloud' && i % 3 === 0
      ? { ...r, Tags: JSON.stringify({ team: 'data' }) }
      : r,
  );

async function seed(org: Org) {
  const wh = await p.ctx.warehouse();
  await wh.replaceSlice(
    await orgDatasetOf(p.ctx, org.org_slug),
    costDataStandard13,
    { equals: { x_org_slug: org.org_slug, x_pipeline_id: 'fixture/cost/rows', x_credential_id: null } },
    // Every row inside the 30 days, and some before them (not previewed).
    [
      ...tagged(focusFixtureRows(org.org_slug, { start, days: 30, count: 400, seed: 11 })),
      ...focusFixtureRows(org.org_slug, { start: addDays(start, -20), days: 10, count: 50, seed: 12 }),
    ],
  );
}

async function preview(org: Org, body: Record<string, unknown>) {
  const r = await orgRequest(
    p,
    org,
    'POST',
    `/api/v1/hierarchy/${org.org_slug}/allocation-rules/preview`,
    body,
  );
  return r as unknown as { status: number; body: Preview & { error?: { message: string } } };
}

async function costs(org: Org, view: string, query: Record<string, string>) {
  const qs = new URLSearchParams({ start_date: start, end_date: today, ...query });
  const r = await orgRequest(p, org, 'GET', `/api/v1/costs/${org.org_slug}/${view}?${qs}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Record<string, unknown>;
}

const round = (n: number) => new Decimal(n).toDecimalPlaces(6).toNumber();

describe('allocation rule preview', () => {
  it("equals the costs API's figures for the scope a cloud account rule mirrors", async () => {
    const org = await p.onboard();
    await seed(org);
    const r = await preview(org, { match: AWS });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ currency: 'USD', start_date: start, end_date: today });

    const cloud = await costs(org, 'cloud', { provider: 'aws' });
    expect(r.body.matched.record_count).toBeGreaterThan(0);
    expect(r.body.matched.record_count).toBe(cloud.record_count);
    expect(round(r.body.matched.billed_cost)).toBe(round(cloud.total_billed_cost as number));
    expect(r.body.other_currency_records).toBe(cloud.other_currency_records);

    // No other rule: it would allocate (and move, no entity named) every matched row.
    expect(r.body.allocated).toEqual(r.body.matched);
    expect(r.body.moved).toEqual(r.body.matched);

    const byEntity = await costs(org, 'by-hierarchy', { provider: 'aws', cost_type: 'cloud' });
    const items = byEntity.items as { entity_id: string | null; billed_cost: number }[];
    const unallocated = items.find((i) => i.entity_id === null);
    expect(unallocated).toBeDefined();
    expect(round(r.body.unallocated.billed_cost)).toBe(round(unallocated!.billed_cost));
    expect(r.body.unallocated.record_count).toBeLessThan(r.body.matched.record_count);
  });

  it('counts only what the rule would win; matches nothing; refuses an unknown entity', async () => {
    const org = await p.onboard();
    await seed(org);
    const before = await preview(org, { match: AWS, priority: 100 });
    const created = await orgRequest(p, org, 'POST', `/api/v1/hierarchy/${org.org_slug}/entities`, {
      name: 'Platform',
      level_code: 'department',
    });
    expect(created.status).toBe(201);
    const entityId = String(created.body!.entity_id);
    const rule = await orgRequest(p, org, 'POST', `/api/v1/hierarchy/${org.org_slug}/allocation-rules`, {
      entity_id: entityId,
      priority: 500,
      match: { kind: 'cloud_account', account_id: 'aws-account' },
    });
    expect(rule.status).toBe(201);

    const lower = await preview(org, { match: AWS, priority: 100, entity_id: entityId });
    expect(lower.body.matched).toEqual(before.body.matched);
    expect(lower.body.allocated).toEqual({ billed_cost: 0, record_count: 0 });
    expect(lower.body.moved).toEqual({ billed_cost: 0, record_count: 0 });

    // The saved rule itself, previewed as edited: it wins; the rows already on its entity (the fixture allocated
    // some to DEPT-001) do not move.
    expect(entityId).toBe('DEPT-001');
    const edited = await preview(org, {
      match: AWS,
      priority: 500,
      entity_id: entityId,
      rule_id: String(rule.body!.rule_id),
    });
    expect(edited.body.allocated).toEqual(before.body.matched);
    const byEntity = await costs(org, 'by-hierarchy', { provider: 'aws', cost_type: 'cloud' });
    const there = (byEntity.items as { entity_id: string | null; billed_cost: number }[]).find(
      (i) => i.entity_id === entityId,
    );
    expect(there!.billed_cost).toBeGreaterThan(0);
    expect(edited.body.moved.record_count).toBeLessThan(before.body.matched.record_count);
    expect(round(edited.body.moved.billed_cost)).toBe(
      round(new Decimal(before.body.matched.billed_cost).minus(there!.billed_cost).toNumber()),
    );

    const none = await preview(org, { match: { kind: 'tag', key: 'team', value: 'nobody' } });
    expect(none.status).toBe(200);
    expect(none.body.matched).toEqual({ billed_cost: 0, record_count: 0 });

    const unknown = await preview(org, { match: AWS, entity_id: 'DEPT-999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toContain('DEPT-999');
  });

  it('leaves out the rows a higher-priority rule of another kind (a tag rule) wins', async () => {
    const org = await p.onboard();
    await seed(org);
    const TAG = { kind: 'tag', key: 'team', value: 'data' } as const;
    const tag = await preview(org, { match: TAG });
    expect(tag.body.matched.record_count).toBeGreaterThan(0);
    const account = await preview(org, { match: AWS });
    // Every tagged row is an AWS cloud row: the account rule matches it too.
    expect(account.body.matched.record_count).toBeGreaterThan(tag.body.matched.record_count);

    const created = await orgRequest(p, org, 'POST', `/api/v1/hierarchy/${org.org_slug}/entities`, {
      name: 'Data',
      level_code: 'department',
    });
    const rule = await orgRequest(p, org, 'POST', `/api/v1/hierarchy/${org.org_slug}/allocation-rules`, {
      entity_id: String(created.body!.entity_id),
      priority: 200,
      match: TAG,
    });
    expect(rule.status).toBe(201);
    const lower = await preview(org, { match: AWS, priority: 100 });
    expect(lower.body.matched).toEqual(account.body.matched);
    expect(lower.body.allocated.record_count).toBe(
      account.body.matched.record_count - tag.body.matched.record_count,
    );
    expect(round(lower.body.allocated.billed_cost)).toBe(
      round(new Decimal(account.body.matched.billed_cost).minus(tag.body.matched.billed_cost).toNumber()),
    );
  });
});
