/** The curated list of models in the default price book and the per-provider rules of the generator. */

/** Providers of the default book (hosted copies map to the same model families as the vendors). */
export type BookProvider = 'openai' | 'azure' | 'anthropic' | 'bedrock' | 'google' | 'vertex' | 'deepseek';

/** One model family of one provider: its LiteLLM key, or genai-prices when LiteLLM lacks it. */
export interface CatalogModel {
  provider: BookProvider;
  /** Price-book model id (a family). */
  model: string;
  /** Primary LiteLLM key; absent = genai-prices is the primary source. */
  litellm?: string;
  /** First effective date when no dated snapshot id gives one, with the reason. */
  effectiveFrom?: { date: string; note: string };
}

/** LiteLLM keys a provider's variants (snapshots, data zones, Bedrock geo prefixes) are scanned from. */
export const LITELLM_KEYS: Record<BookProvider, RegExp> = {
  openai: /^(ft:)?[a-z0-9][a-z0-9.-]*$/,
  azure: /^azure\/((eu|us|global)\/)?[a-z0-9][a-z0-9.-]*$/,
  anthropic: /^claude-[a-z0-9-]+$/,
  bedrock: /^((us|eu|apac|au|jp|global)\.)?anthropic\.claude-[a-z0-9-]+(:\d+)?$/,
  google: /^gemini\/gemini-[a-z0-9.-]+$/,
  vertex: /^(gemini-[a-z0-9.-]+|vertex_ai\/claude-[a-z0-9.-]+(@[a-z0-9]+)?)$/,
  deepseek: /^deepseek\/deepseek-[a-z0-9.-]+$/,
};
/** LiteLLM `litellm_provider` values of each provider. */
export const LITELLM_PROVIDERS: Record<BookProvider, string[]> = {
  openai: ['openai'],
  azure: ['azure'],
  anthropic: ['anthropic'],
  bedrock: ['bedrock', 'bedrock_converse'],
  google: ['gemini'],
  vertex: ['vertex_ai-language-models', 'vertex_ai-anthropic_models'],
  deepseek: ['deepseek'],
};
/** LiteLLM keys that are copy errors, with the reason they are not used. */
export const SKIP_KEYS: Record<string, string> = {
  'anthropic.claude-3-7-sonnet-20240620-v1:0':
    'Claude 3.7 Sonnet dates from 2025-02-19; a 2024-06-20 snapshot at other prices is a copy error',
};
/** genai-prices provider used to cross-check (and for history / missing models). */
export const GENAI_PRICES_PROVIDER: Partial<Record<BookProvider, string>> = {
  openai: 'openai',
  azure: 'azure',
  anthropic: 'anthropic',
  google: 'google',
  deepseek: 'deepseek',
};

/** Batch discounts documented by the provider but absent from the datasets (applied when no batch rates). */
export const BATCH_POLICY: Partial<Record<BookProvider, { pct: string; note: string }>> = {
  anthropic: {
    pct: '50',
    note: 'batch 50%: Anthropic Message Batches API pricing (provider policy, not in the datasets)',
  },
  google: {
    pct: '50',
    note: 'batch 50%: Gemini API Batch Mode pricing (provider policy, not in the datasets)',
  },
  openai: { pct: '50', note: 'batch 50%: OpenAI Batch API pricing, for models LiteLLM lists with /v1/batch' },
};

const DEEPSEEK_FROM = {
  date: '2025-09-29',
  note: 'DeepSeek V3.2-Exp list price; date of its announcement (not in the datasets). Earlier DeepSeek usage is unpriced unless an org override covers it.',
};

/** Models whose LiteLLM key is the model id plus `prefix`, from a space-separated list. */
const simple = (provider: BookProvider, prefix: string, models: string): CatalogModel[] =>
  models
    .split(/\s+/)
    .filter(Boolean)
    .map((model) => ({ provider, model, litellm: `${prefix}${model}` }));
/** Models with their own LiteLLM key: `[model, key]`; an empty key means genai-prices is primary. */
const keyed = (provider: BookProvider, rows: [string, string][]): CatalogModel[] =>
  rows.map(([model, litellm]) => ({ provider, model, ...(litellm ? { litellm } : {}) }));
const claude = (prefix: string, suffix: string, models: string) =>
  models.split(/\s+/).map((m): [string, string] => [m.replace(/-2\d{7}$/, ''), `${prefix}${m}${suffix}`]);

