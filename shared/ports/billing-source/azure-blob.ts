/**
 * `azure_blob` billing source: Cost Management exports in the customer's storage container, read with
 * @azure/storage-blob (List Blobs flat with a prefix, paged by markers; Get Blob streamed), authenticated as the
 * credential's service principal through @azure/identity's ClientSecretCredential (token authority
 * AZURE_AUTHORITY_HOST). The config's `azure_blob_endpoint` (local servers, outside production only) replaces
 * `https://<account>.blob.core.windows.net` with path-style `<endpoint>/<account>`.
 */
import type { Readable } from 'node:stream';
import { ClientSecretCredential } from '@azure/identity';
import { ContainerClient } from '@azure/storage-blob';
import { azureContainerUrl } from '../provider-check/ssrf.js';
import type { Config } from '../../config/config.js';
import { exportObjects, objectPrefix, serviceError } from './objects.js';
import type { BillingSource, ExportObject, SourceOptions } from './port.js';
import { permanent } from '../../errors/index.js';

export interface AzureBlobLocation {
  account: string;
  container: string;
  /** Location segments after the container (the export's blob prefix). */
  path: readonly string[];
  /** `azure_blob_endpoint` of the integration config. */
  endpoint?: string;
  environment: Config['ENVIRONMENT'];
  authorityHost: string;
}

/** The Azure credential secret: a service principal's client secret. */
export interface AzureServicePrincipal {
  tenant_id: string;
  client_id: string;
  client_secret: string;
}

interface AzureFailure {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

export function azureBlobBillingSource(
  location: AzureBlobLocation,
  app: AzureServicePrincipal,
  options: SourceOptions,
): BillingSource {
  const { account, container } = location;
  const prefix = objectPrefix(location.path);
  const where = `azure://${account}/${container}/${prefix}`;
  const url = azureContainerUrl(account, container, location.endpoint, location.environment);
  if (!url.ok) throw permanent(`Credential ${options.credentialId}: ${url.reason}`);
  const credential = new ClientSecretCredential(app.tenant_id, app.client_id, app.client_secret, {
    authorityHost: location.authorityHost,
    // A fixed authority host (public cloud, or the configured one): no discovery call to login.microsoftonline.com.
    disableInstanceDiscovery: true,
  });
  const client = new ContainerClient(url.url, credential, {
    retryOptions: { maxTries: 2, tryTimeoutInMs: options.timeoutMs },
  });
  const fail = (action: string, err: unknown) => {
    const e = err as AzureFailure;
    if (/^(Authentication|AuthenticationRequired|CredentialUnavailable)Error$/.test(e.name ?? '')) {
      // Entra ID refused the service principal (wrong tenant, client id or secret, expired secret).
      const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 401;
      const message = e.message ?? '';
      const description = /Description: (.*?)(?: - Correlation ID|$)/m.exec(message)?.[1];
      return serviceError(
        'Microsoft Entra ID',
        action,
        options.credentialId,
        { status, message: description ?? message.split('\n')[0] },
        err,
      );
    }
    const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined;
    return serviceError(
      'Azure Blob Storage',
      action,
      options.credentialId,
      { status, code: status === undefined ? undefined : e.code, message: e.message?.split('\n')[0] },
      err,
    );
  };
  return {
    kind: 'azure_blob',
    where,
    async list(): Promise<ExportObject[]> {
      const listed: { key: string; bytes: number }[] = [];
      try {
        for await (const page of client.listBlobsFlat({ prefix }).byPage()) {
          for (const blob of page.segment.blobItems) {
            listed.push({ key: blob.name, bytes: Number(blob.properties.contentLength ?? -1) });
          }
        }
      } catch (err) {
        throw fail(`listing ${where}`, err);
      }
      return exportObjects(where, prefix, listed, (name) => `azure://${account}/${container}/${name}`);
    },
    async open(object): Promise<Readable> {
      try {
        const res = await client.getBlobClient(object.key).download();
        if (!res.readableStreamBody) throw new Error('Get Blob answered without a body');
        return res.readableStreamBody as Readable;
      } catch (err) {
        throw fail(`reading ${object.name}`, err);
      }
    },
  };
}
