// JSON cells (KeyValueFormat / JsonObjectFormat, FOCUS 1.3 specification §2): parsing that also reports
// duplicate keys, and the kind of a value.

export type JsonKind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'other';
/** The JSON kind of a parsed value. */
export function kindOf(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' || t === 'string' || t === 'number' || t === 'boolean' ? t : 'other';
}

/** Keys repeated within one object of a valid JSON text (JSON.parse silently keeps the last one). */
function duplicateKeys(text: string): string[] {
  const stack: (Set<string> | null)[] = [];
  const dupes: string[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j + 1;
      let k = i;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      const top = stack[stack.length - 1];
      if (text[k] === ':' && top) {
        const key = JSON.parse(raw) as string;
        if (top.has(key)) dupes.push(key);
        else top.add(key);
      }
      continue;
    }
    if (c === '{') stack.push(new Set());
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    i++;
  }
  return dupes;
}

/** A JSON column value as an object, or the reason it is not a serialized JSON object. */
export function jsonObject(v: unknown): { value: Record<string, unknown>; dupes: string[] } | string {
  let value: unknown = v;
  let dupes: string[] = [];
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return 'is not valid JSON';
    }
    dupes = duplicateKeys(v);
  }
  if (kindOf(value) !== 'object') return `must be a JSON object, got ${kindOf(value)}`;
  return { value: value as Record<string, unknown>, dupes };
}

/** A JSON value that is not an object or array. */
export const isScalar = (v: unknown) => ['null', 'string', 'number', 'boolean'].includes(kindOf(v));
/** A value's JSON text with sorted keys, to compare array elements. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}
