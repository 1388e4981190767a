// EmptyString and NullPlaceholder (NullHandling, FOCUS 1.3 specification §2): absent values are NULL, never ''
// or a placeholder. Such cells are reported once here and then read as null by the other rules (a not-null
// column also gets NotNull).
import { show, type Emit } from './row.js';

const PLACEHOLDER_RE = /^(null|n\/a|not applicable)$/i;

/** The FOCUS cells of a raw row with '' and placeholders as null (reported); a missing key is null too. */
export function applyNullHandling(
  raw: Readonly<Record<string, unknown>>,
  focusPresent: readonly string[],
  emit: Emit,
): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const c of focusPresent) {
    const v = raw[c] ?? null;
    if (typeof v === 'string' && v.trim() === '') {
      emit('EmptyString', c, `empty or whitespace-only string (${show(v)}); use NULL`);
      r[c] = null;
    } else if (typeof v === 'string' && PLACEHOLDER_RE.test(v.trim())) {
      emit('NullPlaceholder', c, `placeholder '${v}' for an absent value; use NULL`);
      r[c] = null;
    } else {
      r[c] = v;
    }
  }
  return r;
}
