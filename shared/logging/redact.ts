const SECRET_KEY =
  /(pass(word)?|secret|token|api[-_]?key|authorization|credential|private[-_]?key|root[-_]?key|cookie)/i;
// Org API keys look like `<org_slug>_api_<32 base62>`; refresh tokens and JWTs have their own shapes.
const SECRET_VALUE = [/[a-z0-9_]{3,50}_api_[A-Za-z0-9]{24,}/g, /eyJ[\w-]+\.[\w-]+\.[\w-]+/g];

const REDACTED = '[REDACTED]';

/** Returns a copy of `value` with secret-looking fields and values replaced; safe for logs and errors. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[DEPTH]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        SECRET_KEY.test(k) && !k.endsWith('_fingerprint') && k !== 'fingerprint'
          ? REDACTED
          : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function redactString(s: string): string {
  return SECRET_VALUE.reduce((acc, re) => acc.replace(re, REDACTED), s);
}
