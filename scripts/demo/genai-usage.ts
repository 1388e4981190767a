/**
 * The demo's GenAI usage, generated per day in the providers' documented formats: OpenAI's Organization Usage
 * (completions, embeddings) and Costs APIs, Anthropic's messages usage report and cost report. The stand-in
 * server (stand-in.ts) serves these buckets; the pipelines read, price and convert them like real ones. The
 * billed amounts are tokens x the public list price (what each provider's bill would say).
 */
import { Decimal } from 'decimal.js';
import {
  rawJsonNumber,
  type FakeAnthropicBucket,
  type FakeOpenAiBucket,
} from '../../shared/testing/fake-providers/genai.js';
import { activity, addDays, daysOf, epochSeconds, random } from './generator.js';

/** Per 1M tokens, USD: input, cached input, output (OpenAI); Anthropic adds the 5-minute cache write. */
interface Stream {
  /** OpenAI project or Anthropic workspace. */
  workspace: string;
  apiKey: string;
  model: string;
  /** The model name in the bill (the price list's model). */
  billedModel: string;
  /** Input tokens per weekday at the start, and the output, cache-read and cache-write shares of it. */
  input: number;
  output: number;
  cached: number;
  cacheWrite?: number;
  prices: { input: string; cached: string; output: string; cacheWrite?: string };
  batch?: boolean;
}

export const DEMO_OPENAI_PROJECTS = ['proj_assistant', 'proj_support_bot', 'proj_analytics'] as const;
export const DEMO_ANTHROPIC_WORKSPACES = ['wrkspc_research', 'wrkspc_support'] as const;

const OPENAI: Stream[] = [
  {
    workspace: 'proj_assistant',
    apiKey: 'key_assistant_prod',
    model: 'gpt-4.1-2025-04-14',
    billedModel: 'gpt-4.1',
    input: 38_000_000,
    output: 0.18,
    cached: 0.35,
    prices: { input: '2', cached: '0.5', output: '8' },
  },
  {
    workspace: 'proj_assistant',
    apiKey: 'key_assistant_prod',
    model: 'gpt-4.1-mini-2025-04-14',
    billedModel: 'gpt-4.1-mini',
    input: 95_000_000,
    output: 0.22,
    cached: 0.4,
    prices: { input: '0.4', cached: '0.1', output: '1.6' },
  },
  {
    workspace: 'proj_support_bot',
    apiKey: 'key_support_bot',
    model: 'gpt-4o-mini-2024-07-18',
    billedModel: 'gpt-4o-mini',
    input: 160_000_000,
    output: 0.12,
    cached: 0.5,
    prices: { input: '0.15', cached: '0.075', output: '0.6' },
  },
  {
    workspace: 'proj_analytics',
    apiKey: 'key_analytics_batch',
    model: 'gpt-4.1-mini-2025-04-14',
    billedModel: 'gpt-4.1-mini',
    input: 60_000_000,
    output: 0.08,
    cached: 0,
    prices: { input: '0.2', cached: '0.05', output: '0.8' },
    batch: true,
  },
];

const EMBEDDINGS = {
  workspace: 'proj_assistant',
  apiKey: 'key_assistant_prod',
  model: 'text-embedding-3-small',
};

const ANTHROPIC: Stream[] = [
  {
    workspace: 'wrkspc_research',
    apiKey: 'apikey_research',
    model: 'claude-sonnet-4-5-20250929',
    billedModel: 'claude-sonnet-4-5',
    input: 14_000_000,
    output: 0.15,
    cached: 0.6,
    cacheWrite: 0.05,
    prices: { input: '3', cached: '0.3', output: '15', cacheWrite: '3.75' },
  },
  {
    workspace: 'wrkspc_support',
    apiKey: 'apikey_support',
    model: 'claude-haiku-4-5-20251001',
    billedModel: 'claude-haiku-4-5',
    input: 30_000_000,
    output: 0.1,
    cached: 0.45,
    cacheWrite: 0.04,
    prices: { input: '1', cached: '0.1', output: '5', cacheWrite: '1.25' },
  },
];

/** Token counts of a stream on a day: [uncached input, cached input, cache write, output]. */
function tokens(seed: string, origin: string, s: Stream, day: string) {
  const total = Math.round(s.input * activity(seed, `genai|${s.workspace}|${s.model}`, day, origin));
  const cached = Math.round(total * s.cached);
  const write = Math.round(total * (s.cacheWrite ?? 0));
  const output = Math.round(total * s.output * (0.9 + 0.2 * random(seed, `out|${s.model}|${day}`)()));
  return { uncached: total - cached - write, cached, write, output, total };
}

const perM = (n: number, price: string) => new Decimal(n).times(price).div(1_000_000);
const amount = (d: Decimal) => rawJsonNumber(d.toDecimalPlaces(10).toFixed());

type Item = Record<string, unknown>;

/**
 * For every day of [start, end]: the day's usage results and billed lines, `one` giving a stream's result and lines
 * from its tokens that day (streams in order).
 */
