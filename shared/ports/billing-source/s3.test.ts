import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingFileError, type ColumnSpec } from '../../cloud/files/index.js';
import { readExportObject } from './read.js';
import { s3BillingSource, type AwsKeys } from './s3.js';
import { fakeS3, startTestServer, type TestServer } from './testing.js';
import { isPermanent, isRetryable } from '../../errors/index.js';

const keys: AwsKeys = {
  access_key_id: 'AKIATESTKEY000000001',
  secret_access_key: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0',
};
const columns: ColumnSpec[] = [
  { name: 'day', type: 'date', required: true },
  { name: 'cost', type: 'decimal', required: true },
];
const csv = (rows: [string, string][]) => `day,cost\n${rows.map((r) => r.join(',')).join('\n')}\n`;
const options = { credentialId: 'cred-1', timeoutMs: 5_000 };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(
    fakeS3({
      keys,
      pageSize: 2,
      denied: ['locked'],
      buckets: {
        exports: {
          'cur/.hidden/x.csv': Buffer.from(csv([['2025-01-01', '1']])),
          'cur/data/BILLING_PERIOD=2025-01/part-1.csv.gz': gzipSync(
            csv([
              ['2025-01-01', '0.0000000123456789012'],
              ['2025-01-02', '1.50'],
            ]),
          ),
          'cur/data/BILLING_PERIOD=2025-01/part-2.csv': Buffer.from(csv([['2025-01-03', '2e-3']])),
          'cur/data/BILLING_PERIOD=2025-01/part-3.csv.gz': gzipSync(csv([['2025-01-04', '3']])).subarray(
            0,
            20,
          ),
          'cur/metadata/cur-Manifest.json': Buffer.from('{}'),
          'cur/readme.txt': Buffer.from('not billing'),
          'cur2/other.csv': Buffer.from(csv([['2025-01-01', '9']])),
        },
        empty: { 'cur/readme.txt': Buffer.from('x') },
        locked: { 'cur/a.csv': Buffer.from(csv([['2025-01-01', '1']])) },
      },
    }),
  );
});
afterAll(() => server.close());

const source = (bucket: string, path: string[], k = keys) =>
  s3BillingSource({ bucket, path, region: 'us-east-1', endpoint: server.url }, k, options);

async function rows(bucket: string, key: string) {
  const s = source(bucket, ['cur']);
  const object = (await s.list()).find((o) => o.key === key)!;
  const out: Record<string, unknown>[] = [];
  for await (const row of readExportObject(s, object, { columns })) out.push(row);
  return out;
}

describe('s3 billing source', () => {
  it('lists the export files under the prefix across ListObjectsV2 pages, signed with SigV4', async () => {
    server.requests.length = 0;
    const listed = await source('exports', ['cur/']).list();
    expect(listed.map((o) => [o.name, o.format, o.bytes > 0])).toEqual([
      ['s3://exports/cur/data/BILLING_PERIOD=2025-01/part-1.csv.gz', 'csv.gz', true],
      ['s3://exports/cur/data/BILLING_PERIOD=2025-01/part-2.csv', 'csv', true],
      ['s3://exports/cur/data/BILLING_PERIOD=2025-01/part-3.csv.gz', 'csv.gz', true],
    ]);
    // 6 keys under `cur/` (not `cur2/`), 2 per page: 3 pages, the later ones with the previous page's token.
    expect(
      server.requests.map((r) => [r.path, r.query.get('prefix'), r.query.get('continuation-token')]),
    ).toEqual([
      ['/exports/', 'cur/', null],
      ['/exports/', 'cur/', 'Mg=='],
      ['/exports/', 'cur/', 'NA=='],
    ]);
    for (const r of server.requests) {
      expect(r.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIATESTKEY000000001\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
      );
    }
  });

  it('streams a .csv.gz object into typed rows, exactly', async () => {
    expect(await rows('exports', 'cur/data/BILLING_PERIOD=2025-01/part-1.csv.gz')).toEqual([
      { day: '2025-01-01', cost: '0.0000000123456789012' },
      { day: '2025-01-02', cost: '1.5' },
    ]);
    expect(await rows('exports', 'cur/data/BILLING_PERIOD=2025-01/part-2.csv')).toEqual([
      { day: '2025-01-03', cost: '0.002' },
    ]);
  });

  it('a truncated gzip object fails naming the object', async () => {
    const err = await rows('exports', 'cur/data/BILLING_PERIOD=2025-01/part-3.csv.gz').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BillingFileError);
    expect((err as Error).message).toMatch(
      /^billing file s3:\/\/exports\/cur\/data\/BILLING_PERIOD=2025-01\/part-3\.csv\.gz: corrupt or truncated gzip/,
    );
  });

  it('sends the session token of temporary keys', async () => {
    server.requests.length = 0;
    await source('exports', ['cur'], { ...keys, session_token: 'FwoGZXIvYXdzEXAMPLETOKEN' }).list();
    expect(server.requests[0]!.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLETOKEN');
  });

  it('a prefix without billing files is an error naming the location', async () => {
    await expect(source('empty', ['cur']).list()).rejects.toThrow(
      /^billing file s3:\/\/empty\/cur\/: holds no billing file/,
    );
  });

  it('403 and 404 are permanent errors naming the bucket or key and the credential', async () => {
    const denied = await source('locked', ['cur'])
      .list()
      .catch((e: unknown) => e);
    expect(isPermanent(denied)).toBe(true);
    expect((denied as Error).message).toMatch(
      /^S3 answered HTTP 403 when listing s3:\/\/locked\/cur\/ with credential cred-1 \(AccessDenied: Access Denied\)/,
    );
    const missing = await source('nope', ['cur'])
      .list()
      .catch((e: unknown) => e);
    expect(isPermanent(missing)).toBe(true);
    expect((missing as Error).message).toMatch(
      /HTTP 404 when listing s3:\/\/nope\/cur\/ with credential cred-1 \(NoSuchBucket/,
    );
    const badKeys = await source('exports', ['cur'], {
      ...keys,
      secret_access_key: 'wrong-secret-wrong-secret',
    })
      .list()
      .catch((e: unknown) => e);
    expect((badKeys as Error).message).toMatch(/HTTP 403 .*cred-1 \(SignatureDoesNotMatch/);
    const s = source('exports', ['cur']);
    const gone = { name: 's3://exports/cur/gone.csv', key: 'cur/gone.csv', format: 'csv' as const, bytes: 5 };
    const err = await s.open(gone).catch((e: unknown) => e);
    expect(isPermanent(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /HTTP 404 when reading s3:\/\/exports\/cur\/gone\.csv with credential cred-1 \(NoSuchKey/,
    );
  });

  it('no answer is a transient error (the step is retried)', async () => {
    const down = await startTestServer(() => ({ status: 200 }));
    await down.close();
    const s = s3BillingSource(
      { bucket: 'exports', path: ['cur'], region: 'us-east-1', endpoint: down.url },
      keys,
      options,
    );
    const err = await s.list().catch((e: unknown) => e);
    expect(isRetryable(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^S3 could not be reached when listing s3:\/\/exports\/cur\/ with credential cred-1/,
    );
  });
});
