/**
 * `oci_object_storage` billing source: OCI cost and FOCUS reports (namespace `bling`, bucket = tenancy OCID, or
 * the integration config's own), read with oci-objectstorage (ListObjects paged by `nextStartWith`, GetObject
 * streamed), signed with the credential's API key through a SimpleAuthenticationDetailsProvider. OCI_ENDPOINT_URL
 * replaces the regional endpoint (a local server can stand in).
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as common from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { exportObjects, objectPrefix, serviceError } from './objects.js';
import type { BillingSource, ExportObject, SourceOptions } from './port.js';

export interface OciLocation {
  namespace: string;
  bucket: string;
  /** Location segments after the bucket (`FOCUS Reports`, `reports/cost-csv`). */
  path: readonly string[];
  region: string;
  endpoint?: string;
}

/** The OCI credential secret (API signing key of a user). */
export interface OciApiKey {
  tenancy_ocid: string;
  user_ocid: string;
  fingerprint: string;
  private_key: string;
  passphrase?: string;
  region: string;
}

export function ociBillingSource(
  location: OciLocation,
  key: OciApiKey,
  options: SourceOptions,
): BillingSource {
  const { namespace, bucket } = location;
  const prefix = objectPrefix(location.path);
  const where = `oci://${namespace}/${bucket}/${prefix}`;
  const auth = new common.SimpleAuthenticationDetailsProvider(
    key.tenancy_ocid,
    key.user_ocid,
    key.fingerprint,
    key.private_key,
    key.passphrase ?? null,
  );
  const client = new ObjectStorageClient(
    { authenticationDetailsProvider: auth },
    {
      // The step retries what is transient; the SDK's own retries (up to minutes) would outlast its timeout.
      retryConfiguration: common.NoRetryConfigurationDetails,
      httpOptions: { timeout: options.timeoutMs },
    },
  );
  if (location.endpoint) client.endpoint = location.endpoint.replace(/\/+$/, '');
  else client.regionId = location.region;
  const fail = (action: string, err: unknown) => {
    const status = err instanceof common.OciError && err.statusCode > 0 ? err.statusCode : undefined;
    const e = err as { serviceCode?: string; message?: string };
    return serviceError(
      'OCI Object Storage',
      action,
      options.credentialId,
      { status, code: status === undefined ? undefined : e.serviceCode, message: e.message },
      err,
    );
  };
  return {
    kind: 'oci_object_storage',
    where,
    async list(): Promise<ExportObject[]> {
      const listed: { key: string; bytes: number }[] = [];
      let start: string | undefined;
      do {
        let page;
        try {
          page = await client.listObjects({
            namespaceName: namespace,
            bucketName: bucket,
            prefix,
            fields: 'name,size',
            ...(start !== undefined ? { start } : {}),
          });
        } catch (err) {
          throw fail(`listing ${where}`, err);
        }
        for (const object of page.listObjects.objects) {
          listed.push({ key: object.name, bytes: Number(object.size ?? -1) });
        }
        start = page.listObjects.nextStartWith;
      } while (start);
      return exportObjects(where, prefix, listed, (name) => `oci://${namespace}/${bucket}/${name}`);
    },
    async open(object): Promise<Readable> {
      let value;
      try {
        value = (
          await client.getObject({ namespaceName: namespace, bucketName: bucket, objectName: object.key })
        ).value;
      } catch (err) {
        throw fail(`reading ${object.name}`, err);
      }
      return value instanceof Readable ? value : Readable.fromWeb(value as WebReadableStream);
    },
  };
}
