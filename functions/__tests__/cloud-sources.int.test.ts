/**
 * aws/cost/billing end to end without CLOUD_EXPORTS_DIR: the CUR 2.0 sample, gzip'ed, is read from a local S3
 * (path style, SigV4 verified, one key per ListObjectsV2 page) through AWS_ENDPOINT_URL_S3 with the stored
 * credential; FOCUS BilledCost per day equals the file's unblended cost exactly. A truncated object fails the run
 * naming it and leaves the previous slice; a bucket the keys may not read fails naming the bucket and credential.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { fakeS3, startTestServer, type TestServer } from '../../shared/ports/billing-source/testing.js';
import { startFakeProviders, type FakeProviders } from '../../shared/testing/fake-providers.js';
import { testAwsKeys } from '../../shared/testing/provider-credentials.js';
import {
  fakeProviderEnv,
  focusTotalsByDay,
  type Org,
  runPipeline,
  runPipelineToCompletion,
  setupIntegration,
} from './helpers.js';
import { sample } from '../../shared/testing/samples.js';

const CUR2 = sample('aws-cur2-sample', 'sample-cur20.csv');
const aws = testAwsKeys();
const cur = existsSync(CUR2) ? readFileSync(CUR2) : Buffer.alloc(0);
const objects: Record<string, Buffer> = {
  'cur/acme/data/BILLING_PERIOD=2025-01/acme-00001.csv.gz': gzipSync(cur),
  'cur/acme/metadata/BILLING_PERIOD=2025-01/acme-Manifest.json': Buffer.from('{}'),
};

let fake: FakeProviders;
let s3: TestServer;
let p: TestPlatform;
beforeAll(async () => {
  fake = await startFakeProviders();
  s3 = await startTestServer(
    fakeS3({
      keys: aws.credential,
      pageSize: 1,
      denied: ['locked-bucket'],
      buckets: { 'cur-bucket': objects, 'locked-bucket': {} },
    }),
  );
  p = await startTestPlatform({ ...fakeProviderEnv(fake), AWS_ENDPOINT_URL_S3: s3.url });
});
afterAll(async () => {
  await p?.close();
  await s3?.close();
  await fake?.close();
});

const awsIntegration = (org: Org, bucket: string, prefix: string) =>
  setupIntegration(p, fake, org, 'aws', {
    valid: ['aws', [{ ...aws.fake, access: [bucket] }]],
    credential: aws.credential,
    config: { export_bucket: bucket, export_prefix: prefix, region: 'us-east-1' },
  });

/** Σ line_item_unblended_cost per `day|USD` of the sample, straight from the file. */
function sourceTotals() {
  const rows = parse(cur, { columns: true, relax_column_count: true }) as Record<string, string>[];
  const totals = new Map<string, Decimal>();
  for (const r of rows) {
    const key = `${r.line_item_usage_start_date!.slice(0, 10)}|USD`;
    totals.set(key, (totals.get(key) ?? new Decimal(0)).plus(r.line_item_unblended_cost!));
  }
  return Object.fromEntries([...totals].sort().map(([k, v]) => [k, v.toFixed()]));
}

describe.skipIf(cur.length === 0)('cloud billing sources: aws/cost/billing from S3', () => {
  it('reads the gzip CUR 2.0 export from S3 and reconciles BilledCost per day exactly', async () => {
    const org = await p.onboard();
    await awsIntegration(org, 'cur-bucket', 'cur/acme');
    s3.requests.length = 0;
    await runPipelineToCompletion(p, org, 'aws/cost/billing', '2025-01-01', '2025-01-31');
    const expected = sourceTotals();
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(await focusTotalsByDay(p, org)).toEqual(expected);
    // Listed page by page (2 keys, 1 per page), then the data object read; the manifest is never downloaded.
    expect(
      s3.requests.map((r) => `${r.method} ${r.path} ${r.query.get('continuation-token') ?? ''}`.trim()),
    ).toEqual([
      'GET /cur-bucket/',
      `GET /cur-bucket/ ${Buffer.from('1').toString('base64')}`,
      'GET /cur-bucket/cur/acme/data/BILLING_PERIOD=2025-01/acme-00001.csv.gz',
    ]);
    for (const r of s3.requests) expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIA/);

    // A truncated object next to it fails the run naming the object; the previous slice stays.
    objects['cur/acme/data/BILLING_PERIOD=2025-01/acme-00002.csv.gz'] = gzipSync(cur).subarray(
      0,
      Math.floor(gzipSync(cur).length / 2),
    );
    try {
      const failed = await runPipeline(p, org, 'aws/cost/billing', '2025-01-01', '2025-01-31');
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toContain(
        's3://cur-bucket/cur/acme/data/BILLING_PERIOD=2025-01/acme-00002.csv.gz: corrupt or truncated gzip',
      );
      expect(await focusTotalsByDay(p, org)).toEqual(expected);
    } finally {
      delete objects['cur/acme/data/BILLING_PERIOD=2025-01/acme-00002.csv.gz'];
    }
  });

  it('a bucket the keys may not read fails the run naming the bucket and the credential', async () => {
    const org = await p.onboard();
    const credential = await awsIntegration(org, 'locked-bucket', 'cur/');
    const run = await runPipeline(p, org, 'aws/cost/billing', '2025-01-01', '2025-01-31');
    expect(run.status).toBe('FAILED');
    expect(run.error).toContain(
      `S3 answered HTTP 403 when listing s3://locked-bucket/cur/ with credential ${credential} (AccessDenied: Access Denied).`,
    );
  });
});
