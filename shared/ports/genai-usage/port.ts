/**
 * The GenAI usage port: a provider's usage and billed-cost reports over whole UTC days, read from its Admin API
 * (openai.ts, anthropic.ts), as the rows below. Amounts are exact decimal strings, never doubles.
 */
import type { FetchFn } from '../provider-check/port.js';
import type { Logger } from '../../logging/logger.js';
import type { OpenAiUsageKind } from './openai-schemas.js';

/**
 * Waits `ms` milliseconds, or until `signal` aborts (then rejects); tests inject one that records the delays and
 * returns at once.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** What every usage/cost fetch takes: the admin key, where to call, the UTC date range and retry knobs. */
export interface UsageFetchOptions {
  apiKey: string;
  /** OPENAI_BASE_URL (`https://api.openai.com/v1`) or ANTHROPIC_BASE_URL (`https://api.anthropic.com`). */
  baseUrl: string;
  /** PROVIDER_TIMEOUT_MS, per HTTP request. */
  timeoutMs: number;
  /** First UTC day, YYYY-MM-DD (inclusive). */
  start: string;
  /** Last UTC day, YYYY-MM-DD (inclusive). */
  end: string;
  fetchFn?: FetchFn;
  sleep?: Sleep;
  /** Retries of one request after 429/5xx before ProviderUnreachableError (default 5). */
  maxRetries?: number;
  /** Where retries are reported (warn); defaults to the shared logger. The key is never logged. */
  logger?: Pick<Logger, 'warn'>;
  /** Jitter source (tests). */
  random?: () => number;
}

/** Options of the OpenAI fetches: an admin key (`sk-admin-…`), OPENAI_BASE_URL, the date range. */
export interface OpenAiUsageOptions extends UsageFetchOptions {
  /** Sent as `OpenAI-Organization` when the admin key belongs to several organizations. */
  organizationId?: string;
  /** Usage kinds to read (default: all of OPENAI_USAGE_KINDS). */
  kinds?: readonly OpenAiUsageKind[];
}

/** One OpenAI usage row: a day bucket × usage kind × group (model, project, API key, batch, tier, image size/source). */
export interface OpenAiUsageRow {
  provider: 'openai';
  /** UTC day of the bucket start, YYYY-MM-DD. */
  usage_date: string;
  usage_kind: OpenAiUsageKind;
  model: string | null;
  project_id: string | null;
  api_key_id: string | null;
  /** Null: we do not group by user (cardinality); set only if the API sends it anyway. */
  user_id: string | null;
  /** Completions only (true = Batch API); null for other kinds. */
  batch: boolean | null;
  /** Completions only (`default`, `flex`, `priority`, `scale`…); null for other kinds. */
  service_tier: string | null;
  /** Images only (`1024x1024`…, `image.generation`…); null for other kinds. */
  image_size: string | null;
  image_source: string | null;
  /** All input tokens, incl. cached and cache-write (0 when absent). */
  input_tokens: number;
  output_tokens: number;
  input_cached_tokens: number;
  input_audio_tokens: number;
  output_audio_tokens: number;
  num_model_requests: number;
  /** Unit of the kind, present only on that kind's rows: images, characters (speech), seconds (transcription). */
  images?: number;
  characters?: number;
  seconds?: number;
  /** Code interpreter sessions. */
  sessions?: number;
  /** Vector store bytes (a gauge, not a sum). */
  usage_bytes?: number;
  /** The result object exactly as the API sent it. */
  raw: Record<string, unknown>;
}

/** One OpenAI Costs row: what OpenAI bills for a day × project × line item. */
export interface OpenAiCostRow {
  provider: 'openai';
  usage_date: string;
  project_id: string | null;
  line_item: string | null;
  /** `amount.value` in currency units as an exact decimal string: the API's JSON number text, never a double. */
  amount_value: string;
  /** ISO 4217, upper-cased (the API sends `usd`). */
  currency: string;
  quantity: number | null;
  quantity_unit: string | null;
  raw: Record<string, unknown>;
}

/** One Anthropic Messages usage row: a day × model × workspace × API key × service tier × context window. */
export interface AnthropicUsageRow {
  provider: 'anthropic';
  /** UTC day of the bucket start, YYYY-MM-DD. */
  usage_date: string;
  model: string | null;
  /** Null = the default workspace. */
  workspace_id: string | null;
  /** Null = Console/Workbench usage. */
  api_key_id: string | null;
  service_tier: string | null;
  context_window: string | null;
  /** The four input buckets are disjoint: total input = uncached + cache read + 5m + 1h writes. */
  uncached_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_5m_input_tokens: number;
  cache_creation_1h_input_tokens: number;
  output_tokens: number;
  /** `server_tool_use.web_search_requests`. */
  web_search_requests: number;
  raw: Record<string, unknown>;
}

/** One Anthropic cost report row (a day × workspace × line item description). */
export interface AnthropicCostRow {
  provider: 'anthropic';
  usage_date: string;
  workspace_id: string | null;
  description: string | null;
  /** `tokens`, `web_search`, `code_execution`, …; set because we group by description. */
  cost_type: string | null;
  model: string | null;
  service_tier: string | null;
  token_type: string | null;
  context_window: string | null;
  /** The amount in currency units (dollars) as an exact decimal string: `amount_cents` / 100. */
  amount_value: string;
  /** The API's `amount` as given: cents (lowest currency unit), a decimal string. */
  amount_cents: string;
  /** Upper-cased; the API currently always sends `USD`. */
  currency: string;
  raw: Record<string, unknown>;
}
