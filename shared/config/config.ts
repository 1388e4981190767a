import { resolve } from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const isCron = (v: string) => {
  try {
    new Cron(v, { paused: true, timezone: 'UTC' });
    return v.trim().split(/\s+/).length === 5; // Cloud Scheduler takes five fields (no seconds)
  } catch {
    return false;
  }
};

/** Every setting CloudAct reads from the environment. README's configuration table mirrors this schema. */
export const EnvSchema = z.object({
  ENVIRONMENT: z.enum(['local', 'development', 'test', 'stage', 'production']).default('local'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Address the local gateway (`npm start`) listens on: loopback unless set (e.g. `0.0.0.0` in a container). */
  HOST: z.string().min(1).default('127.0.0.1'),
  CLOUDACT_DATA_DIR: z.string().min(1).default('.cloudact'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  // Adapter choice per port (embedded default | Google Cloud).
  DATABASE_URL: z.string().url().optional(),
  WAREHOUSE: z.enum(['duckdb', 'bigquery']).default('duckdb'),
  ENCRYPTION: z.enum(['local', 'kms']).default('local'),
  SECRETS: z.enum(['env', 'secret-manager']).default('env'),
  BUS: z.enum(['in-process', 'pubsub']).default('in-process'),
  SCHEDULER: z.enum(['local', 'cloud']).default('local'),
  GCP_PROJECT_ID: z.string().optional(),
  GCP_REGION: z.string().default('us-central1'),
  BIGQUERY_LOCATION: z.string().default('US'),
  /**
   * WAREHOUSE=bigquery: the GCS bucket cloud export files are staged in for BigQuery load jobs (objects deleted
   * after each load); unset: export rows are read in the function and loaded as JSON lines.
   */
  WAREHOUSE_STAGING_BUCKET: z.string().min(3).optional(),
  /**
   * The embedded warehouse's DuckDB memory_limit (`1GB`, `512MB`, `75%`; beyond it large operators spill to disk)
   * and worker threads; unset: DuckDB's defaults (80% of RAM, one thread per core).
   */
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(%|[KMGT]i?B|bytes)$/i, 'a size such as 1GB, 512MB or 75%')
    .optional(),
  DUCKDB_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  /** Embedded warehouse: log each DuckDB statement (COMMIT included) that takes this many ms or more; unset: none. */
  DUCKDB_SLOW_STATEMENT_MS: z.coerce.number().int().min(0).optional(),
  KMS_KEY_NAME: z.string().optional(),
  // Secrets (read through the secrets port; with SECRETS=env they come from here).
  CA_ROOT_API_KEY: z.string().optional(),
  CLOUDACT_ENCRYPTION_KEY: z.string().optional(),
  SUPABASE_JWT_SECRET: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  // Billing: the Stripe price each plan is sold at, and Stripe's API address (a local server in tests).
  STRIPE_PRICE_STARTER: z.string().min(1).optional(),
  STRIPE_PRICE_PROFESSIONAL: z.string().min(1).optional(),
  STRIPE_PRICE_SCALE: z.string().min(1).optional(),
  STRIPE_API_URL: z.string().url().default('https://api.stripe.com'),
  /**
   * Requests per minute per caller, counted in Postgres so the limit holds across function instances: per API
   * key or user on authenticated routes, per client IP on anonymous ones (sign-in, the webhook, plans). The
   * operator's root key is not limited. Production refuses to start with RATE_LIMIT_ENABLED=false.
   */
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  // User auth.
  DISABLE_AUTH: bool.default(false),
  LOCAL_IDENTITY: bool.optional(),
  SUPABASE_URL: z.string().url().optional(),
  SUPABASE_JWKS_URL: z.string().url().optional(),
  /** Supabase's public anon key, handed to the web app in /config.json (public by design; not a secret). */
  SUPABASE_ANON_KEY: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().default('authenticated'),
  /** YAML pipeline definitions and SQL procedures (copied beside each bundle by `npm run build`). */
  PIPELINES_DIR: z.string().default('pipelines'),
  PROCEDURES_DIR: z.string().default('procedures'),
  /**
   * Root of cloud billing exports read from the local file system (embedded mode and tests): a credential's
   * export location maps to `<dir>/<provider>/<bucket or container>/<prefix>`. Unset: exports are read from the
   * providers themselves (S3, Azure Blob, OCI Object Storage, the GCP BigQuery export table).
   */
  CLOUD_EXPORTS_DIR: z.string().min(1).optional(),
  /**
   * Cost read cache (costs router), per function instance: the most bytes of cost slices kept in memory (least
   * recently used slices go first), and the most (day x provider x service x hierarchy ...) groups one slice may
   * hold: a date range needing more is refused with a 400 asking for a shorter range.
   */
  COST_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(256 * 1024 * 1024),
  COST_SLICE_MAX_GROUPS: z.coerce.number().int().min(1).default(2_000_000),
  /**
   * A RUNNING step whose last heartbeat is older than this is stale: its process died (kill -9, a lost instance).
   * A live step beats four times within it (at most every 30 s); stale cleanup re-queues or fails a stale step and
   * a redelivered message takes it over.
   */
  STEP_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /**
   * When stale cleanup runs (cron, UTC): the local cron, and the Cloud Scheduler job `npm run build` writes into
   * dist/registry.json for Terraform.
   */
  STALE_CLEANUP_CRON: z
    .string()
    .refine(isCron, 'must be a cron expression such as */2 * * * * (minute hour day month weekday)')
    .default('*/2 * * * *'),
  /** A QUEUED step waiting longer than its timeout plus this grace is re-published (its message was lost). */
  STALE_GRACE_SECONDS: z.coerce.number().int().min(0).default(120),
  // Provider API base URLs (read the way the official SDKs read them), so local servers can stand in.
  OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  ANTHROPIC_BASE_URL: z.string().url().default('https://api.anthropic.com'),
  GEMINI_BASE_URL: z.string().url().default('https://generativelanguage.googleapis.com'),
  DEEPSEEK_BASE_URL: z.string().url().default('https://api.deepseek.com'),
  GCP_OAUTH_TOKEN_URL: z.string().url().default('https://oauth2.googleapis.com/token'),
  BIGQUERY_API_URL: z.string().url().default('https://bigquery.googleapis.com'),
  AWS_ENDPOINT_URL: z.string().url().optional(),
  /** S3 only (billing export reads), as the AWS SDKs read it; wins over AWS_ENDPOINT_URL for S3. */
  AWS_ENDPOINT_URL_S3: z.string().url().optional(),
  AZURE_AUTHORITY_HOST: z.string().url().default('https://login.microsoftonline.com'),
  OCI_ENDPOINT_URL: z.string().url().optional(),
  /** Outbound provider calls time out after this many milliseconds. */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * Email notifications go through this SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`). Unset locally,
   * `npm start` starts a mail catcher on a loopback port that writes each message as an .eml file under
   * `<data dir>/mail/`; unset in a deployment, email channels fail with a message naming this setting.
   */
  SMTP_URL: z.string().url().optional(),
  /** The From address of notification email. */
  SMTP_FROM: z.string().min(3).default('CloudAct <notifications@cloudact.local>'),
  /**
   * Development and tests only: webhook, Slack and Teams channel URLs may point at a loopback address (http or
   * https). Every other private, link-local or reserved address stays refused. Production refuses to start with it.
   */
  ALLOW_LOOPBACK_WEBHOOKS: bool.default(false),
  /**
   * Send attempts of one notification delivery: a timeout, 5xx or network error is retried (the bus redelivers with
   * backoff) until this many attempts, then the delivery is failed. Keep it at most the bus's delivery attempts
   * (BUS_MAX_DELIVERY_ATTEMPTS locally; Terraform's `notifications.max_delivery_attempts` on Pub/Sub).
   */
  NOTIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** How long a webhook, Slack or Teams receiver may take to answer one notification (then the attempt is retried). */
  NOTIFICATION_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Local bus tuning.
  BUS_MAX_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  BUS_MIN_BACKOFF_MS: z.coerce.number().int().min(0).default(1000),
  EVENT_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Omit<Env, 'LOCAL_IDENTITY'> {
  /** Local development identity endpoint (Supabase Auth compatible); never on in production by default. */
  LOCAL_IDENTITY: boolean;
  /** Absolute data directory for embedded adapters. */
  dataDir: string;
  /** Suffix of per-org datasets: `{org_slug}_{datasetEnv}`. */
  datasetEnv: string;
  version: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DATASET_ENV: Record<Env['ENVIRONMENT'], string> = {
  local: 'local',
  development: 'dev',
  test: 'test',
  stage: 'stage',
  production: 'prod',
};

/** Parses the environment once; the message names every bad setting. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    ...e,
    LOCAL_IDENTITY: e.LOCAL_IDENTITY ?? e.ENVIRONMENT !== 'production',
    dataDir: resolve(e.CLOUDACT_DATA_DIR),
    datasetEnv: DATASET_ENV[e.ENVIRONMENT],
    version: env.npm_package_version ?? env.K_REVISION ?? '0.1.0',
  };
}

let cached: Config | undefined;

/** The process configuration, parsed from process.env on first use. The only reader of process.env. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests and the local runner pin a configuration explicitly. */
export function setConfig(config: Config): void {
  cached = config;
}
