import { createPublicKey, createVerify } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOciKey } from '../../testing/provider-credentials.js';
import type { ColumnSpec } from '../../cloud/files/index.js';
import { ociBillingSource } from './oci-object-storage.js';
import { readExportObject } from './read.js';
import { startTestServer, type RecordedRequest, type Reply, type TestServer } from './testing.js';
import { isPermanent } from '../../errors/index.js';

const oci = testOciKey();
const other = testOciKey();
const columns: ColumnSpec[] = [
  { name: 'ChargePeriodStart', type: 'timestamp', required: true },
  { name: 'BilledCost', type: 'decimal', required: true },
];
const report = (rows: [string, string][]) =>
  gzipSync(`ChargePeriodStart,BilledCost\n${rows.map((r) => r.join(',')).join('\n')}\n`);
const objects: Record<string, Buffer> = {
  'FOCUS Reports/2025/01/01/0001.csv.gz': report([['2025-01-01T00:00Z', '2.323760000E-9']]),
  'FOCUS Reports/2025/01/02/0002.csv.gz': report([
    ['2025-01-02T00:00Z', '0.1'],
    ['2025-01-02T01:00Z', '0.2'],
  ]),
  'FOCUS Reports/2025/01/03/0003.csv.gz': report([['2025-01-03T00:00Z', '3']]),
  'reports/cost-csv/0001.csv.gz': report([['2025-01-01T00:00Z', '9']]),
};
const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json', 'opc-request-id': 'fake/1' },
  body: JSON.stringify(body),
});

/** Verifies the OCI HTTP signature (draft-cavage, rsa-sha256) against the test key. */
function signed(req: RecordedRequest): boolean {
  const sig = Object.fromEntries(
    [...String(req.headers.authorization ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  if (
    sig.keyId !== oci.fake.key_id ||
    sig.algorithm !== 'rsa-sha256' ||
    !sig.headers?.includes('(request-target)')
  )
    return false;
  const lines = sig.headers
    .split(' ')
    .map((h: string) =>
      h === '(request-target)'
        ? `${h}: ${req.method.toLowerCase()} ${req.url}`
        : `${h}: ${String(req.headers[h] ?? '')}`,
    );
  return createVerify('RSA-SHA256')
    .update(lines.join('\n'))
    .verify(createPublicKey(oci.fake.public_key), sig.signature ?? '', 'base64');
}

/** Object Storage's REST API: ListObjects (JSON, `nextStartWith`, 2 per page) and GetObject. */
function objectStorage(req: RecordedRequest): Reply {
  if (!signed(req))
    return json(401, {
      code: 'NotAuthenticated',
      message: 'The required information to complete authentication was not provided or was incorrect.',
    });
  const m = /^\/oci\/n\/([^/]+)\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(req.path);
  if (!m) return json(404, { code: 'NotFound', message: 'no route' });
  const [, namespace, bucket, name] = m;
  if (namespace !== 'bling' || bucket !== oci.credential.tenancy_ocid) {
    return json(404, {
      code: 'BucketNotFound',
      message: `Either the bucket named '${bucket}' does not exist in the namespace '${namespace}' or you are not authorized to access it`,
    });
  }
  if (name !== undefined) {
    const body = objects[name];
    if (!body)
      return json(404, {
        code: 'ObjectNotFound',
        message: `The object '${name}' was not found in the bucket '${bucket}'`,
      });
    return {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(body.length) },
      body,
    };
  }
  const prefix = req.query.get('prefix') ?? '';
  const start = req.query.get('start') ?? '';
  const names = Object.keys(objects)
    .filter((n) => n.startsWith(prefix) && n >= start)
    .sort();
  const page = names.slice(0, 2);
  return json(200, {
    objects: page.map((n) => ({ name: n, size: objects[n]!.length })),
    ...(names.length > 2 ? { nextStartWith: names[2] } : {}),
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(objectStorage);
});
afterAll(() => server.close());

const source = (key = oci.credential, bucket = oci.credential.tenancy_ocid) =>
  ociBillingSource(
    {
      namespace: 'bling',
      bucket,
      path: ['FOCUS Reports'],
      region: 'us-ashburn-1',
      endpoint: `${server.url}/oci`,
    },
    key,
    { credentialId: 'cred-oci', timeoutMs: 5_000 },
  );

describe('oci_object_storage billing source', () => {
  it('lists the FOCUS reports across pages (nextStartWith), with signed requests', async () => {
    server.requests.length = 0;
    const listed = await source().list();
    const bucket = oci.credential.tenancy_ocid;
    expect(listed.map((o) => o.name)).toEqual([
      `oci://bling/${bucket}/FOCUS Reports/2025/01/01/0001.csv.gz`,
      `oci://bling/${bucket}/FOCUS Reports/2025/01/02/0002.csv.gz`,
      `oci://bling/${bucket}/FOCUS Reports/2025/01/03/0003.csv.gz`,
    ]);
    expect(server.requests.map((r) => [r.query.get('prefix'), r.query.get('start')])).toEqual([
      ['FOCUS Reports/', null],
      ['FOCUS Reports/', 'FOCUS Reports/2025/01/03/0003.csv.gz'],
    ]);
    for (const r of server.requests) {
      expect(r.headers.authorization).toMatch(
        /^Signature version="1",keyId="ocid1\.tenancy\.[^"]+",algorithm="rsa-sha256"/,
      );
    }
  });

  it('streams a .csv.gz report into exact rows', async () => {
    const s = source();
    const [first, second] = await s.list();
    const rows: Record<string, unknown>[] = [];
    for (const object of [first!, second!])
      for await (const row of readExportObject(s, object, { columns })) rows.push(row);
    expect(rows).toEqual([
      { ChargePeriodStart: '2025-01-01T00:00:00Z', BilledCost: '0.00000000232376' },
      { ChargePeriodStart: '2025-01-02T00:00:00Z', BilledCost: '0.1' },
      { ChargePeriodStart: '2025-01-02T01:00:00Z', BilledCost: '0.2' },
    ]);
  });

  it('a bucket it may not read and an unknown key are permanent errors naming bucket and credential', async () => {
    const err = await source(oci.credential, 'other-bucket')
      .list()
      .catch((e: unknown) => e);
    expect(isPermanent(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^OCI Object Storage answered HTTP 404 when listing oci:\/\/bling\/other-bucket\/FOCUS Reports\/ with credential cred-oci \(BucketNotFound: Either the bucket named 'other-bucket'/,
    );
    const unsigned = await source({ ...other.credential, tenancy_ocid: oci.credential.tenancy_ocid })
      .list()
      .catch((e: unknown) => e);
    expect(isPermanent(unsigned)).toBe(true);
    expect((unsigned as Error).message).toMatch(/HTTP 401 .*cred-oci \(NotAuthenticated/);
    const s = source();
    const gone = {
      name: 'oci://bling/x/FOCUS Reports/gone.csv.gz',
      key: 'FOCUS Reports/gone.csv.gz',
      format: 'csv.gz' as const,
      bytes: 3,
    };
    const missing = await s.open(gone).catch((e: unknown) => e);
    expect(isPermanent(missing)).toBe(true);
    expect((missing as Error).message).toMatch(
      /HTTP 404 when reading oci:\/\/bling\/x\/FOCUS Reports\/gone\.csv\.gz with credential cred-oci \(ObjectNotFound/,
    );
  });
});
