import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rawJsonNumber } from '../../testing/fake-providers/genai.js';
import { fetchOpenAiCosts, fetchOpenAiUsage, OPENAI_USAGE_KINDS } from './openai.js';
import { aug, usageHarness, type UsageHarness } from './test-support.js';

let h: UsageHarness;
beforeAll(async () => void (h = await usageHarness()));
afterAll(() => h.fake.close());
beforeEach(() => h.reset());

const completion = (model: string, more: Record<string, unknown> = {}) => ({
  input_tokens: 100,
  output_tokens: 10,
  input_cached_tokens: 40,
  input_audio_tokens: 0,
  output_audio_tokens: 0,
  num_model_requests: 2,
  project_id: 'proj_abc',
  user_id: null,
  api_key_id: 'key_abc',
  model,
  batch: false,
  service_tier: 'default',
  ...more,
});
const bucket = (day: number, results: Record<string, unknown>[]) => ({
  start_time: aug(day),
  end_time: aug(day + 1),
  results,
});

describe('fetchOpenAiUsage', () => {
  it('follows next_page over 4 pages and yields every row exactly once', async () => {
    const days = Array.from({ length: 12 }, (_, i) => i); // Jul 31 (day 0) .. Aug 11
    h.usage.setUsage('openai', {
      completions: days.map((d) =>
        bucket(d, [completion(`m-a-${d}`), completion(`m-b-${d}`, { batch: true })]),
      ),
    });
    h.usage.setPageSize(3);
    const rows = await fetchOpenAiUsage({ ...h.options('openai'), kinds: ['completions'] });
    const keys = rows.map((r) => `${r.usage_date}/${r.model}`);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
    expect(rows[0]?.usage_date).toBe('2026-08-01');
    expect(rows.at(-1)?.usage_date).toBe('2026-08-10');
    const queries = h.queries('openai');
    expect(queries).toHaveLength(4);
    expect(queries[0]?.get('page')).toBeNull();
    for (const q of queries.slice(1)) expect(q.get('page')).toMatch(/^page_/);
    expect(new Set(queries.map((q) => q.get('page'))).size).toBe(4);
  });

  it('sends start_time/end_time as unix seconds, end exclusive (the day after `end`), and the documented params', async () => {
    await fetchOpenAiUsage({
      ...h.options('openai', { start: '2026-08-01', end: '2026-08-03' }),
      organizationId: 'org-abc',
    });
    const queries = h.queries('openai');
    expect(queries).toHaveLength(OPENAI_USAGE_KINDS.length);
    for (const q of queries) {
      expect(q.get('start_time')).toBe('1785542400'); // 2026-08-01T00:00:00Z
      expect(q.get('end_time')).toBe('1785801600'); // 2026-08-04T00:00:00Z
      expect(q.get('bucket_width')).toBe('1d');
      expect(q.get('limit')).toBe('7');
    }
    const paths = h.fake.requests.map((r) => new URL(r.url, h.fake.url).pathname.replace('/openai/v1/', ''));
    expect(paths).toEqual(OPENAI_USAGE_KINDS.map((k) => `organization/usage/${k}`));
    expect(queries[0]?.getAll('group_by[]')).toEqual([
      'project_id',
      'api_key_id',
      'model',
      'batch',
      'service_tier',
    ]);
    expect(queries[3]?.getAll('group_by[]')).toEqual(['project_id', 'api_key_id', 'model', 'size', 'source']);
    expect(queries[6]?.getAll('group_by[]')).toEqual(['project_id']);
    expect(h.fake.requests[0]?.headers.authorization).toBe(`Bearer ${h.keys.openai}`);
    expect(h.fake.requests[0]?.headers['openai-organization']).toBe('org-abc');
  });

  it('normalises every usage kind (spec examples), with its unit', async () => {
    const ids = { project_id: 'proj_abc', user_id: 'user-abc', api_key_id: 'key_abc' };
    h.usage.setUsage('openai', {
      completions: [bucket(2, [completion('gpt-4o-mini-2024-07-18', { service_tier: 'flex' })])],
      embeddings: [
        bucket(2, [{ input_tokens: 20, num_model_requests: 2, ...ids, model: 'text-embedding-ada-002-v2' }]),
      ],
      moderations: [
        bucket(2, [{ input_tokens: 20, num_model_requests: 2, ...ids, model: 'text-moderation' }]),
      ],
      images: [
        bucket(2, [
          {
            images: 2,
            num_model_requests: 2,
            size: '1024x1024',
            source: 'image.generation',
            ...ids,
            model: 'dall-e-3',
          },
        ]),
      ],
      audio_speeches: [bucket(2, [{ characters: 45, num_model_requests: 1, ...ids, model: 'tts-1' }])],
      audio_transcriptions: [bucket(2, [{ seconds: 10, num_model_requests: 1, ...ids, model: 'whisper-1' }])],
      vector_stores: [bucket(2, [{ usage_bytes: 1024, project_id: 'proj_abc' }])],
      code_interpreter_sessions: [bucket(2, [{ num_sessions: 1, project_id: 'proj_abc' }])],
    });
    const rows = await fetchOpenAiUsage(h.options('openai'));
    const byKind = Object.fromEntries(rows.map((r) => [r.usage_kind, r]));
    expect(rows.map((r) => r.usage_kind)).toEqual(OPENAI_USAGE_KINDS);
    expect(byKind.completions).toMatchObject({
      input_tokens: 100,
      input_cached_tokens: 40,
      batch: false,
      service_tier: 'flex',
    });
    expect(byKind.embeddings).toMatchObject({
      input_tokens: 20,
      output_tokens: 0,
      batch: null,
      model: 'text-embedding-ada-002-v2',
    });
    expect(byKind.images).toMatchObject({
      images: 2,
      image_size: '1024x1024',
      image_source: 'image.generation',
    });
    expect(byKind.audio_speeches?.characters).toBe(45);
    expect(byKind.audio_transcriptions?.seconds).toBe(10);
    expect(byKind.vector_stores).toMatchObject({ usage_bytes: 1024, model: null, api_key_id: null });
    expect(byKind.code_interpreter_sessions).toMatchObject({ sessions: 1, num_model_requests: 0 });
    expect(byKind.embeddings?.images).toBeUndefined();
    expect(byKind.embeddings?.raw).toMatchObject({
      object: 'organization.usage.embeddings.result',
      user_id: 'user-abc',
    });
  });

  it('treats absent optional fields as 0/null and keeps the raw result', async () => {
    h.usage.setUsage('openai', {
      completions: [bucket(1, [{ input_tokens: 5, output_tokens: 1, num_model_requests: 1 }, {}])],
    });
    const rows = await fetchOpenAiUsage({ ...h.options('openai'), kinds: ['completions'] });
    expect(rows[0]).toEqual({
      provider: 'openai',
      usage_date: '2026-08-01',
      usage_kind: 'completions',
      model: null,
      project_id: null,
      api_key_id: null,
      user_id: null,
      batch: null,
      service_tier: null,
      image_size: null,
      image_source: null,
      input_tokens: 5,
      output_tokens: 1,
      input_cached_tokens: 0,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      num_model_requests: 1,
      raw: {
        object: 'organization.usage.completions.result',
        input_tokens: 5,
        output_tokens: 1,
        num_model_requests: 1,
      },
    });
    expect(rows[1]).toMatchObject({ input_tokens: 0, output_tokens: 0, num_model_requests: 0 });
  });

  it('yields nothing for empty buckets and for no buckets at all', async () => {
    h.usage.setUsage('openai', { completions: [bucket(1, []), bucket(2, []), bucket(3, [])] });
    h.usage.setPageSize(1);
    expect(await fetchOpenAiUsage(h.options('openai'))).toEqual([]);
    expect(h.queries('openai')).toHaveLength(3 + OPENAI_USAGE_KINDS.length - 1);
  });
});

