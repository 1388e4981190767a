/**
 * The bench's OpenAI usage month: ~20 priced models and 2 unknown ones over 96 API keys of 6 projects, batch and
 * service tiers, drawn by a seeded PRNG (the same input every run), installed in a fake Usage API.
 */
import { fakeUsage, type FakeOpenAiBucket } from '../shared/testing/fake-providers/genai.js';
import { prng } from '../shared/testing/prng.js';

export const START = '2026-10-01';
export const DAYS = 30;

/** Share of rows whose model no price book knows (they become unpriced lines, never a silent zero). */
const UNKNOWN_SHARE = 0.01;

type Tier = 'default' | 'priority' | 'flex';

/** A model as OpenAI reports it, its popularity, and the tiers / batch its price-book entry prices. */
interface Model {
  model: string;
  kind: 'completions' | 'embeddings';
  weight: number;
  tiers: Tier[];
  batch: boolean;
  cached: boolean;
  /** Output tokens per request relative to a chat model (reasoning models write more). */
  out: number;
}

const chat = (
  model: string,
  weight: number,
  tiers: Tier[],
  batch: boolean,
  out = 1,
  cached = true,
): Model => ({
  model,
  kind: 'completions',
  weight,
  tiers,
  batch,
  cached,
  out,
});
const DP: Tier[] = ['default', 'priority'];
const DFP: Tier[] = ['default', 'flex', 'priority'];

/** ~20 OpenAI models of the price book (snapshot names as the Usage API reports them) and 2 unknown ones. */
const MODELS: Model[] = [
  chat('gpt-4o-2024-08-06', 6, DP, true),
  chat('gpt-4o', 5, DP, true),
  chat('gpt-4o-mini-2024-07-18', 10, DP, true),
  chat('gpt-4o-mini', 8, DP, true),
  chat('gpt-4.1-2025-04-14', 6, DP, true),
  chat('gpt-4.1-mini-2025-04-14', 6, DP, true),
  chat('gpt-4.1-nano-2025-04-14', 3, DP, true),
  chat('o3-2025-04-16', 3, DFP, true, 4),
  chat('o3-mini-2025-01-31', 2, ['default'], false, 3),
  chat('o4-mini-2025-04-16', 3, DFP, false, 3),
  chat('o1-2024-12-17', 1, ['default'], false, 4),
  chat('gpt-5-2025-08-07', 5, DFP, true, 3),
  chat('gpt-5-mini-2025-08-07', 6, DFP, true, 2),
  chat('gpt-5-nano-2025-08-07', 4, ['default', 'flex'], true, 2),
  chat('gpt-5.1-2025-11-13', 2, DP, false, 3),
  chat('gpt-5.2-2025-12-11', 2, DP, true, 3),
  chat('gpt-5.4-mini', 3, DFP, true, 2),
  chat('gpt-5.4', 3, DFP, true, 3),
  chat('ft:gpt-4o-mini-2024-07-18:acme::B7x3kQ9z', 1, ['default'], false),
  { ...chat('text-embedding-3-small', 6, ['default'], false, 0, false), kind: 'embeddings' },
  { ...chat('text-embedding-3-large', 2, ['default'], false, 0, false), kind: 'embeddings' },
];
const UNKNOWN: Model[] = [
  chat('acme-llm-internal-v2', 1, ['default'], false),
  chat('my-private-model', 1, ['default'], false),
];

/** One group of the Usage API answer: a (project, key, model, batch, tier) combination. */
interface Combo {
  project: string;
  key: string;
  model: Model;
  batch: boolean;
  tier: Tier;
  weight: number;
}

/** Projects with their API keys; the group-by has no user dimension, so distinct rows need enough keys. */
function projectKeys(rand: () => number) {
  const names = ['prod_chat', 'search', 'batch_etl', 'support_bot', 'research', 'internal_tools'];
  return names.flatMap((name) =>
    Array.from({ length: 16 }, (_, i) => ({
      project: `proj_${name}`,
      key: `key_${name}_${String(i).padStart(2, '0')}`,
      weight: Math.exp(rand() * 3),
    })),
  );
}

