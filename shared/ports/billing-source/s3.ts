/**
 * `s3` billing source: AWS CUR 2.0 / Data Exports / legacy CUR files in the customer's bucket, read with
 * @aws-sdk/client-s3 (ListObjectsV2 with continuation tokens, GetObject streamed). Keys from the AWS credential
 * (access key, secret, optional session token); the endpoint override (AWS_ENDPOINT_URL_S3, else
 * AWS_ENDPOINT_URL) switches to path-style addressing, so a local server can stand in.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { exportObjects, objectPrefix, serviceError } from './objects.js';
import type { BillingSource, ExportObject, SourceOptions } from './port.js';

export interface S3Location {
  bucket: string;
  /** Location segments after the bucket (the export prefix). */
  path: readonly string[];
  region: string;
  /** A local server or S3-compatible endpoint; path-style addressing. */
  endpoint?: string;
}

export interface AwsKeys {
  access_key_id: string;
  secret_access_key: string;
  session_token?: string;
}

interface AwsFailure {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

export function s3BillingSource(location: S3Location, keys: AwsKeys, options: SourceOptions): BillingSource {
  const { bucket, region, endpoint } = location;
  const prefix = objectPrefix(location.path);
  const where = `s3://${bucket}/${prefix}`;
  const client = new S3Client({
    region,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    credentials: {
      accessKeyId: keys.access_key_id,
      secretAccessKey: keys.secret_access_key,
      ...(keys.session_token ? { sessionToken: keys.session_token } : {}),
    },
    requestHandler: { requestTimeout: options.timeoutMs, connectionTimeout: options.timeoutMs },
  });
  const fail = (action: string, err: unknown) => {
    const e = err as AwsFailure;
    const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
    return serviceError(
      'S3',
      action,
      options.credentialId,
      { status, code: status === undefined ? undefined : e.name, message: e.message },
      err,
    );
  };
  return {
    kind: 's3',
    where,
    async list(): Promise<ExportObject[]> {
      const listed: { key: string; bytes: number }[] = [];
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          );
        } catch (err) {
          throw fail(`listing ${where}`, err);
        }
        for (const item of page.Contents ?? []) {
          if (item.Key !== undefined) listed.push({ key: item.Key, bytes: Number(item.Size ?? -1) });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return exportObjects(where, prefix, listed, (key) => `s3://${bucket}/${key}`);
    },
    async open(object): Promise<Readable> {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
        if (!res.Body) throw new Error('GetObject answered without a body');
        return res.Body as Readable;
      } catch (err) {
        throw fail(`reading ${object.name}`, err);
      }
    },
  };
}
