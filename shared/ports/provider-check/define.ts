import type { z } from 'zod';
import { fingerprintOf } from '../../auth/keys.js';
import { CLOUD_PROVIDERS } from '../../contracts/providers.js';
import { ApiKeySchema, NoConfigSchema } from '../../contracts/provider-schemas.js';
import { callProvider, parseBody, type CallContext, type ProviderResponse } from './http.js';
import type {
  Provider,
  ProviderAdapter,
  ProviderEndpoints,
  ValidationDetails,
  ValidationOutcome,
} from './port.js';

export { ApiKeySchema, ObjectPrefixSchema } from '../../contracts/provider-schemas.js';

/** One kind of secret: its shape, every secret string in it (scrubbed from messages), what fingerprints it. */
export interface CredentialKind<C> {
  schema: z.ZodType<C>;
  secrets(credential: C): string[];
  /** The value whose last four characters identify the credential. */
  fingerprintSource(credential: C): string;
}

/** An API key string: the key is both the secret and its fingerprint. */
export const apiKeyCredential: CredentialKind<string> = {
  schema: ApiKeySchema,
  secrets: (key) => [key],
  fingerprintSource: (key) => key,
};

/** What one provider file declares; defineAdapter adds parsing, the call context, the kind and the fingerprint. */
export interface AdapterSpec<C, K> {
  credential: CredentialKind<C>;
  configSchema: z.ZodType<K>;
  check(credential: C, config: K, ctx: CallContext): Promise<ValidationOutcome>;
}

function shapeError(what: string, error: z.ZodError): ValidationOutcome {
  const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return { ok: false, reason: `${what} is malformed: ${issues.join('; ')}` };
}

const isCloud = (provider: Provider) => (CLOUD_PROVIDERS as readonly Provider[]).includes(provider);

/** Builds the adapter of `provider` (named `label` in messages): it parses its inputs before calling the provider. */
export function defineAdapter<C, K>(
  provider: Provider,
  label: string,
  spec: AdapterSpec<C, K>,
): ProviderAdapter {
  const { credential } = spec;
  return {
    provider,
    label,
    kind: isCloud(provider) ? 'cloud' : 'genai',
    credentialSchema: credential.schema,
    configSchema: spec.configSchema,
    async validate(input, config, endpoints, fetchFn = fetch) {
      const cred = credential.schema.safeParse(input);
      if (!cred.success) return shapeError('credential', cred.error);
      const conf = spec.configSchema.safeParse(config ?? {});
      if (!conf.success) return shapeError('config', conf.error);
      const ctx: CallContext = {
        provider,
        label,
        endpoints,
        fetchFn,
        secrets: credential.secrets(cred.data),
      };
      return spec.check(cred.data, conf.data, ctx);
    },
    secretFingerprint(input) {
      const cred = credential.schema.safeParse(input);
      return cred.success ? fingerprintOf(credential.fingerprintSource(cred.data)) : '';
    },
  };
}

/** The one GET that proves an API key: where it goes and the headers carrying the key. */
export interface KeyRequest {
  url: string;
  headers: Record<string, string>;
}

/** What an API-key adapter states: the GET proving the key, the answer's shape, and what the answer tells. */
export interface ApiKeyCheck<K, T> {
  /** The key's schema with the provider's form metadata (shared/contracts/provider-schemas.ts); ApiKeySchema by default. */
  credentialSchema?: z.ZodType<string>;
  /** Non-secret settings; none by default. */
  configSchema?: z.ZodType<K>;
  request(key: string, config: K, endpoints: ProviderEndpoints): KeyRequest;
  answer: z.ZodType<T>;
  /** The account the key belongs to (null when the answer does not say) and non-secret details. */
  outcome(
    body: T,
    response: ProviderResponse,
    config: K,
  ): { account_id: string | null; details: ValidationDetails };
}

/** An API-key adapter: one GET with the key in a header, its 2xx JSON answer read with `answer`. */
export function apiKeyAdapter<K = Record<string, never>, T = unknown>(
  provider: Provider,
  label: string,
  spec: ApiKeyCheck<K, T>,
): ProviderAdapter {
  return defineAdapter(provider, label, {
    credential: spec.credentialSchema
      ? { ...apiKeyCredential, schema: spec.credentialSchema }
      : apiKeyCredential,
    // Without a configSchema K is its default: no settings.
    configSchema: spec.configSchema ?? (NoConfigSchema as unknown as z.ZodType<K>),
    async check(key, config, ctx) {
      const { url, headers } = spec.request(key, config, ctx.endpoints);
      const res = await callProvider(ctx, undefined, url, { headers });
      if (!res.ok) return res;
      const body = parseBody(ctx, undefined, res.response, spec.answer);
      return { ok: true, ...spec.outcome(body, res.response, config) };
    },
  });
}