function combos(models: Model[], keys: ReturnType<typeof projectKeys>): Combo[] {
  const share = { default: 0.7, priority: 0.1, flex: 0.1 };
  const variants = models.flatMap((model) => [
    ...model.tiers.map((tier) => ({ model, tier, batch: false, w: share[tier] })),
    ...(model.batch ? [{ model, tier: 'default' as const, batch: true, w: 0.15 }] : []),
  ]);
  return keys.flatMap((k) =>
    variants.map(({ model, tier, batch, w }) => ({
      project: k.project,
      key: k.key,
      model,
      batch,
      tier,
      weight: k.weight * model.weight * w,
    })),
  );
}

/** `n` distinct combos drawn by weight without replacement (Efraimidis–Spirakis). */
function draw(pool: Combo[], n: number, rand: () => number): Combo[] {
  return pool
    .map((c) => ({ c, k: -Math.log(1 - rand()) / c.weight }))
    .sort((a, b) => a.k - b.k)
    .slice(0, n)
    .map((x) => x.c);
}

/** One Usage API result for a combo on a day: integer token counts, cached <= input, reasoning inside output. */
function result(c: Combo, rand: () => number): Record<string, unknown> {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const requests = Math.max(1, Math.min(200_000, Math.round(Math.exp(3.5 + 1.6 * normal()))));
  const ids = { project_id: c.project, user_id: null, api_key_id: c.key, model: c.model.model };
  if (c.model.kind === 'embeddings') {
    const input = Math.round(requests * (200 + rand() * 1500));
    return {
      object: 'organization.usage.embeddings.result',
      input_tokens: input,
      num_model_requests: requests,
      ...ids,
    };
  }
  const input = Math.round(requests * Math.exp(Math.log(400) + rand() * Math.log(20)));
  const cached = c.model.cached && !c.batch && rand() < 0.7 ? Math.floor(input * rand() * 0.6) : 0;
  const output = Math.round(requests * (30 + rand() * 800) * c.model.out);
  return {
    object: 'organization.usage.completions.result',
    input_tokens: input,
    output_tokens: output,
    input_cached_tokens: cached,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: requests,
    ...ids,
    batch: c.batch,
    service_tier: c.tier,
  };
}

/** A month of Usage API buckets (one per day) holding `usageRows` results in all. */
function syntheticMonth(usageRows: number) {
  const rand = prng(20261001);
  const keys = projectKeys(rand);
  const known = combos(MODELS, keys);
  const unknown = combos(UNKNOWN, keys);
  const completions: FakeOpenAiBucket[] = [];
  const embeddings: FakeOpenAiBucket[] = [];
  const day0 = Date.parse(`${START}T00:00:00Z`) / 1000;
  let unknownRows = 0;
  for (let d = 0; d < DAYS; d++) {
    const rows = Math.floor(usageRows / DAYS) + (d < usageRows % DAYS ? 1 : 0);
    const u = Math.round(((d + 1) * usageRows * UNKNOWN_SHARE) / DAYS) - unknownRows;
    unknownRows += u;
    const picked = [...draw(unknown, u, rand), ...draw(known, rows - u, rand)];
    const bucket = (results: Record<string, unknown>[]) => ({
      start_time: day0 + d * 86_400,
      end_time: day0 + (d + 1) * 86_400,
      results,
    });
    const results = picked.map((c) => result(c, rand));
    completions.push(bucket(results.filter((r) => r.object === 'organization.usage.completions.result')));
    embeddings.push(bucket(results.filter((r) => r.object === 'organization.usage.embeddings.result')));
  }
  const count = (b: FakeOpenAiBucket[]) => b.reduce((n, x) => n + x.results.length, 0);
  return {
    completions,
    embeddings,
    counts: { completions: count(completions), embeddings: count(embeddings), unknown: unknownRows },
    projects: new Set(keys.map((k) => k.project)).size,
    keys: keys.length,
    pricedModels: MODELS.length,
  };
}

/** What the served month holds (its buckets stay in the fake). */
export type ServedMonth = Omit<ReturnType<typeof syntheticMonth>, 'completions' | 'embeddings'>;

/**
 * Generates the month and installs it in the fake Usage API; returns only its description. The fake keeps its own
 * copy (setUsage clones the buckets), so the generated ones are garbage at once.
 */
export function serveOpenAiMonth(fake: Parameters<typeof fakeUsage>[0], usageRows: number): ServedMonth {
  const { completions, embeddings, ...month } = syntheticMonth(usageRows);
  const usage = fakeUsage(fake);
  usage.reset();
  usage.setUsage('openai', { completions, embeddings });
  return month;
}
