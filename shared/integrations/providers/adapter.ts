import { z } from 'zod';
import { fingerprintOf } from '../../auth/keys.js';
import type { CallContext } from './http.js';
import type { Provider, ProviderAdapter, ValidationOutcome } from './types.js';

/** An API key credential: one token of printable ASCII, surrounding whitespace trimmed. */
export const ApiKeySchema = z
  .string()
  .trim()
  .min(8, 'API key is too short')
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'API key must be printable ASCII without spaces');

/** A bucket/container key prefix: printable (no control characters), leading slashes dropped. */
export const ObjectPrefixSchema = z
  .string()
  .max(1024)
  .refine(
    (p) => [...p].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f),
    'prefix has control characters',
  )
  .default('')
  .transform((p) => p.replace(/^\/+/, ''));

/** What one provider file declares; defineAdapter adds parsing, the call context and the fingerprint. */
export interface AdapterSpec<C, K> {
  provider: Provider;
  label: string;
  kind: 'cloud' | 'genai';
  credentialSchema: z.ZodType<C>;
  configSchema: z.ZodType<K>;
  /** Every secret string inside the credential, scrubbed from all messages. */
  secrets(credential: C): string[];
  /** The value whose last four characters identify the credential. */
  fingerprintSource(credential: C): string;
  check(credential: C, config: K, ctx: CallContext): Promise<ValidationOutcome>;
}

function shapeError(what: string, error: z.ZodError): ValidationOutcome {
  const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return { ok: false, reason: `${what} is malformed: ${issues.join('; ')}` };
}

/** Builds a ProviderAdapter that parses its inputs before calling the provider. */
export function defineAdapter<C, K>(spec: AdapterSpec<C, K>): ProviderAdapter {
  return {
    provider: spec.provider,
    label: spec.label,
    kind: spec.kind,
    credentialSchema: spec.credentialSchema,
    configSchema: spec.configSchema,
    async validate(credential, config, endpoints, fetchFn = fetch) {
      const cred = spec.credentialSchema.safeParse(credential);
      if (!cred.success) return shapeError('credential', cred.error);
      const conf = spec.configSchema.safeParse(config ?? {});
      if (!conf.success) return shapeError('config', conf.error);
      const ctx: CallContext = {
        provider: spec.provider,
        label: spec.label,
        endpoints,
        fetchFn,
        secrets: spec.secrets(cred.data),
      };
      return spec.check(cred.data, conf.data, ctx);
    },
    secretFingerprint(credential) {
      const cred = spec.credentialSchema.safeParse(credential);
      return cred.success ? fingerprintOf(spec.fingerprintSource(cred.data)) : '';
    },
  };
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export const joinUrl = (base: string, path: string) =>
  `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
