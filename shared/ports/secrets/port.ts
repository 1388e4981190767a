/** Names of the secrets the platform reads. */
export type SecretName =
  'ca-root-api-key' | 'database-url' | 'supabase-jwt-secret' | 'stripe-secret-key' | 'stripe-webhook-secret';

/** The secrets port: environment variables locally, Secret Manager in production. */
export interface Secrets {
  get(name: SecretName): Promise<string | undefined>;
}

export interface SecretsOptions {
  kind: 'env' | 'secret-manager';
  /** Values from the parsed configuration (SECRETS=env). */
  env: Partial<Record<SecretName, string>>;
  projectId?: string;
  /** Secret Manager ids are `<name>-<environment suffix>`, e.g. `ca-root-api-key-prod`. */
  suffix: string;
}
