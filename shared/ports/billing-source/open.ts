/**
 * Chooses where the `extract-cloud-billing` step reads a credential's export from: `local` when CLOUD_EXPORTS_DIR
 * is set (embedded mode, tests, the demo), otherwise the provider's own store with the credential's secret: AWS →
 * `s3`, Azure → `azure_blob`, OCI → `oci_object_storage`, GCP → `bigquery` (the export table of the credential's
 * config, for the run's dates). Adapters load lazily, so a function pays only for the SDK it uses.
 */
import type { CloudProvider } from '../../contracts/providers.js';
import type { AppContext } from '../../context.js';
import type { Config as Settings } from '../../config/config.js';
import { setting, type BillingFormat } from '../../cloud/format.js';
import { permanent } from '../../errors/index.js';
import { loadCredentialConfig, loadCredentialSecret } from '../../integrations/store.js';
import { providerAdapters } from '../provider-check/index.js';
import type { AzureServicePrincipal } from './azure-blob.js';
import type { ServiceAccountKey } from './bigquery.js';
import { localBillingSource } from './local.js';
import type { OciApiKey } from './oci-object-storage.js';
import type { BillingSource, SourceOptions } from './port.js';
import type { AwsKeys } from './s3.js';

export interface SourceRequest {
  orgSlug: string;
  credentialId: string;
  format: BillingFormat;
  /** The run's dates (inclusive), for sources that can read only those (the BigQuery table). */
  startDate: string;
  endDate: string;
}

type Config = Record<string, unknown>;

/** What a provider's adapter is opened with: the location, the config it came from, the secret, the settings. */
interface Opening {
  segments: string[];
  config: Config;
  /** The stored secret, parsed with the provider's credential schema. */
  secret: unknown;
  settings: Settings;
  request: SourceRequest;
  options: SourceOptions;
}

interface Opener {
  /** Location defaults that depend on the secret (loaded first then); without it the location is read first. */
  withDefaults?(config: Config, secret: unknown): Config;
  open(at: Opening): Promise<BillingSource>;
}

/** Each provider's store, opened from the location segments (bucket / container / table first, then the prefix). */
const OPENERS: Record<CloudProvider, Opener> = {
  aws: {
    async open({ segments: [bucket = '', ...path], config, secret, settings, options }) {
      const { s3BillingSource } = await import('./s3.js');
      const endpoint = settings.AWS_ENDPOINT_URL_S3 ?? settings.AWS_ENDPOINT_URL;
      const region = setting(config, 'region') ?? 'us-east-1';
      return s3BillingSource(
        { bucket, path, region, ...(endpoint ? { endpoint } : {}) },
        secret as AwsKeys,
        options,
      );
    },
  },
  oci: {
    // Cost and FOCUS reports live in Oracle's namespace `bling`, in the bucket named after the tenancy OCID.
    withDefaults: (config, secret) => ({
      namespace: 'bling',
      ...config,
      bucket: setting(config, 'bucket') ?? (secret as OciApiKey).tenancy_ocid,
    }),
    async open({ segments: [namespace = '', bucket = '', ...path], config, secret, settings, options }) {
      const { ociBillingSource } = await import('./oci-object-storage.js');
      const key = secret as OciApiKey;
      const endpoint = settings.OCI_ENDPOINT_URL;
      const region = setting(config, 'region') ?? key.region;
      return ociBillingSource(
        { namespace, bucket, path, region, ...(endpoint ? { endpoint } : {}) },
        key,
        options,
      );
    },
  },
  azure: {
    async open({ segments: [account = '', container = '', ...path], config, secret, settings, options }) {
      const { azureBlobBillingSource } = await import('./azure-blob.js');
      const location = {
        account,
        container,
        path,
        endpoint: setting(config, 'azure_blob_endpoint'),
        environment: settings.ENVIRONMENT,
        authorityHost: settings.AZURE_AUTHORITY_HOST,
      };
      return azureBlobBillingSource(location, secret as AzureServicePrincipal, options);
    },
  },
  gcp: {
    async open({ segments: [table = ''], config, secret, settings, request, options }) {
      const { bigQueryBillingSource } = await import('./bigquery.js');
      const account = secret as ServiceAccountKey;
      const location = {
        table,
        jobProject: setting(config, 'job_project_id') ?? account.project_id,
        startDate: request.startDate,
        endDate: request.endDate,
        apiEndpoint: settings.BIGQUERY_API_URL,
        tokenUrl: settings.GCP_OAUTH_TOKEN_URL,
        location: setting(config, 'location'),
      };
      return bigQueryBillingSource(location, account, options);
    },
  },
};

/** The credential's export location from its config (format.location); a missing setting names the credential. */
function locate(format: BillingFormat, config: Config, credentialId: string): string[] | null {
  try {
    return format.location(config);
  } catch (err) {
    throw permanent(`Credential ${credentialId}: ${(err as Error).message}`);
  }
}

/** The stored secret, checked against the provider's credential schema. */
async function secretOf(ctx: AppContext, request: SourceRequest): Promise<unknown> {
  const { provider, credential } = await loadCredentialSecret(ctx, request.orgSlug, request.credentialId);
  const expected = request.format.provider;
  if (provider !== expected) {
    throw permanent(`Credential ${request.credentialId} is a ${provider} credential, not ${expected}.`);
  }
  const parsed = providerAdapters[expected].credentialSchema.safeParse(credential);
  if (!parsed.success) {
    throw permanent(`Credential ${request.credentialId}: the stored ${expected} secret is not readable.`);
  }
  return parsed.data;
}

/**
 * The billing source of a credential for one format, or null when the credential has no export of that kind
 * (format.location returned null). Throws a permanent AppError for a missing setting or an unusable secret.
 */
export async function billingSourceFor(
  ctx: AppContext,
  request: SourceRequest,
): Promise<BillingSource | null> {
  const config = await loadCredentialConfig(ctx, request.orgSlug, request.credentialId);
  return openBillingSource(ctx.config, request, config, () => secretOf(ctx, request));
}

/** billingSourceFor given the credential's config and a loader of its (parsed) secret, loaded only when needed. */
export async function openBillingSource(
  settings: Settings,
  request: SourceRequest,
  config: Config,
  loadSecret: () => Promise<unknown>,
): Promise<BillingSource | null> {
  const { format, credentialId } = request;
  if (settings.CLOUD_EXPORTS_DIR) {
    const segments = locate(format, config, credentialId);
    return (
      segments && localBillingSource(settings.CLOUD_EXPORTS_DIR, format.provider, segments, credentialId)
    );
  }
  const opener = OPENERS[format.provider];
  let secret: unknown;
  if (opener.withDefaults) {
    secret = await loadSecret();
    config = opener.withDefaults(config, secret);
  }
  const segments = locate(format, config, credentialId);
  if (!segments) return null;
  secret ??= await loadSecret();
  const options: SourceOptions = { credentialId, timeoutMs: settings.PROVIDER_TIMEOUT_MS };
  return opener.open({ segments, config, secret, settings, request, options });
}
