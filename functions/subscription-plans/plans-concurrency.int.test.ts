/**
 * SaaS plans under concurrent writes: the UNIQUE (org_slug, provider, plan_name) constraint decides between two
 * creations of one name (the loser gets 409), and an edit reads, checks and writes its plan under a row lock, so
 * concurrent edits serialise. Runs on PGlite by default and on PostgreSQL with TEST_DATABASE_URL.
 */
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import type { AppContext } from '../../shared/context.js';
import type { Database, Queryable } from '../../shared/ports/database/port.js';
import { createPlan } from '../../shared/saas/plans.js';
import { CreatePlanSchema } from '../../shared/contracts/subscriptions.js';
import { type Org, orgRequest } from '../__tests__/helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

const api = (org: Org, method: string, path: string, json?: unknown) =>
  orgRequest(p, org, method, `/api/v1/subscriptions/${org.org_slug}${path}`, json);

const pro = {
  plan_name: 'pro',
  billing_cycle: 'monthly',
  pricing_model: 'PER_SEAT',
  start_date: '2026-01-01',
  unit_price: '10',
  seats: 5,
};

/**
 * A database whose transactions see a rival creation commit the same plan name just before their own INSERT of a
 * plan: what a concurrent request does on PostgreSQL between this one's duplicate check and its INSERT.
 */
function withRivalCreation(db: Database): Database {
  const rivalFirst = (tx: Queryable): Queryable => ({
    ...tx,
    async query<T>(sql: string, params?: readonly unknown[]) {
      if (/^\s*INSERT INTO saas_subscription_plans\b/.test(sql)) {
        await tx.query(
          `INSERT INTO saas_subscription_plans (plan_id, org_slug, provider, plan_name, start_date, billing_cycle,
             pricing_model, unit_price, currency)
           SELECT gen_random_uuid(), $1, $2, $3, DATE '2026-01-01', 'monthly', 'FLAT_FEE', 1, 'USD'`,
          [params?.[1], params?.[2], params?.[3]],
        );
      }
      return tx.query<T>(sql, params);
    },
  });
  return { ...db, transaction: (fn) => db.transaction((tx) => fn(rivalFirst(tx))) };
}

describe('concurrent SaaS plan writes', () => {
  it('concurrent creations of one plan name: exactly one 201, the others 409', async () => {
    const org = await p.onboard();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => api(org, 'POST', '/providers/slack/plans', pro)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(7).fill(409)]);
    const list = await api(org, 'GET', '/providers/slack/plans');
    expect((list.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it('a creation whose INSERT loses to a rival committed after its duplicate check is a conflict, not a 500', async () => {
    const org = await p.onboard();
    const db = withRivalCreation(await p.ctx.db());
    const ctx: AppContext = { ...p.ctx, db: () => Promise.resolve(db) };
    const body = CreatePlanSchema.parse(pro);
    await expect(
      createPlan(ctx, org.org_slug, 'slack', body, { principal: undefined, requestId: 'r1' }),
    ).rejects.toMatchObject({ kind: 'conflict', message: 'slack already has a plan named pro.' });
  });

  it('concurrent edits serialise: an end date and a later start date cannot both pass their checks', async () => {
    const org = await p.onboard();
    const created = await api(org, 'POST', '/providers/slack/plans', pro);
    const path = `/providers/slack/plans/${(created.body as { plan_id: string }).plan_id}`;
    // Each is valid alone; together end_date would fall before start_date. The second must see the first.
    const results = await Promise.all([
      api(org, 'PUT', path, { end_date: '2026-06-30' }),
      api(org, 'PUT', path, { start_date: '2026-09-01' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const [plan] = (await api(org, 'GET', '/providers/slack/plans')).body!.items as Record<string, unknown>[];
    expect([
      { start_date: '2026-01-01', end_date: '2026-06-30' },
      { start_date: '2026-09-01', end_date: null },
    ]).toContainEqual({ start_date: plan!.start_date, end_date: plan!.end_date });
  });

  it('concurrent discount edits serialise: a percent type and a value above 100 never combine', async () => {
    const org = await p.onboard();
    const created = await api(org, 'POST', '/providers/slack/plans', {
      ...pro,
      discount_type: 'fixed',
      discount_value: '150',
    });
    const path = `/providers/slack/plans/${(created.body as { plan_id: string }).plan_id}`;
    const results = await Promise.all([
      api(org, 'PUT', path, { discount_type: 'percent', discount_value: '10' }),
      api(org, 'PUT', path, { discount_value: '120' }),
    ]);
    const [plan] = (await api(org, 'GET', '/providers/slack/plans')).body!.items as Record<string, unknown>[];
    // Serial outcomes only: percent 10 (the fixed 120 first, or the 120 refused after the percent).
    expect({ type: plan!.discount_type, value: plan!.discount_value }).toEqual({
      type: 'percent',
      value: 10,
    });
    expect(results[0]!.status).toBe(200);
    expect([200, 400]).toContain(results[1]!.status);
  });

  it('an edit racing a delete is applied before it or refused with 404, never a 500', async () => {
    const org = await p.onboard();
    const created = await api(org, 'POST', '/providers/slack/plans', pro);
    const path = `/providers/slack/plans/${(created.body as { plan_id: string }).plan_id}`;
    const [deleted, change, toggle] = await Promise.all([
      api(org, 'DELETE', path),
      api(org, 'POST', `${path}/changes`, { effective_date: '2026-03-01', seats: 7 }),
      api(org, 'POST', `${path}/toggle`),
    ]);
    expect(deleted.status).toBe(204);
    expect([201, 404]).toContain(change.status);
    expect([200, 404]).toContain(toggle.status);
  });
});