function eachDay(
  seed: string,
  origin: string,
  range: { start: string; end: string },
  streams: readonly Stream[],
  one: (s: Stream, t: ReturnType<typeof tokens>) => { result: Item; billed: Item[] },
) {
  return daysOf(range.start, range.end).map((day) => {
    const results: Item[] = [];
    const billed: Item[] = [];
    for (const s of streams) {
      const out = one(s, tokens(seed, origin, s, day));
      results.push(out.result);
      billed.push(...out.billed);
    }
    return { day, results, billed };
  });
}

/** A stream's OpenAI completions result and its Costs API lines (input, output) for a day's tokens. */
function openAiStream(s: Stream, t: ReturnType<typeof tokens>) {
  const result = {
    input_tokens: t.total,
    input_cached_tokens: t.cached,
    output_tokens: t.output,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: Math.max(1, Math.round(t.total / 2_400)),
    project_id: s.workspace,
    user_id: null,
    api_key_id: s.apiKey,
    model: s.model,
    batch: s.batch ?? false,
    service_tier: 'default',
  };
  const lines: [string, Decimal][] = [
    ['input', perM(t.uncached, s.prices.input).plus(perM(t.cached, s.prices.cached))],
    ['output', perM(t.output, s.prices.output)],
  ];
  const billed = lines.map(([kind, value]) => ({
    amount: { value: amount(value), currency: 'usd' },
    line_item: `${s.billedModel}${s.batch ? ' batch' : ''}, ${kind}`,
    project_id: s.workspace,
  }));
  return { result, billed };
}

/** OpenAI buckets per endpoint for every day of [start, end]. */
export function openAiUsage(seed: string, origin: string, start: string, end: string) {
  const completions: FakeOpenAiBucket[] = [];
  const embeddings: FakeOpenAiBucket[] = [];
  const costs: FakeOpenAiBucket[] = [];
  for (const { day, results, billed } of eachDay(seed, origin, { start, end }, OPENAI, openAiStream)) {
    const bounds = { start_time: epochSeconds(day), end_time: epochSeconds(addDays(day, 1)) };
    const embedded = Math.round(42_000_000 * activity(seed, 'genai|embeddings', day, origin));
    embeddings.push({
      ...bounds,
      results: [
        {
          input_tokens: embedded,
          num_model_requests: Math.round(embedded / 800),
          project_id: EMBEDDINGS.workspace,
          api_key_id: EMBEDDINGS.apiKey,
          model: EMBEDDINGS.model,
        },
      ],
    });
    billed.push({
      amount: { value: amount(perM(embedded, '0.02')), currency: 'usd' },
      line_item: `${EMBEDDINGS.model}, input`,
      project_id: EMBEDDINGS.workspace,
    });
    completions.push({ ...bounds, results });
    costs.push({ ...bounds, results: billed });
  }
  return { completions, embeddings, costs };
}

/** A stream's Anthropic messages usage result and its cost report lines (per token type) for a day's tokens. */
function anthropicStream(s: Stream, t: ReturnType<typeof tokens>) {
  const result = {
    uncached_input_tokens: t.uncached,
    cache_read_input_tokens: t.cached,
    cache_creation: { ephemeral_5m_input_tokens: t.write, ephemeral_1h_input_tokens: 0 },
    output_tokens: t.output,
    server_tool_use: { web_search_requests: 0 },
    model: s.model,
    workspace_id: s.workspace,
    api_key_id: s.apiKey,
    service_tier: 'standard',
    context_window: '0-200k',
  };
  const lines: [string, number, string][] = [
    ['uncached_input_tokens', t.uncached, s.prices.input],
    ['cache_read_input_tokens', t.cached, s.prices.cached],
    ['cache_creation.ephemeral_5m_input_tokens', t.write, s.prices.cacheWrite ?? s.prices.input],
    ['output_tokens', t.output, s.prices.output],
  ];
  const billed = lines.map(([tokenType, n, price]) => ({
    currency: 'USD',
    // The cost report states amounts in cents, as decimal text.
    amount: perM(n, price).times(100).toDecimalPlaces(8).toFixed(),
    workspace_id: s.workspace,
    description: `${s.billedModel} usage - ${tokenType}`,
    cost_type: 'tokens',
    model: s.billedModel,
    token_type: tokenType,
    service_tier: 'standard',
    context_window: '0-200k',
  }));
  return { result, billed };
}

/** Anthropic messages usage and cost report buckets for every day of [start, end]. */
export function anthropicUsage(seed: string, origin: string, start: string, end: string) {
  const messages: FakeAnthropicBucket[] = [];
  const cost_report: FakeAnthropicBucket[] = [];
  for (const { day, results, billed } of eachDay(seed, origin, { start, end }, ANTHROPIC, anthropicStream)) {
    const bounds = { starting_at: `${day}T00:00:00Z`, ending_at: `${addDays(day, 1)}T00:00:00Z` };
    messages.push({ ...bounds, results });
    cost_report.push({ ...bounds, results: billed });
  }
  return { messages, cost_report };
}