/** Every model family of the default price book. */
export const CATALOG: CatalogModel[] = [
  ...simple(
    'openai',
    '',
    'gpt-4o gpt-4o-mini gpt-4.1 gpt-4.1-mini gpt-4.1-nano o1 o1-pro o3 o3-pro o3-mini o4-mini',
  ),
  ...simple(
    'openai',
    '',
    'gpt-5 gpt-5-mini gpt-5-nano gpt-5-pro gpt-5.1 gpt-5.2 gpt-5.4 gpt-5.4-mini gpt-5.5',
  ),
  ...simple('openai', '', 'text-embedding-3-small text-embedding-3-large text-embedding-ada-002 whisper-1'),
  ...simple(
    'openai',
    '',
    'tts-1 tts-1-hd dall-e-2 dall-e-3 gpt-image-1 gpt-4o-realtime-preview gpt-4o-audio-preview',
  ),
  ...keyed('openai', [
    ['o1-mini', ''],
    ['ft:gpt-4o', 'ft:gpt-4o-2024-08-06'],
    ['ft:gpt-4o-mini', 'ft:gpt-4o-mini-2024-07-18'],
    ['ft:gpt-4.1', 'ft:gpt-4.1-2025-04-14'],
    ['ft:gpt-4.1-mini', 'ft:gpt-4.1-mini-2025-04-14'],
    ['ft:gpt-4.1-nano', 'ft:gpt-4.1-nano-2025-04-14'],
  ]),
  ...simple('azure', 'azure/', 'gpt-4o gpt-4o-mini gpt-4.1 gpt-4.1-mini gpt-4.1-nano o1 o3 o3-mini o4-mini'),
  ...simple(
    'azure',
    'azure/',
    'gpt-5 gpt-5-mini gpt-5-nano gpt-5.1 text-embedding-3-small text-embedding-3-large',
  ),
  ...simple('azure', 'azure/', 'whisper-1 tts-1'),
  ...keyed('anthropic', [
    ['claude-3-5-haiku', ''],
    ['claude-3-5-sonnet', ''],
    ...claude('', '', 'claude-3-haiku-20240307 claude-3-7-sonnet-20250219 claude-sonnet-4-20250514'),
    ...claude('', '', 'claude-opus-4-20250514 claude-opus-4-1-20250805 claude-sonnet-4-5-20250929'),
    ...claude('', '', 'claude-haiku-4-5-20251001 claude-opus-4-5-20251101 claude-opus-4-6-20260205'),
    ...claude('', '', 'claude-sonnet-4-6 claude-opus-4-7-20260416 claude-sonnet-5'),
  ]),
  ...keyed('bedrock', [
    ...claude(
      'anthropic.',
      '-v1:0',
      'claude-3-haiku-20240307 claude-3-5-haiku-20241022 claude-3-7-sonnet-20250219',
    ),
    ...claude(
      'anthropic.',
      '-v1:0',
      'claude-sonnet-4-20250514 claude-opus-4-20250514 claude-opus-4-1-20250805',
    ),
    ...claude(
      'anthropic.',
      '-v1:0',
      'claude-sonnet-4-5-20250929 claude-haiku-4-5-20251001 claude-opus-4-5-20251101',
    ),
    ['claude-3-5-sonnet', 'anthropic.claude-3-5-sonnet-20241022-v2:0'],
    ['claude-opus-4-6', 'anthropic.claude-opus-4-6-v1'],
    ['claude-sonnet-4-6', 'anthropic.claude-sonnet-4-6'],
  ]),
  ...simple(
    'google',
    'gemini/',
    'gemini-2.0-flash gemini-2.0-flash-lite gemini-2.5-flash gemini-2.5-flash-lite',
  ),
  ...simple('google', 'gemini/', 'gemini-2.5-pro gemini-3-pro-preview gemini-3-flash-preview'),
  ...simple(
    'vertex',
    '',
    'gemini-2.0-flash gemini-2.0-flash-lite gemini-2.5-flash gemini-2.5-flash-lite gemini-2.5-pro',
  ),
  ...simple(
    'vertex',
    'vertex_ai/',
    'claude-3-haiku claude-3-5-haiku claude-3-5-sonnet claude-sonnet-4 claude-opus-4',
  ),
  ...simple('vertex', 'vertex_ai/', 'claude-opus-4-1 claude-sonnet-4-5 claude-haiku-4-5 claude-opus-4-5'),
  ...keyed('vertex', [['claude-3-7-sonnet', 'vertex_ai/claude-3-7-sonnet@20250219']]),
  ...simple('deepseek', 'deepseek/', 'deepseek-chat deepseek-reasoner').map((m) => ({
    ...m,
    effectiveFrom: DEEPSEEK_FROM,
  })),
];