describe('fetchOpenAiCosts', () => {
  it('keeps amount.value exactly as the JSON number text, over several pages', async () => {
    const cost = (value: string, line_item: string | null) => ({
      amount: { value: rawJsonNumber(value), currency: 'usd' },
      line_item,
      project_id: 'proj_abc',
      quantity: null,
      quantity_unit: null,
    });
    h.usage.setUsage('openai', {
      costs: [
        bucket(1, [cost('0.1234567890123456789', 'gpt-4o, input')]),
        bucket(2, [cost('1e-7', 'gpt-4o, output'), cost('12.50', null)]),
        bucket(3, [{ line_item: 'no amount' }]),
        bucket(4, []),
      ],
    });
    h.usage.setPageSize(1);
    const rows = await fetchOpenAiCosts(h.options('openai'));
    expect(rows.map((r) => [r.usage_date, r.line_item, r.amount_value, r.currency])).toEqual([
      ['2026-08-01', 'gpt-4o, input', '0.1234567890123456789', 'USD'],
      ['2026-08-02', 'gpt-4o, output', '0.0000001', 'USD'],
      ['2026-08-02', null, '12.5', 'USD'],
      ['2026-08-03', 'no amount', '0', 'USD'],
    ]);
    expect(rows[0]).toMatchObject({ project_id: 'proj_abc', quantity: null, quantity_unit: null });
    const queries = h.queries('openai');
    expect(queries).toHaveLength(4);
    expect(queries[0]?.getAll('group_by[]')).toEqual(['project_id', 'line_item']);
    expect(queries[0]?.get('limit')).toBe('180');
    expect(queries[0]?.get('end_time')).toBe(String(aug(11)));
  });

  it('reads the verbatim Costs API example', async () => {
    const body = `{"object":"page","data":[{"object":"bucket","start_time":1730419200,"end_time":1730505600,
      "results":[{"object":"organization.costs.result","amount":{"value":0.06,"currency":"usd"},"line_item":null,
      "project_id":null,"api_key_id":null,"quantity":null,"quantity_unit":null}]}],"has_more":false,"next_page":null}`;
    const fetchFn: typeof fetch = async () => new Response(body, { status: 200 });
    const rows = await fetchOpenAiCosts({ ...h.options('openai'), fetchFn });
    expect(rows).toMatchObject([
      { usage_date: '2024-11-01', amount_value: '0.06', currency: 'USD', line_item: null },
    ]);
  });
});
