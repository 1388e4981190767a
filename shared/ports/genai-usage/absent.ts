/** The `keys` of R, each required: its value, or `Absent` where the API left it out. */
type Present<R, K extends keyof R, Absent> = { [P in K]-?: NonNullable<R[P]> | Absent };

/** `{ key: result[key] ?? null }` for each of `keys`, in order: a dimension the API left out is null. */
export function nullIfAbsent<R extends object, K extends keyof R>(
  result: R,
  keys: readonly K[],
): Present<R, K, null> {
  const out: Partial<Record<K, unknown>> = {};
  for (const k of keys) out[k] = result[k] ?? null;
  return out as Present<R, K, null>;
}

/** `{ key: result[key] ?? 0 }` for each of `keys`, in order: a count the API left out is 0. */
export function zeroIfAbsent<R extends object, K extends keyof R>(
  result: R,
  keys: readonly K[],
): Present<R, K, 0> {
  const out: Partial<Record<K, unknown>> = {};
  for (const k of keys) out[k] = result[k] ?? 0;
  return out as Present<R, K, 0>;
}
