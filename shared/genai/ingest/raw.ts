/**
 * Provider usage rows -> `genai_payg_usage_raw` rows: tokens split into disjoint billable buckets (validated by
 * the pricing library, so an impossible row fails here, naming itself; the OpenAI extract keeps such a bucket as
 * reported instead, see openAiRawRowAsReported), dimensions kept, the result object kept.
 */
import { hash } from 'node:crypto';
import type { AnthropicUsageRow, OpenAiUsageRow } from '../../ports/genai-usage/index.js';
import { billableQuantities, type ParsedUsageRow } from '../pricing/quantities.js';
import { normaliseModel } from '../pricing/match.js';
import { UsageRowSchema, type TokenSemantics, type UsageRow } from '../pricing/types.js';
import { UsageDataError } from '../pricing/errors.js';
import { isValidUsageRow } from '../pricing/usage-row-check.js';
import { GENAI_PROVIDERS } from '../../contracts/providers.js';

export { GENAI_PROVIDERS };
export type GenAiProvider = (typeof GENAI_PROVIDERS)[number];

/** Price-book provider of an integration provider (the book names Azure OpenAI `azure`, Gemini `google`). */
export const BOOK_PROVIDER: Record<GenAiProvider, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  deepseek: 'deepseek',
  azure_openai: 'azure',
  bedrock: 'bedrock',
  vertex: 'vertex',
};

/** How each provider counts input tokens in what it reports (see shared/genai/README.md). */
export const PROVIDER_SEMANTICS: Record<GenAiProvider, TokenSemantics> = {
  openai: 'openai_inclusive',
  anthropic: 'disjoint',
  gemini: 'openai_inclusive',
  deepseek: 'openai_inclusive',
  azure_openai: 'openai_inclusive',
  bedrock: 'disjoint',
  vertex: 'openai_inclusive',
};

/** One `genai_payg_usage_raw` row without its lineage columns. */
export interface RawUsageRow {
  usage_date: string;
  provider: GenAiProvider;
  usage_kind: string;
  usage_row_id: string;
  model: string | null;
  model_family: string | null;
  region: string | null;
  workspace_id: string | null;
  api_key_id: string | null;
  user_id: string | null;
  service_tier: string | null;
  is_batch: boolean | null;
  context_window: string | null;
  long_context: boolean | null;
  image_size: string | null;
  image_source: string | null;
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  audio_input_tokens: number;
  image_input_tokens: number;
  output_tokens: number;
  audio_output_tokens: number;
  reasoning_tokens: number;
  total_tokens: number;
  request_count: number;
  max_prompt_tokens_per_request: number | null;
  images: number | null;
  characters: number | null;
  seconds: number | null;
  sessions: number | null;
  usage_bytes: number | null;
  /** `usage_api_as_reported`: an API bucket no token reading makes possible, kept unsplit (priced as unpriced). */
  source_kind: 'usage_api' | 'usage_api_as_reported' | 'import' | 'billing_export';
  raw: Record<string, unknown> | null;
}

/** Stable id of a bucket from its identifying values (same bucket, same id, on every re-run). */
export function rowId(parts: readonly unknown[]): string {
  // crypto.hash: the one-shot SHA-256 (no Hash object per row), the same digest.
  return hash('sha256', JSON.stringify(parts), 'hex').slice(0, 24);
}

/** The usage row validated (the fast check first; the schema names what is wrong). */
function validUsage(candidate: UsageRow, dims: Dimensions): ParsedUsageRow {
  if (isValidUsageRow(candidate)) return candidate as ParsedUsageRow;
  const parsed = UsageRowSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageDataError(
      `${dims.provider}/${dims.model}@${dims.usage_date}`,
      `${issue?.path.join('.')} ${issue?.message}`,
    );
  }
  return parsed.data as ParsedUsageRow;
}

/** Model families already normalised (a run has a few dozen model names; bounded all the same). */
const families = new Map<string, string>();
function familyOf(model: string): string {
  let family = families.get(model);
  if (family === undefined) {
    if (families.size >= 10_000) families.clear();
    family = normaliseModel(model).family;
    families.set(model, family);
  }
  return family;
}

type Dimensions = Pick<
  RawUsageRow,
  | 'usage_date'
  | 'provider'
  | 'usage_kind'
  | 'model'
  | 'region'
  | 'workspace_id'
  | 'api_key_id'
  | 'user_id'
  | 'service_tier'
  | 'is_batch'
  | 'context_window'
  | 'long_context'
  | 'image_size'
  | 'image_source'
  | 'source_kind'
  | 'raw'
>;

/**
 * The pricing library's usage row of a bucket: every key of UsageRow written out (no spread of `usage`), one shape
 * for all rows, which V8 builds and the fast check reads several times faster than a spread's copy.
 */
