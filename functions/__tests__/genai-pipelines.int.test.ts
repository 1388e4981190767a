/**
 * GenAI usage pipelines end to end against the fake provider server (documented formats): usage is read with
 * paging, empty buckets, a 429 and absent optional fields, priced with the price valid each day, and turned into
 * FOCUS rows whose BilledCost equals tokens x price exactly. Expected costs are written out by hand here from
 * the public price list (per 1M tokens), independently of the pricing code.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../scripts/local/test-platform.js';
import type { FakeProviders } from '../../shared/testing/fake-providers.js';
import { type Org, usePlatform } from '../../shared/testing/platform.js';
import { fakeUsage, type FakeUsage } from '../../shared/testing/fake-providers/genai.js';
import { apiKey, runPipelineToCompletion, setupIntegration } from './helpers.js';
import { assertFocusConformant } from '../../shared/focus/conformance.js';
import { costDataStandard13 } from '../../shared/datasets/index.js';

let fake: FakeProviders;
let usage: FakeUsage;
let p: TestPlatform;
usePlatform((f) => {
  ({ p, fake } = f);
  usage = fakeUsage(fake);
});

const FOCUS_COLUMNS = costDataStandard13.columns.map((c) => c.name);

/** tokens x price-per-1M, exact. */
const t = (tokens: number, per1m: string) => new Decimal(tokens).times(per1m).div(1_000_000);
const sum = (...xs: Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));
const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
const iso = (d: string) => `${d}T00:00:00Z`;

/** Sets up the org's GenAI `provider` integration with `key` (the fake accepts it); the credential id. */
const genaiIntegration = (org: Org, provider: string, key: string, config?: Record<string, unknown>) =>
  setupIntegration(p, fake, org, provider, { valid: [provider, [key]], credential: key, config });

/** A new org with the provider's integration set up under `key`, and the fake's usage emptied. */
async function orgWith(provider: 'openai' | 'anthropic', key: string) {
  const org = await p.onboard();
  await genaiIntegration(org, provider, key);
  usage.reset();
  return org;
}

const run = (org: Org, pipeline: string, start: string, end: string) =>
  runPipelineToCompletion(p, org, pipeline, start, end);

