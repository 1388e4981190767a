/**
 * SaaS subscriptions end to end: plans through the subscription-plans router, the saas/subscription/costs pipeline,
 * FOCUS rows that satisfy the 1.3 rules and sum exactly to what the plans cost (expected values by hand).
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import { useBarePlatform } from '../../shared/testing/platform.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';
import { assertFocusConformant } from '../../shared/focus/conformance.js';
import { apiKey, type Org, orgRequest, runPipelineToCompletion } from '../__tests__/helpers.js';

let p: TestPlatform;
useBarePlatform((q) => (p = q));

const FOCUS_COLUMNS = costDataStandard13.columns.map((c) => c.name);

const api = (org: Org, method: string, path: string, json?: unknown) =>
  orgRequest(p, org, method, `/api/v1/subscriptions/${org.org_slug}${path}`, json);

async function plan(org: Org, provider: string, body: Record<string, unknown>) {
  const r = await api(org, 'POST', `/providers/${provider}/plans`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { plan_id: string };
}

/** A dated change to a plan (seats or price); it must be accepted. */
async function change(org: Org, provider: string, planId: string, body: Record<string, unknown>) {
  const r = await api(org, 'POST', `/providers/${provider}/plans/${planId}/changes`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** Runs the pipeline over [start, end] in chunks of at most 92 days (the longest run). */
async function run(org: Org, start: string, end: string) {
  for (let from = start; from <= end;) {
    const last = new Date(Date.parse(`${from}T00:00:00Z`) + 91 * 86_400_000).toISOString().slice(0, 10);
    const to = last < end ? last : end;
    await runPipelineToCompletion(p, org, 'saas/subscription/costs', from, to);
    from = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
}

/** Σ BilledCost per SkuId (saas/<provider>/<plan>) over [from, to], exact. */
async function billed(org: Org, from: string, to: string) {
  const wh = await p.ctx.warehouse();
  const rows = await wh.query<{ sku: string; billed: string; list: string }>(
    `SELECT SkuId AS sku, SUM(BilledCost) AS billed, SUM(ListCost) AS list
     FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')}
     WHERE CAST(ChargePeriodStart AS DATE) BETWEEN CAST(@from AS DATE) AND CAST(@to AS DATE)
     GROUP BY SkuId ORDER BY SkuId`,
    { from, to },
  );
  return Object.fromEntries(rows.map((r) => [r.sku, new Decimal(r.billed).toFixed()]));
}

/** A monthly per-seat plan. */
const seatPlan = (plan_name: string, start_date: string, unit_price: string | number, seats?: number) => ({
  plan_name,
  billing_cycle: 'monthly',
  pricing_model: 'PER_SEAT',
  start_date,
  unit_price,
  ...(seats === undefined ? {} : { seats }),
});

describe('saas/subscription/costs', () => {
  it('every billing cycle: a year of daily costs sums to the yearly price exactly; FOCUS rows conform', async () => {
    const org = await p.onboard();
    const flat = { pricing_model: 'FLAT_FEE', start_date: '2026-01-01' };
    await plan(org, 'slack', seatPlan('pro', '2026-01-01', '8.75', 10));
    await plan(org, 'notion', { plan_name: 'q', ...flat, billing_cycle: 'quarterly', unit_price: '300' });
    await plan(org, 'figma', { plan_name: 'h', ...flat, billing_cycle: 'semi_annual', unit_price: '600.01' });
    await plan(org, 'github', { plan_name: 'y', ...flat, billing_cycle: 'annual', unit_price: '1200' });
    await plan(org, 'linear', {
      plan_name: 'c',
      ...flat,
      billing_cycle: 'custom',
      custom_cycle_months: 2,
      unit_price: '100.03',
    });
    await run(org, '2026-01-01', '2026-12-31');
    expect(await billed(org, '2026-01-01', '2026-12-31')).toEqual({
      'saas/figma/h': '1200.02',
      'saas/github/y': '1200',
      'saas/linear/c': '600.18',
      'saas/notion/q': '1200',
      'saas/slack/pro': '1050',
    });
    // Invoiced on each cycle's first day, amortized daily: over the year both views give the same totals, and an
    // annual plan's January is billed in full while its effective cost is 31 days' share.
    const wh0 = await p.ctx.warehouse();
    const effective = await wh0.query<{ sku: string; e: string }>(
      `SELECT SkuId AS sku, SUM(EffectiveCost) AS e FROM ${wh0.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} GROUP BY SkuId ORDER BY SkuId`,
    );
    expect(Object.fromEntries(effective.map((r) => [r.sku, new Decimal(r.e).toFixed()]))).toEqual(
      await billed(org, '2026-01-01', '2026-12-31'),
    );
    expect((await billed(org, '2026-01-01', '2026-01-31'))['saas/github/y']).toBe('1200');
    expect((await billed(org, '2026-02-01', '2026-02-28'))['saas/github/y']).toBe('0');
    // Each month of the monthly plan is exactly its price, whatever its length.
    expect((await billed(org, '2026-02-01', '2026-02-28'))['saas/slack/pro']).toBe('87.5');
    expect((await billed(org, '2026-07-01', '2026-07-31'))['saas/slack/pro']).toBe('87.5');

    const wh = await p.ctx.warehouse();
    const rows = await wh.query(
      `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')}`,
    );
    expect(rows.length).toBe(365 * 5);
    assertFocusConformant(rows, { columns: FOCUS_COLUMNS });
    expect(new Set(rows.map((r) => `${r.ChargeCategory}/${r.ChargeFrequency}`))).toEqual(
      new Set(['Purchase/Recurring']),
    );

    // Re-running the same dates leaves every total unchanged.
    await run(org, '2026-01-01', '2026-12-31');
    expect((await billed(org, '2026-01-01', '2026-12-31'))['saas/slack/pro']).toBe('1050');
  });

  it('prorates a seat change, a price change and an end date inside their cycles', async () => {
    const org = await p.onboard();
    const seats = await plan(org, 'slack', seatPlan('pro', '2026-04-01', '10', 5));
    // 5 seats for 15 days, 10 seats for the other 15 of April's 30: 50 × 15/30 + 100 × 15/30 = 75.
    await change(org, 'slack', seats.plan_id, { effective_date: '2026-04-16', seats: 10 });
    const price = await plan(org, 'zoom', seatPlan('pro', '2026-02-01', '28', 1));
    // February (28 days): 14 days at 28, 14 days at 56: 14 + 28 = 42.
    await change(org, 'zoom', price.plan_id, { effective_date: '2026-02-15', unit_price: 56 });
    // An annual 365-dollar plan ending after 100 days: 100.
    await plan(org, 'canva', {
      plan_name: 'teams',
      billing_cycle: 'annual',
      pricing_model: 'FLAT_FEE',
      start_date: '2026-01-01',
      end_date: '2026-04-10',
      unit_price: 365,
    });
    // 20% off a 100-dollar month: list 100, billed 80.
    await plan(org, 'cursor', {
      ...seatPlan('pro', '2026-04-01', 20, 5),
      discount_type: 'percent',
      discount_value: 20,
    });
    await run(org, '2026-01-01', '2026-06-30');
    const april = await billed(org, '2026-04-01', '2026-04-30');
    expect(april['saas/slack/pro']).toBe('75');
    expect(april['saas/cursor/pro']).toBe('80');
    expect((await billed(org, '2026-02-01', '2026-02-28'))['saas/zoom/pro']).toBe('42');
    expect((await billed(org, '2026-01-01', '2026-06-30'))['saas/canva/teams']).toBe('100');
    const wh = await p.ctx.warehouse();
    const [list] = await wh.query<{ list: string }>(
      `SELECT SUM(ListCost) AS list FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} WHERE SkuId = 'saas/cursor/pro'
       AND CAST(ChargePeriodStart AS DATE) BETWEEN CAST('2026-04-01' AS DATE) AND CAST('2026-04-30' AS DATE)`,
    );
    expect(new Decimal(list!.list).toFixed()).toBe('100');
    assertFocusConformant(
      await wh.query(`SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')}`),
      {
        columns: FOCUS_COLUMNS,
      },
    );
  });

  it('switching a plan or its provider off stops accrual from today and keeps the cost already incurred', async () => {
    const org = await p.onboard();
    const a = await plan(org, 'slack', seatPlan('pro', '2026-01-01', 10, 1));
    await plan(org, 'claude', seatPlan('team', '2026-01-01', 30, 2));
    await run(org, '2026-01-01', '2026-01-31');
    expect(await billed(org, '2026-01-01', '2026-01-31')).toEqual({
      'saas/claude/team': '60',
      'saas/slack/pro': '10',
    });
    const off = await api(org, 'POST', `/providers/slack/plans/${a.plan_id}/toggle`);
    const today = new Date().toISOString().slice(0, 10);
    expect(off.body).toMatchObject({ enabled: false, disabled_from: today });
    expect((await api(org, 'PUT', '/providers/claude', { enabled: false })).body).toMatchObject({
      enabled: false,
      plan_count: 1,
    });
    // Re-running January (before the switch) keeps its cost; the days from today on cost nothing.
    await run(org, '2026-01-01', '2026-01-31');
    expect(await billed(org, '2026-01-01', '2026-01-31')).toEqual({
      'saas/claude/team': '60',
      'saas/slack/pro': '10',
    });
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await run(org, today, end);
    expect(await billed(org, later, end)).toEqual({});
    // Switched on again, it accrues as if it had never been off.
    expect((await api(org, 'POST', `/providers/slack/plans/${a.plan_id}/toggle`)).body).toMatchObject({
      enabled: true,
      disabled_from: null,
    });
    await run(org, today, end);
    expect(Object.keys(await billed(org, later, end))).toEqual(['saas/slack/pro']);
  });

  it('refuses bad plans with a 400 naming the field, duplicates with 409, and resets to templates', async () => {
    const org = await p.onboard();
    const base = seatPlan('pro', '2026-01-01', 10);
    expect(
      (await api(org, 'POST', '/providers/slack/plans', { ...base, billing_cycle: 'custom' })).status,
    ).toBe(400);
    expect(
      (await api(org, 'POST', '/providers/slack/plans', { ...base, custom_cycle_days: 10 })).status,
    ).toBe(400);
    expect(
      (await api(org, 'POST', '/providers/slack/plans', { ...base, end_date: '2025-12-31' })).status,
    ).toBe(400);
    expect((await api(org, 'POST', '/providers/slack/plans', { ...base, unit_price: -1 })).status).toBe(400);
    expect(
      (
        await api(org, 'POST', '/providers/slack/plans', {
          ...base,
          discount_type: 'percent',
          discount_value: 101,
        })
      ).status,
    ).toBe(400);
    const created = await plan(org, 'slack', base);
    expect((await api(org, 'POST', '/providers/slack/plans', base)).status).toBe(409);
    const early = await api(org, 'POST', `/providers/slack/plans/${created.plan_id}/changes`, {
      effective_date: '2025-06-01',
      seats: 3,
    });
    expect(early.status).toBe(400);
    expect(
      (
        await api(org, 'POST', `/providers/slack/plans/${created.plan_id}/changes`, {
          effective_date: '2026-03-01',
        })
      ).status,
    ).toBe(400);

    const reset = await api(org, 'POST', '/providers/slack/reset');
    expect(reset.status).toBe(200);
    const items = (reset.body as { items: { plan_name: string; enabled: boolean; unit_price: number }[] })
      .items;
    expect(items.map((i) => [i.plan_name, i.enabled, i.unit_price])).toEqual([
      ['business_plus', false, 15],
      ['pro', false, 8.75],
    ]);
    const providers = (await api(org, 'GET', '/providers')).body as {
      items: { provider: string; plan_count: number }[];
    };
    expect(providers.items.find((i) => i.provider === 'slack')!.plan_count).toBe(2);
    const other = await p.onboard();
    const denied = await p.request(`/api/v1/subscriptions/${org.org_slug}/providers/slack/plans`, {
      headers: apiKey(other.api_key),
    });
    expect(denied.status).toBe(403);
  });
});
