/**
 * A fast check that a usage row satisfies UsageRowSchema, for the ingestion hot path (one call per provider
 * bucket). It accepts only what the schema accepts; anything it does not accept is parsed by the schema itself,
 * which gives the error message.
 */
import { SERVICE_TIERS, type UsageRow } from './types.js';

const TIERS: ReadonlySet<unknown> = new Set(SERVICE_TIERS);
const SEMANTICS: ReadonlySet<unknown> = new Set(['openai_inclusive', 'disjoint']);
const ROW_KEYS: ReadonlySet<string> = new Set([
  'provider',
  'model',
  'date',
  'service_tier',
  'batch',
  'tokens',
  'units',
  'semantics',
  'request_count',
  'max_prompt_tokens_per_request',
  'long_context',
  'row_id',
]);
const TOKEN_KEYS: ReadonlySet<string> = new Set([
  'input',
  'output',
  'cached_input',
  'cache_write_5m',
  'cache_write_1h',
  'audio_input',
  'image_input',
  'audio_output',
  'reasoning',
]);
const UNIT_KEYS: ReadonlySet<string> = new Set(['images', 'characters', 'seconds', 'requests']);

const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether every own key is known and each value passes its check. */
function fields(
  o: Record<string, unknown>,
  known: ReadonlySet<string>,
  ok: (v: unknown) => boolean,
): boolean {
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    if (!known.has(k) || !optional(o[k], ok)) return false;
  }
  return true;
}

/** True only when UsageRowSchema would accept `u` unchanged (strict objects, counts as non-negative integers). */
export function isValidUsageRow(u: UsageRow): boolean {
  const row = u as unknown as Record<string, unknown>;
  for (const k in row) if (Object.hasOwn(row, k) && !ROW_KEYS.has(k)) return false;
  const { tokens, units } = u;
  return (
    typeof u.provider === 'string' &&
    u.provider.length >= 1 &&
    typeof u.model === 'string' &&
    u.model.length >= 1 &&
    typeof u.date === 'string' &&
    u.date.length >= 10 &&
    optional(u.service_tier, (v) => TIERS.has(v)) &&
    optional(u.batch, (v) => typeof v === 'boolean') &&
    SEMANTICS.has(u.semantics) &&
    optional(u.request_count, isCount) &&
    optional(u.max_prompt_tokens_per_request, isCount) &&
    optional(u.long_context, (v) => typeof v === 'boolean') &&
    optional(u.row_id, (v) => typeof v === 'string') &&
    isObject(tokens) &&
    isCount(tokens.input) &&
    isCount(tokens.output) &&
    fields(tokens, TOKEN_KEYS, isCount) &&
    optional(units, (v) =>
      isObject(v)
        ? fields(v, UNIT_KEYS, (x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
        : false,
    )
  );
}