function usageRowOf(
  dims: Dimensions,
  usage: Omit<UsageRow, 'provider' | 'model' | 'date' | 'semantics'>,
  semantics: TokenSemantics,
): UsageRow {
  return {
    provider: dims.provider,
    model: dims.model ?? `(${dims.usage_kind})`,
    date: dims.usage_date,
    service_tier: usage.service_tier,
    batch: usage.batch,
    tokens: usage.tokens,
    units: usage.units,
    semantics,
    request_count: usage.request_count,
    max_prompt_tokens_per_request: usage.max_prompt_tokens_per_request,
    long_context: usage.long_context,
    row_id: usage.row_id,
  };
}

/**
 * Builds a raw row from provider-reported counts: `usage` is the row in the provider's own semantics; the
 * disjoint buckets come from the pricing library (which rejects impossible counts, e.g. cached > input).
 */
export function rawRow(
  dims: Dimensions,
  usage: Omit<UsageRow, 'provider' | 'model' | 'date' | 'semantics'>,
  extra: Partial<Pick<RawUsageRow, 'images' | 'characters' | 'seconds' | 'sessions' | 'usage_bytes'>> = {},
  /** How `usage` counts input; default: the provider's own (imports always use openai_inclusive). */
  semantics: TokenSemantics = PROVIDER_SEMANTICS[dims.provider],
): RawUsageRow {
  const { quantities: q } = billableQuantities(validUsage(usageRowOf(dims, usage, semantics), dims));
  const input = q.input ?? 0;
  const cached = q.cached_input ?? 0;
  const write5m = q.cache_write_5m ?? 0;
  const write1h = q.cache_write_1h ?? 0;
  const audioIn = q.audio_input ?? 0;
  const imageIn = q.image_input ?? 0;
  const output = q.output ?? 0;
  const audioOut = q.audio_output ?? 0;
  const id = rowId([
    dims.provider,
    dims.usage_kind,
    dims.usage_date,
    dims.model,
    dims.region,
    dims.workspace_id,
    dims.api_key_id,
    dims.user_id,
    dims.service_tier,
    dims.is_batch,
    dims.context_window,
    dims.image_size,
    dims.image_source,
  ]);
  // One literal with every field (no spreads): V8 builds it fast, once per provider bucket.
  return {
    usage_date: dims.usage_date,
    provider: dims.provider,
    usage_kind: dims.usage_kind,
    usage_row_id: id,
    model: dims.model,
    model_family: dims.model ? familyOf(dims.model) : null,
    region: dims.region,
    workspace_id: dims.workspace_id,
    api_key_id: dims.api_key_id,
    user_id: dims.user_id,
    service_tier: dims.service_tier,
    is_batch: dims.is_batch,
    context_window: dims.context_window,
    long_context: dims.long_context,
    image_size: dims.image_size,
    image_source: dims.image_source,
    input_tokens: input,
    cached_input_tokens: cached,
    cache_write_5m_tokens: write5m,
    cache_write_1h_tokens: write1h,
    audio_input_tokens: audioIn,
    image_input_tokens: imageIn,
    output_tokens: output,
    audio_output_tokens: audioOut,
    reasoning_tokens: usage.tokens.reasoning ?? 0,
    total_tokens: input + cached + write5m + write1h + audioIn + imageIn + output + audioOut,
    request_count: usage.request_count ?? 0,
    max_prompt_tokens_per_request: usage.max_prompt_tokens_per_request ?? null,
    images: usage.units?.images ?? extra.images ?? null,
    characters: usage.units?.characters ?? extra.characters ?? null,
    seconds: usage.units?.seconds ?? extra.seconds ?? null,
    sessions: extra.sessions ?? null,
    usage_bytes: extra.usage_bytes ?? null,
    source_kind: dims.source_kind,
    raw: dims.raw,
  };
}

/** OpenAI usage row (any kind) -> raw row. Input includes cached and audio input (inclusive semantics). */
export function openAiRawRow(r: OpenAiUsageRow): RawUsageRow {
  const unitKinds = { images: 'images', audio_speeches: 'characters', audio_transcriptions: 'seconds' };
  const unit = unitKinds[r.usage_kind as keyof typeof unitKinds] as
    'images' | 'characters' | 'seconds' | undefined;
  return rawRow(
    {
      usage_date: r.usage_date,
      provider: 'openai',
      usage_kind: r.usage_kind,
      model: r.model,
      region: null,
      workspace_id: r.project_id,
      api_key_id: r.api_key_id,
      user_id: r.user_id,
      service_tier: r.service_tier,
      is_batch: r.batch,
      context_window: null,
      long_context: null,
      image_size: r.image_size,
      image_source: r.image_source,
      source_kind: 'usage_api',
      raw: r.raw,
    },
    {
      tokens: {
        input: r.input_tokens,
        output: r.output_tokens,
        cached_input: r.input_cached_tokens,
        audio_input: r.input_audio_tokens,
        audio_output: r.output_audio_tokens,
      },
      ...(unit ? { units: { [unit]: r[unit] ?? 0 } } : {}),
      request_count: r.num_model_requests,
    },
    { sessions: r.sessions ?? null, usage_bytes: r.usage_bytes ?? null },
  );
}

