/**
 * Chooses where the `extract-cloud-billing` step reads a credential's export from: `local` when CLOUD_EXPORTS_DIR
 * is set (embedded mode, tests, the demo), otherwise the provider's own store with the credential's secret: AWS →
 * `s3`, Azure → `azure_blob`, OCI → `oci_object_storage`, GCP → `bigquery` (the export table of the credential's
 * config, for the run's dates). Adapters load lazily, so a function pays only for the SDK it uses.
 */
import type { AppContext } from '../../context.js';
import { providerAdapters } from '../provider-check/index.js';
import { loadCredentialConfig, loadCredentialSecret } from '../../integrations/store.js';
import { setting as text, type BillingFormat } from '../../cloud/format.js';
import { localBillingSource } from './local.js';
import type { AzureServicePrincipal } from './azure-blob.js';
import type { ServiceAccountKey } from './bigquery.js';
import type { OciApiKey } from './oci-object-storage.js';
import type { AwsKeys } from './s3.js';
import type { BillingSource, SourceOptions } from './port.js';
import { permanent } from '../../errors/index.js';

export interface SourceRequest {
  orgSlug: string;
  credentialId: string;
  format: BillingFormat;
  /** The run's dates (inclusive), for sources that can read only those (the BigQuery table). */
  startDate: string;
  endDate: string;
}

type Config = Record<string, unknown>;

/** The credential's export location from its config (format.location); a missing setting names the credential. */
function locate(format: BillingFormat, config: Config, credentialId: string): string[] | null {
  try {
    return format.location(config);
  } catch (err) {
    throw permanent(`Credential ${credentialId}: ${(err as Error).message}`);
  }
}

/** The stored secret, checked against the provider's credential schema. */
async function secretOf<T>(ctx: AppContext, request: SourceRequest): Promise<T> {
  const { provider, credential } = await loadCredentialSecret(ctx, request.orgSlug, request.credentialId);
  const expected = request.format.provider;
  if (provider !== expected) {
    throw permanent(`Credential ${request.credentialId} is a ${provider} credential, not ${expected}.`);
  }
  const parsed = providerAdapters[expected].credentialSchema.safeParse(credential);
  if (!parsed.success) {
    throw permanent(`Credential ${request.credentialId}: the stored ${expected} secret is not readable.`);
  }
  return parsed.data as T;
}

/**
 * The billing source of a credential for one format, or null when the credential has no export of that kind
 * (format.location returned null). Throws a PermanentError for a missing setting or an unusable secret.
 */
export async function billingSourceFor(
  ctx: AppContext,
  request: SourceRequest,
): Promise<BillingSource | null> {
  const { format, credentialId } = request;
  const settings = ctx.config;
  let config = await loadCredentialConfig(ctx, request.orgSlug, credentialId);
  if (settings.CLOUD_EXPORTS_DIR) {
    const segments = locate(format, config, credentialId);
    return (
      segments && localBillingSource(settings.CLOUD_EXPORTS_DIR, format.provider, segments, credentialId)
    );
  }
  const options: SourceOptions = { credentialId, timeoutMs: settings.PROVIDER_TIMEOUT_MS };
  switch (format.provider) {
    case 'aws': {
      const segments = locate(format, config, credentialId);
      if (!segments) return null;
      const keys = await secretOf<AwsKeys>(ctx, request);
      const { s3BillingSource } = await import('./s3.js');
      const [bucket = '', ...path] = segments;
      const endpoint = settings.AWS_ENDPOINT_URL_S3 ?? settings.AWS_ENDPOINT_URL;
      return s3BillingSource(
        { bucket, path, region: text(config, 'region') ?? 'us-east-1', ...(endpoint ? { endpoint } : {}) },
        keys,
        options,
      );
    }
    case 'oci': {
      const key = await secretOf<OciApiKey>(ctx, request);
      // Cost and FOCUS reports live in Oracle's namespace `bling`, in the bucket named after the tenancy OCID.
      config = { namespace: 'bling', ...config, bucket: text(config, 'bucket') ?? key.tenancy_ocid };
      const segments = locate(format, config, credentialId);
      if (!segments) return null;
      const { ociBillingSource } = await import('./oci-object-storage.js');
      const [namespace = '', bucket = '', ...path] = segments;
      return ociBillingSource(
        {
          namespace,
          bucket,
          path,
          region: text(config, 'region') ?? key.region,
          ...(settings.OCI_ENDPOINT_URL ? { endpoint: settings.OCI_ENDPOINT_URL } : {}),
        },
        key,
        options,
      );
    }
    case 'azure': {
      const segments = locate(format, config, credentialId);
      if (!segments) return null;
      const app = await secretOf<AzureServicePrincipal>(ctx, request);
      const { azureBlobBillingSource } = await import('./azure-blob.js');
      const [account = '', container = '', ...path] = segments;
      return azureBlobBillingSource(
        {
          account,
          container,
          path,
          endpoint: text(config, 'azure_blob_endpoint'),
          environment: settings.ENVIRONMENT,
          authorityHost: settings.AZURE_AUTHORITY_HOST,
        },
        app,
        options,
      );
    }
    case 'gcp': {
      const segments = locate(format, config, credentialId);
      if (!segments) return null;
      const account = await secretOf<ServiceAccountKey>(ctx, request);
      const { bigQueryBillingSource } = await import('./bigquery.js');
      return bigQueryBillingSource(
        {
          table: segments[0] ?? '',
          jobProject: text(config, 'job_project_id') ?? account.project_id,
          startDate: request.startDate,
          endDate: request.endDate,
          apiEndpoint: settings.BIGQUERY_API_URL,
          tokenUrl: settings.GCP_OAUTH_TOKEN_URL,
          location: text(config, 'location'),
        },
        account,
        options,
      );
    }
  }
}
