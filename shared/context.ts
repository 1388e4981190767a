import { join } from 'node:path';
import type { Config } from './config/config.js';
import { createLogger, type Logger } from './logging/logger.js';
import { openDatabase } from './ports/database/open.js';
import type { Database } from './ports/database/port.js';
import { type Warehouse } from './ports/warehouse/port.js';
import { openWarehouse } from './ports/warehouse/open.js';
import { openEncryption } from './ports/encryption/open.js';
import type { Encryption } from './ports/encryption/port.js';
import { openSecrets } from './ports/secrets/open.js';
import type { Secrets } from './ports/secrets/port.js';
import type { EventBus } from './ports/bus/port.js';
import { openPayments } from './ports/payments/open.js';
import type { Payments } from './ports/payments/port.js';
import { createJwtVerifier, type JwtVerifier } from './auth/jwt.js';
import { loadSigningKey } from './identity/signing-key.js';

/**
 * What a use case may reach, each opened on first use (a function's cold start pays only for what it uses)
 * and once per instance.
 */
export interface AppContext {
  readonly config: Config;
  readonly log: Logger;
  db(): Promise<Database>;
  warehouse(): Promise<Warehouse>;
  encryption(): Promise<Encryption>;
  secrets(): Promise<Secrets>;
  bus(): Promise<EventBus>;
  jwt(): Promise<JwtVerifier>;
  /** Stripe Checkout and Billing Portal; undefined without the `stripe-secret-key` secret. */
  payments(): Promise<Payments | undefined>;
  close(): Promise<void>;
}

export type ContextOverrides = Partial<{
  db: Database;
  warehouse: Warehouse;
  encryption: Encryption;
  secrets: Secrets;
  bus: EventBus;
  jwt: JwtVerifier;
  payments: Payments | undefined;
}>;

function once<T>(make: () => Promise<T>): (() => Promise<T>) & { peek(): Promise<T> | undefined } {
  let p: Promise<T> | undefined;
  const get = () => (p ??= make().catch((err: unknown) => ((p = undefined), Promise.reject(err))));
  return Object.assign(get, { peek: () => p });
}

export const identityKeyFile = (config: Config) => join(config.dataDir, 'identity', 'signing-key.json');

/** Builds the adapters chosen by configuration; overrides replace any of them (tests, local runtime). */
export function createContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const secrets = once(async () => overrides.secrets ?? openConfiguredSecrets(config));
  const db = once(async () => overrides.db ?? openConfiguredDatabase(config, secrets));
  const warehouse = once(async () => overrides.warehouse ?? openConfiguredWarehouse(config));
  const encryption = once(async () => overrides.encryption ?? openConfiguredEncryption(config));
  const bus = once(async () => overrides.bus ?? openConfiguredBus(config));
  const jwt = once(async () => overrides.jwt ?? openJwtVerifier(config, secrets));
  const payments = once(async () =>
    'payments' in overrides ? overrides.payments : openConfiguredPayments(config, secrets),
  );
  return {
    config,
    log: createLogger(),
    db,
    warehouse,
    encryption,
    secrets,
    bus,
    jwt,
    payments,
    async close() {
      await Promise.allSettled([
        db.peek()?.then((d) => d.close()),
        warehouse.peek()?.then((w) => w.close()),
        bus.peek()?.then((b) => b.close()),
      ]);
    },
  };
}

/** Secret Manager, or the settings themselves locally (the env map names each secret's setting). */
function openConfiguredSecrets(config: Config) {
  return openSecrets({
    kind: config.SECRETS,
    projectId: config.GCP_PROJECT_ID,
    suffix: config.datasetEnv,
    env: {
      'ca-root-api-key': config.CA_ROOT_API_KEY,
      'database-url': config.DATABASE_URL,
      'supabase-jwt-secret': config.SUPABASE_JWT_SECRET,
      'stripe-secret-key': config.STRIPE_SECRET_KEY,
      'stripe-webhook-secret': config.STRIPE_WEBHOOK_SECRET,
    },
  });
}

/** PostgreSQL at the `database-url` secret, or PGlite in the data dir when there is none. */
async function openConfiguredDatabase(config: Config, secrets: () => Promise<Secrets>) {
  const url = (await secrets()).get('database-url');
  return openDatabase({ url: await url, dataDir: join(config.dataDir, 'pg') });
}

function openConfiguredWarehouse(config: Config) {
  return openWarehouse({
    kind: config.WAREHOUSE,
    file: join(config.dataDir, 'warehouse.duckdb'),
    duckdb: {
      memoryLimit: config.DUCKDB_MEMORY_LIMIT,
      threads: config.DUCKDB_THREADS,
      slowStatementMs: config.DUCKDB_SLOW_STATEMENT_MS,
    },
    projectId: config.GCP_PROJECT_ID,
    location: config.BIGQUERY_LOCATION,
    stagingBucket: config.WAREHOUSE_STAGING_BUCKET,
  });
}

function openConfiguredEncryption(config: Config) {
  return openEncryption({
    kind: config.ENCRYPTION,
    localKey: config.CLOUDACT_ENCRYPTION_KEY,
    keyFile: join(config.dataDir, 'keys', 'local-kek'),
    kmsKeyName: config.KMS_KEY_NAME,
  });
}

/** Pub/Sub; the in-process bus is not opened here but passed in by the local runtime. */
async function openConfiguredBus(config: Config): Promise<EventBus> {
  if (config.BUS !== 'pubsub') throw new Error('The in-process bus is provided by the local runtime.');
  const { pubSubBus } = await import('./ports/bus/pubsub.js');
  return pubSubBus(config.GCP_PROJECT_ID);
}

/** Stripe when the `stripe-secret-key` secret is set; none otherwise (checkout then applies plans directly). */
async function openConfiguredPayments(config: Config, secrets: () => Promise<Secrets>) {
  return openPayments({
    secretKey: await (await secrets()).get('stripe-secret-key'),
    apiUrl: config.STRIPE_API_URL,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
  });
}

/** Verifies Supabase JWTs by the shared secret or the project's JWKS, and the local identity's key locally. */
async function openJwtVerifier(config: Config, secrets: () => Promise<Secrets>) {
  const secret = await (await secrets()).get('supabase-jwt-secret');
  const jwksUrl =
    config.SUPABASE_JWKS_URL ??
    (config.SUPABASE_URL ? `${config.SUPABASE_URL}/auth/v1/.well-known/jwks.json` : undefined);
  return createJwtVerifier({
    audience: config.JWT_AUDIENCE,
    secret,
    jwksUrl,
    localJwks: config.LOCAL_IDENTITY
      ? async () => (await loadSigningKey(identityKeyFile(config))).jwks
      : undefined,
  });
}