/**
 * OpenAI usage row -> raw row; a bucket whose counts are impossible under every reading (e.g. more cached than
 * input tokens) is kept with its counts as reported and `source_kind: 'usage_api_as_reported'`, so one odd
 * bucket never fails a run: pricing lists it unpriced with the reason (asReportedProblem).
 */
export function openAiRawRowAsReported(r: OpenAiUsageRow): RawUsageRow {
  try {
    return openAiRawRow(r);
  } catch (err) {
    if (!(err instanceof UsageDataError)) throw err;
    const row = openAiRawRow({ ...r, input_tokens: 0, input_cached_tokens: 0, input_audio_tokens: 0 });
    const tokens = {
      input_tokens: r.input_tokens,
      cached_input_tokens: r.input_cached_tokens,
      audio_input_tokens: r.input_audio_tokens,
      output_tokens: r.output_tokens,
      audio_output_tokens: r.output_audio_tokens,
    };
    const total = r.input_tokens + r.output_tokens;
    return { ...row, ...tokens, total_tokens: total, source_kind: 'usage_api_as_reported' };
  }
}

/** Why an `usage_api_as_reported` row cannot be split: the provider-semantics check's message. */
export function asReportedProblem(r: RawUsageRow): string {
  const usage = usageOfRaw(r);
  try {
    billableQuantities({ ...usage, semantics: PROVIDER_SEMANTICS[r.provider] } as ParsedUsageRow);
  } catch (err) {
    if (err instanceof UsageDataError) return err.message;
    throw err;
  }
  return `Usage row ${r.provider}/${r.model}@${r.usage_date}: counts kept as reported`;
}

/** Anthropic messages usage row -> raw row. The four input buckets are disjoint; `200k-1M` is long context. */
export function anthropicRawRow(r: AnthropicUsageRow): RawUsageRow {
  const tier = r.service_tier?.toLowerCase() ?? null;
  const long = r.context_window === null ? null : r.context_window.toLowerCase().startsWith('200k');
  return rawRow(
    {
      usage_date: r.usage_date,
      provider: 'anthropic',
      usage_kind: 'messages',
      model: r.model,
      region: null,
      workspace_id: r.workspace_id,
      api_key_id: r.api_key_id,
      user_id: null,
      service_tier: r.service_tier,
      is_batch: tier === 'batch',
      context_window: r.context_window,
      long_context: long,
      image_size: null,
      image_source: null,
      source_kind: 'usage_api',
      raw: r.raw,
    },
    {
      tokens: {
        input: r.uncached_input_tokens,
        output: r.output_tokens,
        cached_input: r.cache_read_input_tokens,
        cache_write_5m: r.cache_creation_5m_input_tokens,
        cache_write_1h: r.cache_creation_1h_input_tokens,
      },
    },
  );
}

const STANDARD_TIERS = new Set(['', 'default', 'auto', 'standard', 'standard_only']);
const PRICED_TIERS = new Set(['flex', 'priority', 'scale']);

/** The price-book tier of a reported tier; undefined for a tier the book does not know (never guessed). */
export function bookTier(
  serviceTier: string | null,
): 'default' | 'batch' | 'flex' | 'priority' | 'scale' | undefined {
  const t = (serviceTier ?? '').toLowerCase();
  if (STANDARD_TIERS.has(t)) return 'default';
  if (t === 'batch') return 'batch';
  return PRICED_TIERS.has(t) ? (t as 'flex' | 'priority' | 'scale') : undefined;
}

/** A raw row back to the pricing library's usage row (disjoint semantics, as stored); tier from bookTier. */
export function usageOfRaw(r: RawUsageRow): UsageRow {
  const tier = bookTier(r.service_tier);
  const priced = tier === 'flex' || tier === 'priority' || tier === 'scale' ? tier : undefined;
  const units = {
    ...(r.images ? { images: Number(r.images) } : {}),
    ...(r.characters ? { characters: Number(r.characters) } : {}),
    ...(r.seconds ? { seconds: Number(r.seconds) } : {}),
  };
  return {
    provider: BOOK_PROVIDER[r.provider],
    model: r.model ?? `(${r.usage_kind})`,
    date: r.usage_date,
    semantics: 'disjoint',
    tokens: {
      input: r.input_tokens,
      output: r.output_tokens,
      cached_input: r.cached_input_tokens,
      cache_write_5m: r.cache_write_5m_tokens,
      cache_write_1h: r.cache_write_1h_tokens,
      audio_input: r.audio_input_tokens,
      image_input: r.image_input_tokens,
      audio_output: r.audio_output_tokens,
      reasoning: Math.min(r.reasoning_tokens, r.output_tokens),
    },
    ...(Object.keys(units).length ? { units } : {}),
    ...(r.is_batch || tier === 'batch' ? { batch: true } : {}),
    ...(priced ? { service_tier: priced } : {}),
    request_count: r.request_count,
    ...(r.max_prompt_tokens_per_request !== null
      ? { max_prompt_tokens_per_request: r.max_prompt_tokens_per_request }
      : {}),
    ...(r.long_context !== null ? { long_context: r.long_context } : {}),
    row_id: r.usage_row_id,
  };
}