async function focusByDay(org: Org) {
  const wh = await p.ctx.warehouse();
  const rows = await wh.query<{ d: string; billed: string; list: string; n: number }>(
    `SELECT CAST(CAST(ChargePeriodStart AS DATE) AS STRING) AS d, SUM(BilledCost) AS billed, SUM(ListCost) AS list,
       COUNT(*) AS n
     FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} WHERE x_cost_type = 'genai'
     GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(
    rows.map((r) => [r.d, { billed: new Decimal(r.billed), list: new Decimal(r.list), n: Number(r.n) }]),
  );
}

async function focusRows(org: Org) {
  const wh = await p.ctx.warehouse();
  return wh.query(
    `SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'cost_data_standard_1_3')} ORDER BY SkuPriceId`,
  );
}

describe('openai/genai/usage', () => {
  it('ingests multi-page usage with an empty bucket, a 429 and absent fields; FOCUS BilledCost = tokens x price exactly', async () => {
    const org = await orgWith('openai', 'sk-admin-genai-test-0001');
    usage.setPageSize(1);
    usage.setUsage('openai', {
      completions: [
        {
          start_time: day('2026-08-01'),
          end_time: day('2026-08-02'),
          results: [
            // input_tokens include the cached ones (OpenAI semantics).
            {
              object: 'organization.usage.completions.result',
              input_tokens: 1_000_000,
              input_cached_tokens: 200_000,
              output_tokens: 300_000,
              num_model_requests: 100,
              project_id: 'proj_a',
              api_key_id: 'key_a',
              model: 'gpt-4o-2024-08-06',
              batch: false,
              service_tier: 'default',
            },
            {
              object: 'organization.usage.completions.result',
              input_tokens: 123_457,
              output_tokens: 45_679,
              num_model_requests: 7,
              project_id: 'proj_a',
              api_key_id: 'key_b',
              model: 'gpt-4o-mini',
              batch: true,
            },
            {
              object: 'organization.usage.completions.result',
              input_tokens: 10_000,
              output_tokens: 1_000,
              num_model_requests: 3,
              project_id: 'proj_b',
              model: 'gpt-4o',
              service_tier: 'priority',
            },
            // Every optional field absent but the model and one token.
            { object: 'organization.usage.completions.result', input_tokens: 1, model: 'gpt-4o' },
          ],
        },
        { start_time: day('2026-08-02'), end_time: day('2026-08-03'), results: [] },
        {
          start_time: day('2026-08-03'),
          end_time: day('2026-08-04'),
          results: [
            {
              object: 'organization.usage.completions.result',
              input_tokens: 5_000,
              output_tokens: 500,
              num_model_requests: 1,
              model: 'my-private-model',
            },
          ],
        },
      ],
      embeddings: [
        {
          start_time: day('2026-08-03'),
          end_time: day('2026-08-04'),
          results: [
            {
              object: 'organization.usage.embeddings.result',
              input_tokens: 1_000_001,
              num_model_requests: 2,
              model: 'text-embedding-3-small',
              project_id: 'proj_a',
            },
          ],
        },
      ],
      moderations: [
        {
          start_time: day('2026-08-03'),
          end_time: day('2026-08-04'),
          results: [
            {
              object: 'organization.usage.moderations.result',
              input_tokens: 999,
              num_model_requests: 9,
              model: 'omni-moderation-latest',
            },
          ],
        },
      ],
      costs: [
        {
          start_time: day('2026-08-01'),
          end_time: day('2026-08-02'),
          results: [
            {
              object: 'organization.costs.result',
              amount: { value: 5.33, currency: 'usd' },
              line_item: 'gpt-4o, input',
              project_id: 'proj_a',
            },
          ],
        },
      ],
    });
    usage.setRateLimit('openai', 1, '0');
    const requestsBefore = fake.requests.length;

    await run(org, 'openai/genai/usage', '2026-08-01', '2026-08-03');
    // Three pages of completions (one bucket each) plus the first request again after its 429.
    const completions = fake.requests
      .slice(requestsBefore)
      .filter((r) => r.url.includes('/organization/usage/completions'));
    expect(completions.length).toBe(4);

    const aug1 = sum(
      t(800_000, '2.5'),
      t(200_000, '1.25'),
      t(300_000, '10'), // gpt-4o standard, cached input at the cached price
      t(123_457, '0.075'),
      t(45_679, '0.3'), // gpt-4o-mini batch: 50% off 0.15 / 0.6
      t(10_000, '4.25'),
      t(1_000, '17'), // gpt-4o priority tier
      t(1, '2.5'),
    );
    const aug3 = t(1_000_001, '0.02'); // embeddings; the moderation is free and my-private-model has no price
    const focus = await focusByDay(org);
    expect(Object.keys(focus)).toEqual(['2026-08-01', '2026-08-03']);
    expect(focus['2026-08-01']!.billed.equals(aug1), `${focus['2026-08-01']!.billed} vs ${aug1}`).toBe(true);
    expect(focus['2026-08-03']!.billed.equals(aug3), `${focus['2026-08-03']!.billed} vs ${aug3}`).toBe(true);
    // No override: list = billed.
    expect(focus['2026-08-01']!.list.equals(aug1)).toBe(true);

    const wh = await p.ctx.warehouse();
    const unpriced = await wh.query<{
      model: string;
      unpriced_reason: string;
      token_type: string;
      quantity: string;
    }>(
      `SELECT model, unpriced_reason, token_type, quantity FROM ${wh.table(`${org.org_slug}_test`, 'genai_payg_costs_daily')}
       WHERE pricing_status = 'unpriced' ORDER BY token_type`,
    );
    expect(unpriced.map((u) => [u.model, u.unpriced_reason, u.token_type, Number(u.quantity)])).toEqual([
      ['my-private-model', 'no_price', 'input', 5_000],
      ['my-private-model', 'no_price', 'output', 500],
    ]);
    const billed = await wh.query<{ amount: string; workspace_id: string }>(
      `SELECT amount, workspace_id FROM ${wh.table(`${org.org_slug}_test`, 'genai_payg_billed_costs_daily')}`,
    );
    expect(billed.map((b) => [new Decimal(b.amount).toFixed(), b.workspace_id])).toEqual([
      ['5.33', 'proj_a'],
    ]);

    // Re-running the same dates leaves every total and row count unchanged.
    const before = await focusByDay(org);
    await run(org, 'openai/genai/usage', '2026-08-01', '2026-08-03');
    const after = await focusByDay(org);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const d of Object.keys(before)) {
      expect(after[d]!.billed.equals(before[d]!.billed)).toBe(true);
      expect(after[d]!.n).toBe(before[d]!.n);
    }
    assertFocusConformant(await focusRows(org), { columns: FOCUS_COLUMNS });
  });
});

describe('anthropic/genai/usage', () => {
  it('prices disjoint cache buckets (5m and 1h writes), the long-context tier and batch; cost report amounts are cents', async () => {
    const org = await orgWith('anthropic', 'sk-ant-admin01-genai-test-0001');
    usage.setPageSize(1);
    const buckets = (results: Record<string, unknown>[]) => [
      { starting_at: iso('2026-08-01'), ending_at: iso('2026-08-02'), results },
    ];
    const cache = { ephemeral_5m_input_tokens: 10_000, ephemeral_1h_input_tokens: 20_000 };
    // The same Sonnet usage in each context-window tier.
    const sonnet = {
      uncached_input_tokens: 100_000,
      cache_read_input_tokens: 50_000,
      cache_creation: cache,
      output_tokens: 5_000,
      model: 'claude-sonnet-4-5-20250929',
      workspace_id: 'wrkspc_a',
      api_key_id: 'apikey_a',
      service_tier: 'standard',
    };
    usage.setUsage('anthropic', {
      messages: [
        ...buckets([
          { ...sonnet, context_window: '0-200k' },
          { ...sonnet, context_window: '200k-1M' },
          {
            uncached_input_tokens: 1_000_000,
            output_tokens: 1_000_000,
            model: 'claude-3-5-haiku-20241022',
            service_tier: 'batch',
            context_window: '0-200k',
          },
        ]),
        { starting_at: iso('2026-08-02'), ending_at: iso('2026-08-03'), results: [] },
      ],
      cost_report: buckets([
        {
          currency: 'USD',
          amount: '54.75',
          workspace_id: 'wrkspc_a',
          description: 'Claude Sonnet 4.5 Usage - Input Tokens',
          cost_type: 'tokens',
          model: 'claude-sonnet-4-5',
          token_type: 'uncached_input_tokens',
        },
      ]),
    });

    await run(org, 'anthropic/genai/usage', '2026-08-01', '2026-08-02');

    const standard = sum(
      t(100_000, '3'),
      t(50_000, '0.3'),
      t(10_000, '3.75'),
      t(20_000, '6'),
      t(5_000, '15'),
    );
    const longContext = sum(
      t(100_000, '6'),
      t(50_000, '0.6'),
      t(10_000, '7.5'),
      t(20_000, '12'),
      t(5_000, '22.5'),
    );
    const batch = sum(t(1_000_000, '0.4'), t(1_000_000, '2'));
    const focus = await focusByDay(org);
    expect(Object.keys(focus)).toEqual(['2026-08-01']);
    const expected = sum(standard, longContext, batch);
    expect(
      focus['2026-08-01']!.billed.equals(expected),
      `${focus['2026-08-01']!.billed} vs ${expected}`,
    ).toBe(true);

    const wh = await p.ctx.warehouse();
    const billed = await wh.query<{ amount: string }>(
      `SELECT amount FROM ${wh.table(`${org.org_slug}_test`, 'genai_payg_billed_costs_daily')}`,
    );
    expect(new Decimal(billed[0]!.amount).toFixed()).toBe('0.5475');
    assertFocusConformant(await focusRows(org), { columns: FOCUS_COLUMNS });
  });
});

describe('FOCUS 1.3 conformance and the genai views', () => {
  it('every FOCUS row produced satisfies the 1.3 column rules; summary, unpriced and reconciliation agree with it', async () => {
    const org = await orgWith('openai', 'sk-admin-genai-test-0002');
    usage.setUsage('openai', {
      completions: [
        {
          start_time: day('2026-08-01'),
          end_time: day('2026-08-02'),
          results: [
            {
              input_tokens: 2_000,
              input_cached_tokens: 1_000,
              output_tokens: 700,
              num_model_requests: 2,
              project_id: 'proj_x',
              api_key_id: 'key_x',
              model: 'gpt-4o',
              service_tier: 'default',
            },
            {
              input_tokens: 3_000,
              output_tokens: 0,
              num_model_requests: 1,
              project_id: 'proj_y',
              model: 'gpt-4o-mini',
              batch: true,
            },
            { input_tokens: 50, output_tokens: 50, model: 'unknown-model-x' },
          ],
        },
      ],
      images: [
        {
          start_time: day('2026-08-01'),
          end_time: day('2026-08-02'),
          results: [
            {
              images: 3,
              num_model_requests: 3,
              model: 'dall-e-3',
              size: '1024x1024',
              source: 'image.generation',
              project_id: 'proj_x',
            },
          ],
        },
      ],
      audio_speeches: [
        {
          start_time: day('2026-08-01'),
          end_time: day('2026-08-02'),
          results: [{ characters: 1_234, num_model_requests: 1, model: 'tts-1' }],
        },
      ],
      audio_transcriptions: [
        {
          start_time: day('2026-08-01'),
          end_time: day('2026-08-02'),
          results: [{ seconds: 61, num_model_requests: 1, model: 'whisper-1' }],
        },
      ],
      costs: [
        {
          start_time: day('2026-08-01'),
          end_time: day('2026-08-02'),
          results: [{ amount: { value: 0.2, currency: 'usd' }, line_item: 'all', project_id: 'proj_x' }],
        },
      ],
    });
    await run(org, 'openai/genai/usage', '2026-08-01', '2026-08-01');

    const rows = await focusRows(org);
    expect(rows.length).toBe(7);
    assertFocusConformant(rows, { columns: FOCUS_COLUMNS });

    const expected = sum(
      t(1_000, '2.5'),
      t(1_000, '1.25'),
      t(700, '10'),
      t(3_000, '0.075'),
      new Decimal(3).times('0.04'), // dall-e-3 per image
      new Decimal(1_234).times('0.000015'), // tts-1 per character
      new Decimal(61).times('0.0001'), // whisper-1 per second
    );
    const focus = await focusByDay(org);
    expect(
      focus['2026-08-01']!.billed.equals(expected),
      `${focus['2026-08-01']!.billed} vs ${expected}`,
    ).toBe(true);

    const q = `start_date=2026-08-01&end_date=2026-08-01`;
    const get = async (path: string) => {
      const res = await p.request(`/api/v1/genai/${org.org_slug}/${path}`, { headers: apiKey(org.api_key) });
      expect(res.status, await res.clone().text()).toBe(200);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const summary = (await get(`costs/summary?${q}&group_by=model`)) as {
      totals: { currency: string; total_cost: number }[];
      items: { key: string; total_cost: number }[];
      unpriced: { model: string }[];
    };
    expect(summary.totals).toEqual([
      { currency: 'USD', total_cost: expected.toNumber(), list_cost: expected.toNumber() },
    ]);
    expect(summary.items.map((i) => i.key).sort()).toEqual([
      'dall-e-3',
      'gpt-4o',
      'gpt-4o-mini',
      'tts-1',
      'whisper-1',
    ]);
    expect(summary.unpriced.map((u) => u.model)).toEqual(['unknown-model-x', 'unknown-model-x']);
    const byKey = (await get(`costs/summary?${q}&group_by=api_key`)) as {
      items: { key: string | null; total_cost: number }[];
    };
    expect(byKey.items.find((i) => i.key === 'key_x')!.total_cost).toBe(
      sum(t(1_000, '2.5'), t(1_000, '1.25'), t(700, '10')).toNumber(),
    );

    const rec = (await get(`reconciliation?${q}`)) as { items: Record<string, unknown>[] };
    expect(rec.items).toEqual([
      {
        date: '2026-08-01',
        provider: 'openai',
        currency: 'USD',
        computed_cost: expected.toNumber(),
        billed_cost: 0.2,
        difference: expected.minus('0.2').toNumber(),
      },
    ]);
    const used = (await get(`usage?${q}&provider=openai&model=gpt-4o`)) as {
      items: Record<string, unknown>[];
    };
    expect(used.items).toEqual([
      expect.objectContaining({
        model: 'gpt-4o',
        input_tokens: 1_000,
        cached_input_tokens: 1_000,
        output_tokens: 700,
        request_count: 2,
      }),
    ]);

    // Another org's key sees none of it.
    const other = await p.onboard();
    const res = await p.request(`/api/v1/genai/${org.org_slug}/costs/summary?${q}`, {
      headers: apiKey(other.api_key),
    });
    expect(res.status).toBe(403);
    const own = await p.request(`/api/v1/genai/${other.org_slug}/costs/summary?${q}`, {
      headers: apiKey(other.api_key),
    });
    expect(((await own.json()) as { totals: unknown[] }).totals).toEqual([]);
  });
});

describe('odd OpenAI buckets (issue 12 item 9)', () => {
  it('a run with a disjoint-audio bucket and an impossible bucket completes; the rest is priced', async () => {
    const org = await orgWith('openai', 'sk-admin-genai-test-0009');
    const model = 'gpt-4o-realtime-preview-2024-12-17';
    const bucket = (d: string, ...results: Record<string, unknown>[]) => ({
      start_time: day(d),
      end_time: day(d) + 86_400,
      results: results.map((r) => ({ model, num_model_requests: 1, ...r })),
    });
    usage.setUsage('openai', {
      completions: [
        // The real January 2025 shape: audio output above output tokens (text only, audio disjoint).
        bucket('2025-01-14', { input_tokens: 1_000, output_tokens: 822, output_audio_tokens: 3_103 }),
        bucket(
          '2025-01-15',
          { input_tokens: 10, input_cached_tokens: 11, output_tokens: 5, project_id: 'proj_bad' },
          { input_tokens: 2_000, output_tokens: 100, project_id: 'proj_ok' },
        ),
        bucket('2025-01-16', {
          input_tokens: 1_000,
          input_cached_tokens: 100,
          input_audio_tokens: 300,
          output_tokens: 500,
          output_audio_tokens: 200,
        }),
      ],
    });
    const runId = await run(org, 'openai/genai/usage', '2025-01-14', '2025-01-16');
    const focus = await focusByDay(org);
    expect(Object.fromEntries(Object.entries(focus).map(([d, v]) => [d, v.billed.toFixed()]))).toEqual({
      '2025-01-14': sum(t(1_000, '5'), t(822, '20'), t(3_103, '80')).toFixed(),
      '2025-01-15': sum(t(2_000, '5'), t(100, '20')).toFixed(),
      '2025-01-16': sum(t(600, '5'), t(100, '2.5'), t(300, '40'), t(300, '20'), t(200, '80')).toFixed(),
    });
    const wh = await p.ctx.warehouse();
    const unpriced = await wh.query<{ token_type: string; quantity: string; unpriced_reason: string }>(
      `SELECT token_type, CAST(quantity AS STRING) AS quantity, unpriced_reason
       FROM ${wh.table(`${org.org_slug}_test`, 'genai_payg_costs_daily')}
       WHERE pricing_status = 'unpriced' ORDER BY token_type`,
    );
    expect(unpriced.map((u) => [u.token_type, new Decimal(u.quantity).toFixed()])).toEqual([
      ['cached_input', '11'],
      ['input', '10'],
      ['output', '5'],
    ]);
    for (const u of unpriced)
      expect(u.unpriced_reason).toMatch(/^invalid_usage:.*exceed input tokens \(10\)/);
    const { rows } = await (
      await p.ctx.db()
    ).query<{ fields: Record<string, unknown> }>(
      `SELECT fields FROM pipeline_step_logs WHERE run_id = $1 AND message = 'usage priced'`,
      [runId],
    );
    expect(rows[0]!.fields).toMatchObject({
      unpriced_lines: 3,
      unpriced: { [`openai/${model}`]: { lines: 3, reason: expect.stringMatching(/^invalid_usage:/) } },
    });
  });
});

describe('dated prices', () => {
  it('a default price change mid-range prices each day with its own price (o3, 2025-06-10)', async () => {
    const org = await orgWith('openai', 'sk-admin-genai-test-0003');
    const days = ['2025-06-08', '2025-06-09', '2025-06-10', '2025-06-11'];
    usage.setUsage('openai', {
      completions: days.map((d) => ({
        start_time: day(d),
        end_time: day(d) + 86_400,
        results: [
          { input_tokens: 1_000_000, output_tokens: 100_000, num_model_requests: 10, model: 'o3-2025-04-16' },
        ],
      })),
    });
    await run(org, 'openai/genai/usage', '2025-06-08', '2025-06-11');
    const focus = await focusByDay(org);
    const before = sum(t(1_000_000, '10'), t(100_000, '40'));
    const after = sum(t(1_000_000, '2'), t(100_000, '8'));
    expect(days.map((d) => focus[d]!.billed.toFixed())).toEqual(
      [before, before, after, after].map((x) => x.toFixed()),
    );
  });

  it('an org override applies from its date on, at any snapshot of the family; list prices stay public', async () => {
    const org = await p.onboard();
    await genaiIntegration(org, 'openai', 'sk-admin-genai-test-0004');
    const put = await p.request(`/api/v1/integrations/${org.org_slug}/openai/pricing/gpt-4o`, {
      method: 'PUT',
      headers: apiKey(org.api_key),
      json: {
        input_per_1m: '2',
        output_per_1m: 8,
        cached_input_per_1m: '0.5',
        effective_from: '2026-08-02',
        notes: 'EA 2026',
      },
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const list = await p.request(`/api/v1/integrations/${org.org_slug}/openai/pricing?model=gpt-4o`, {
      headers: apiKey(org.api_key),
    });
    const items = (
      (await list.json()) as { items: { source: string; input_per_1m: number; effective_from: string }[] }
    ).items;
    expect(items.filter((i) => i.source === 'custom')).toEqual([
      expect.objectContaining({ input_per_1m: 2, effective_from: '2026-08-02' }),
    ]);
    expect(items.some((i) => i.source === 'default' && i.input_per_1m === 2.5)).toBe(true);

    usage.reset();
    const days = ['2026-08-01', '2026-08-02', '2026-08-03'];
    usage.setUsage('openai', {
      completions: days.map((d) => ({
        start_time: day(d),
        end_time: day(d) + 86_400,
        results: [
          {
            input_tokens: 400_000,
            input_cached_tokens: 100_000,
            output_tokens: 50_000,
            model: 'gpt-4o-2024-08-06',
          },
        ],
      })),
    });
    await run(org, 'openai/genai/usage', '2026-08-01', '2026-08-03');
    const focus = await focusByDay(org);
    const publicCost = sum(t(300_000, '2.5'), t(100_000, '1.25'), t(50_000, '10'));
    const negotiated = sum(t(300_000, '2'), t(100_000, '0.5'), t(50_000, '8'));
    expect(days.map((d) => focus[d]!.billed.toFixed())).toEqual(
      [publicCost, negotiated, negotiated].map((x) => x.toFixed()),
    );
    expect(days.map((d) => focus[d]!.list.toFixed())).toEqual(
      [publicCost, publicCost, publicCost].map((x) => x.toFixed()),
    );
    assertFocusConformant(await focusRows(org), { columns: FOCUS_COLUMNS });

    // Removing the override re-prices on the next run (history is only re-priced by a re-run).
    const del = await p.request(
      `/api/v1/integrations/${org.org_slug}/openai/pricing/gpt-4o?effective_from=2026-08-02`,
      {
        method: 'DELETE',
        headers: apiKey(org.api_key),
      },
    );
    expect(await del.json()).toEqual({ deleted: 1 });
    await run(org, 'openai/genai/usage', '2026-08-01', '2026-08-03');
    const again = await focusByDay(org);
    expect(days.map((d) => again[d]!.billed.toFixed())).toEqual(days.map(() => publicCost.toFixed()));
  });
});

describe('deepseek/genai/usage (import)', () => {
  it('rejects a file with bad rows naming each and storing nothing; a good file runs to FOCUS exactly', async () => {
    const org = await p.onboard();
    const credential_id = await genaiIntegration(org, 'deepseek', 'sk-deepseek-genai-0001');
    const post = (csv: string) =>
      p.request(`/api/v1/genai/${org.org_slug}/usage/import`, {
        method: 'POST',
        headers: apiKey(org.api_key),
        json: { provider: 'deepseek', credential_id, csv },
      });
    const header = 'usage_date,model,input_tokens,cached_input_tokens,output_tokens,request_count';
    const bad = await post(
      `${header}\n2026-09-01,deepseek-chat,100,10,5,1\n2026-09-31,deepseek-chat,100,0,5,1\n2026-09-02,deepseek-chat,100,200,5,1\n`,
    );
    expect(bad.status).toBe(400);
    const error = (
      (await bad.json()) as { error: { message: string; details: { row: number; path: string }[] } }
    ).error;
    expect(error.message).toMatch(/2 of 3 rows are invalid/);
    expect(error.details.map((d) => [d.row, d.path])).toEqual([
      [2, 'usage_date'],
      [3, 'tokens'],
    ]);
    const wh = await p.ctx.warehouse();
    const stored = await wh.query(`SELECT * FROM ${wh.table(`${org.org_slug}_test`, 'genai_usage_imports')}`);
    expect(stored).toEqual([]);

    const good = await post(
      `${header}\n2026-09-01,deepseek-chat,1000000,400000,200000,10\n2026-09-02,deepseek-chat,3,0,1,1\n`,
    );
    expect(good.status, await good.clone().text()).toBe(201);
    expect(await good.json()).toEqual(
      expect.objectContaining({ rows: 2, start_date: '2026-09-01', end_date: '2026-09-02', days: 2 }),
    );
    await run(org, 'deepseek/genai/usage', '2026-09-01', '2026-09-02');
    const focus = await focusByDay(org);
    // DeepSeek's prompt tokens include the cache hits: 600k at 0.28, 400k at 0.028, 200k output at 0.42.
    expect(focus['2026-09-01']!.billed.toFixed()).toBe(
      sum(t(600_000, '0.28'), t(400_000, '0.028'), t(200_000, '0.42')).toFixed(),
    );
    expect(focus['2026-09-02']!.billed.toFixed()).toBe(sum(t(3, '0.28'), t(1, '0.42')).toFixed());
    assertFocusConformant(await focusRows(org), { columns: FOCUS_COLUMNS });
  });
});

describe('azure_openai/genai/usage (import)', () => {
  it("prices deployment names through the credential's model_aliases at the Azure price", async () => {
    const org = await p.onboard();
    const credential_id = await genaiIntegration(org, 'azure_openai', 'azure-openai-key-genai-0001', {
      endpoint: fake.urls.azureOpenAI,
      model_aliases: { 'prod-chat': 'gpt-4o-2024-08-06' },
    });
    const imported = await p.request(`/api/v1/genai/${org.org_slug}/usage/import`, {
      method: 'POST',
      headers: apiKey(org.api_key),
      json: {
        provider: 'azure_openai',
        credential_id,
        rows: [
          {
            usage_date: '2026-09-05',
            model: 'prod-chat',
            input_tokens: 500_000,
            cached_input_tokens: 100_000,
            output_tokens: 20_000,
          },
          { usage_date: '2026-09-05', model: 'legacy-deployment', input_tokens: 10, output_tokens: 1 },
        ],
      },
    });
    expect(imported.status, await imported.clone().text()).toBe(201);
    await run(org, 'azure_openai/genai/usage', '2026-09-05', '2026-09-05');
    const focus = await focusByDay(org);
    expect(focus['2026-09-05']!.billed.toFixed()).toBe(
      sum(t(400_000, '2.5'), t(100_000, '1.25'), t(20_000, '10')).toFixed(),
    );
    const unpriced = await p.request(
      `/api/v1/genai/${org.org_slug}/usage/unpriced?start_date=2026-09-05&end_date=2026-09-05`,
      { headers: apiKey(org.api_key) },
    );
    const items = ((await unpriced.json()) as { items: { model: string; reason: string }[] }).items;
    expect(items.map((i) => [i.model, i.reason])).toEqual([
      ['legacy-deployment', 'no_price'],
      ['legacy-deployment', 'no_price'],
    ]);
  });
});

describe('genai pricing views', () => {
  it('lists payg prices by flow with overrides and seeds the public book into genai_payg_pricing', async () => {
    const org = await p.onboard();
    const put = await p.request(`/api/v1/integrations/${org.org_slug}/anthropic/pricing/claude-sonnet-4-5`, {
      method: 'PUT',
      headers: apiKey(org.api_key),
      json: {
        input_per_1m: '2.4',
        output_per_1m: '12',
        cache_write_per_1m: '3',
        cache_write_1h_per_1m: '4.8',
        effective_from: '2026-01-01',
      },
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const bad = await p.request(`/api/v1/integrations/${org.org_slug}/anthropic/pricing/claude-sonnet-4-5`, {
      method: 'PUT',
      headers: apiKey(org.api_key),
      json: { input_per_1m: '0.0000000000001', output_per_1m: '12', effective_from: '2026-01-01' },
    });
    expect(bad.status).toBe(400);
    const flow = await p.request(`/api/v1/genai/${org.org_slug}/pricing?flow=payg&provider=anthropic`, {
      headers: apiKey(org.api_key),
    });
    const items = (
      (await flow.json()) as {
        items: { provider: string; model: string; source: string; cache_write_1h_per_1m: number }[];
      }
    ).items;
    expect(items.every((i) => i.provider === 'anthropic')).toBe(true);
    expect(items.filter((i) => i.source === 'custom')).toEqual([
      expect.objectContaining({ model: 'claude-sonnet-4-5', cache_write_1h_per_1m: 4.8 }),
    ]);

    const seed = await p.request(`/api/v1/genai/${org.org_slug}/pricing/seed-defaults`, {
      method: 'POST',
      headers: apiKey(org.api_key),
    });
    const seeded = (await seed.json()) as { rows: number };
    expect(seeded.rows).toBeGreaterThan(100);
    await p.request(`/api/v1/genai/${org.org_slug}/pricing/seed-defaults`, {
      method: 'POST',
      headers: apiKey(org.api_key),
    });
    const wh = await p.ctx.warehouse();
    const [count] = await wh.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${wh.table(`${org.org_slug}_test`, 'genai_payg_pricing')}`,
    );
    expect(Number(count!.n)).toBe(seeded.rows); // re-seeding replaces, never duplicates
  });
});
