import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rawJsonNumber } from '../../testing/fake-providers/genai.js';
import { fetchAnthropicCosts, fetchAnthropicUsage } from './anthropic.js';
import { augIso, usageHarness, type UsageHarness } from './test-support.js';

let h: UsageHarness;
beforeAll(async () => void (h = await usageHarness()));
afterAll(() => h.fake.close());
beforeEach(() => h.reset());

const bucket = (day: number, results: Record<string, unknown>[]) => ({
  starting_at: augIso(day),
  ending_at: augIso(day + 1),
  results,
});
const usage = (model: string, more: Record<string, unknown> = {}) => ({
  uncached_input_tokens: 152340,
  cache_creation: { ephemeral_5m_input_tokens: 20480, ephemeral_1h_input_tokens: 7 },
  cache_read_input_tokens: 880112,
  output_tokens: 40211,
  server_tool_use: { web_search_requests: 3 },
  api_key_id: 'apikey_01',
  workspace_id: 'wrkspc_01AbCdEf',
  model,
  service_tier: 'standard',
  context_window: '0-200k',
  ...more,
});

describe('fetchAnthropicUsage', () => {
  it('pages with page/next_page over 3+ pages, each row once, documented params and headers', async () => {
    const days = Array.from({ length: 12 }, (_, i) => i); // Jul 31 .. Aug 11; Aug 1..10 requested
    h.usage.setUsage('anthropic', {
      messages: days.map((d) =>
        bucket(d, [usage(`claude-a-${d}`), usage(`claude-b-${d}`, { service_tier: 'batch' })]),
      ),
    });
    h.usage.setPageSize(4);
    const rows = await fetchAnthropicUsage(h.options('anthropic'));
    const keys = rows.map((r) => `${r.usage_date}/${r.model}`);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
    expect([rows[0]?.usage_date, rows.at(-1)?.usage_date]).toEqual(['2026-08-01', '2026-08-10']);
    const queries = h.queries('anthropic');
    expect(queries).toHaveLength(3);
    for (const q of queries) {
      expect(q.get('starting_at')).toBe('2026-08-01T00:00:00Z');
      expect(q.get('ending_at')).toBe('2026-08-11T00:00:00Z');
      expect(q.get('bucket_width')).toBe('1d');
      expect(q.get('limit')).toBe('7');
      expect(q.getAll('group_by[]')).toEqual([
        'model',
        'workspace_id',
        'api_key_id',
        'service_tier',
        'context_window',
      ]);
    }
    expect(queries.map((q) => q.get('page') === null)).toEqual([true, false, false]);
    const request = h.fake.requests[0];
    expect(new URL(request?.url ?? '', h.fake.url).pathname).toBe(
      '/anthropic/v1/organizations/usage_report/messages',
    );
    expect(request?.headers['x-api-key']).toBe(h.keys.anthropic);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('normalises a full result and treats absent fields as 0/null', async () => {
    h.usage.setUsage('anthropic', {
      messages: [bucket(2, [usage('claude-sonnet-4-5-20250929'), { output_tokens: 9 }])],
    });
    const [full, sparse] = await fetchAnthropicUsage(h.options('anthropic'));
    expect(full).toMatchObject({
      provider: 'anthropic',
      usage_date: '2026-08-02',
      model: 'claude-sonnet-4-5-20250929',
      workspace_id: 'wrkspc_01AbCdEf',
      api_key_id: 'apikey_01',
      service_tier: 'standard',
      context_window: '0-200k',
      uncached_input_tokens: 152340,
      cache_read_input_tokens: 880112,
      cache_creation_5m_input_tokens: 20480,
      cache_creation_1h_input_tokens: 7,
      output_tokens: 40211,
      web_search_requests: 3,
    });
    expect(sparse).toEqual({
      provider: 'anthropic',
      usage_date: '2026-08-02',
      model: null,
      workspace_id: null,
      api_key_id: null,
      service_tier: null,
      context_window: null,
      uncached_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_5m_input_tokens: 0,
      cache_creation_1h_input_tokens: 0,
      output_tokens: 9,
      web_search_requests: 0,
      raw: { output_tokens: 9 },
    });
  });

  it('yields nothing for empty buckets and for no buckets at all', async () => {
    h.usage.setUsage('anthropic', { messages: [bucket(1, []), bucket(2, [])] });
    expect(await fetchAnthropicUsage(h.options('anthropic'))).toEqual([]);
    h.usage.setUsage('anthropic', {});
    expect(await fetchAnthropicUsage(h.options('anthropic'))).toEqual([]);
  });
});

describe('fetchAnthropicCosts', () => {
  it('converts cents (decimal strings) to exact USD, over pages', async () => {
    const cost = (amount: unknown, description: string | null) => ({
      amount,
      currency: 'USD',
      cost_type: 'tokens',
      description,
      model: 'claude-sonnet-4-5-20250929',
      service_tier: 'standard',
      token_type: 'uncached_input_tokens',
      context_window: '0-200k',
      workspace_id: 'wrkspc_01AbCdEf',
    });
    h.usage.setUsage('anthropic', {
      cost_report: [
        bucket(1, [cost('123.45', 'Input'), cost('45.702', 'Output')]),
        bucket(2, [cost('0', 'Zero'), cost('1234567890123456789012345.6789', 'Huge')]),
        bucket(3, [
          cost(rawJsonNumber('0.1234567890123456789'), 'As a number'),
          { description: 'No amount' },
        ]),
      ],
    });
    h.usage.setPageSize(1);
    const rows = await fetchAnthropicCosts(h.options('anthropic'));
    expect(
      rows.map((r) => [r.usage_date, r.description, r.amount_cents, r.amount_value, r.currency]),
    ).toEqual([
      ['2026-08-01', 'Input', '123.45', '1.2345', 'USD'],
      ['2026-08-01', 'Output', '45.702', '0.45702', 'USD'],
      ['2026-08-02', 'Zero', '0', '0', 'USD'],
      ['2026-08-02', 'Huge', '1234567890123456789012345.6789', '12345678901234567890123.456789', 'USD'],
      ['2026-08-03', 'As a number', '0.1234567890123456789', '0.001234567890123456789', 'USD'],
      ['2026-08-03', 'No amount', '0', '0', 'USD'],
    ]);
    expect(rows[0]).toMatchObject({
      cost_type: 'tokens',
      token_type: 'uncached_input_tokens',
      workspace_id: 'wrkspc_01AbCdEf',
    });
    const queries = h.queries('anthropic');
    expect(queries).toHaveLength(3);
    expect(queries[0]?.getAll('group_by[]')).toEqual(['workspace_id', 'description']);
    expect(queries[0]?.get('bucket_width')).toBe('1d');
    expect(new URL(h.fake.requests[0]?.url ?? '', h.fake.url).pathname).toBe(
      '/anthropic/v1/organizations/cost_report',
    );
  });
});
