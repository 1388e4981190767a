/**
 * The provider-check port: validates a stored credential with the cheapest real call to its provider.
 * One adapter per provider (index.ts); validate() throws ProviderUnreachableError (errors.ts) when the provider
 * cannot be reached.
 */
import type { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Provider } from '../../contracts/providers.js';

export type { Provider } from '../../contracts/providers.js';

/** The settings a validation call needs: provider base URLs, the timeout, and the environment (SSRF rules). */
export type ProviderEndpoints = Pick<
  Config,
  | 'ENVIRONMENT'
  | 'OPENAI_BASE_URL'
  | 'ANTHROPIC_BASE_URL'
  | 'GEMINI_BASE_URL'
  | 'DEEPSEEK_BASE_URL'
  | 'GCP_OAUTH_TOKEN_URL'
  | 'BIGQUERY_API_URL'
  | 'AWS_ENDPOINT_URL'
  | 'AZURE_AUTHORITY_HOST'
  | 'OCI_ENDPOINT_URL'
  | 'PROVIDER_TIMEOUT_MS'
>;

/** The fetch signature adapters call; tests may pass their own. */
export type FetchFn = typeof fetch;

/** Non-secret facts a provider told us while validating (account names, counts). */
export type ValidationDetails = Record<string, string | number | boolean | null>;

/** The result of validating a credential; `reason` is the provider's own message, never containing the secret. */
export type ValidationOutcome =
  { ok: true; account_id: string | null; details: ValidationDetails } | { ok: false; reason: string };

/** One provider: its credential and config shapes, and the cheapest real call that proves a credential works. */
export interface ProviderAdapter {
  readonly provider: Provider;
  readonly label: string;
  readonly kind: 'cloud' | 'genai';
  /** The secret: an API key string, or a JSON object (service account, access keys, client secret, API key pair). */
  readonly credentialSchema: z.ZodType;
  /** Non-secret settings (export table, bucket, region, endpoint). */
  readonly configSchema: z.ZodType;
  /** Calls the provider; resolves `{ok:false}` when it rejects the credential, throws ProviderUnreachableError. */
  validate(
    credential: unknown,
    config: unknown,
    endpoints: ProviderEndpoints,
    fetchFn?: FetchFn,
  ): Promise<ValidationOutcome>;
  /** The last four characters of the key (or private key id / client secret): never more. */
  secretFingerprint(credential: unknown): string;
}
