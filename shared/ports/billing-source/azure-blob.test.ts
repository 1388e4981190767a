import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAzureApp } from '../../testing/provider-credentials.js';
import type { ColumnSpec } from '../../cloud/files/index.js';
import { azureBlobBillingSource } from './azure-blob.js';
import { readExportObject } from './read.js';
import {
  selfSignedCert,
  startTestServer,
  type RecordedRequest,
  type Reply,
  type TestServer,
} from './testing.js';
import { isPermanent } from '../../errors/index.js';

// Bearer tokens go over https only (the SDK refuses http): the local server has a self-signed certificate.
const previousTls = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const app = testAzureApp();
const columns: ColumnSpec[] = [
  { name: 'Date', type: 'date', required: true },
  { name: 'CostInBillingCurrency', type: 'decimal', required: true },
];
const csv = (rows: [string, string][]) =>
  `\ufeffDate,CostInBillingCurrency\n${rows.map((r) => r.join(',')).join('\n')}\n`;
const blobs: Record<string, Buffer> = {
  'costs/daily/202501/part_0_0001.csv.gz': gzipSync(
    csv([
      ['01/01/2025', '0.000123456789012345678'],
      ['01/02/2025', '12.5'],
    ]),
  ),
  'costs/daily/202501/part_1_0001.csv': Buffer.from(csv([['01/03/2025', '1']])),
  'costs/daily/202501/manifest.json': Buffer.from('{}'),
  'costs/daily/202501/part_2_0001.csv': Buffer.from(csv([['01/04/2025', '2']])),
  'other/x.csv': Buffer.from(csv([['01/01/2025', '9']])),
};
let token = '';
const xml = (status: number, body: string, code?: string): Reply => ({
  status,
  headers: {
    'content-type': 'application/xml',
    'x-ms-version': '2025-01-05',
    'x-ms-request-id': '00000000-0000-0000-0000-000000000001',
    ...(code ? { 'x-ms-error-code': code } : {}),
  },
  body: `\ufeff<?xml version="1.0" encoding="utf-8"?>${body}`,
});
const storageError = (status: number, code: string, message: string) =>
  xml(
    status,
    `<Error><Code>${code}</Code><Message>${message}\nRequestId:00000000-0000-0000-0000-000000000001\nTime:2025-02-01T00:00:00.0000000Z</Message></Error>`,
    code,
  );

/** Entra ID (OpenID metadata + client credentials token) and Blob Storage (List Blobs, Get Blob), path-style. */
function azure(req: RecordedRequest): Reply {
  const tenant = app.tenant_id;
  const base = `https://127.0.0.1:${String(req.headers.host).split(':')[1]}`;
  if (req.path === `/${tenant}/v2.0/.well-known/openid-configuration`) {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        issuer: `${base}/${tenant}/v2.0`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: ['client_secret_post'],
        response_types_supported: ['code'],
      }),
    };
  }
  if (req.method === 'POST' && req.path === `/${tenant}/oauth2/v2.0/token`) {
    const form = new URLSearchParams(req.body);
    if (form.get('client_id') !== app.client_id || form.get('client_secret') !== app.client_secret) {
      return {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: 'invalid_client',
          error_description:
            'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
          error_codes: [7000215],
        }),
      };
    }
    expect(form.get('scope')).toBe('https://storage.azure.com/.default');
    token = `eyJ0eXAiOiJKV1Qi.test.${Date.now()}`;
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: token,
      }),
    };
  }
  if (req.headers.authorization !== `Bearer ${token}`)
    return storageError(
      401,
      'InvalidAuthenticationInfo',
      'Authentication information is not given in the correct format.',
    );
  const [, account, container, ...rest] = req.path.split('/');
  if (account !== 'costexports' || container !== 'exports') {
    return storageError(
      403,
      'AuthorizationPermissionMismatch',
      'This request is not authorized to perform this operation using this permission.',
    );
  }
  if (rest.length === 0 && req.query.get('comp') === 'list') {
    const prefix = req.query.get('prefix') ?? '';
    const names = Object.keys(blobs)
      .filter((n) => n.startsWith(prefix))
      .sort();
    const start = Number(req.query.get('marker') ?? '0');
    const page = names.slice(start, start + 2);
    const next = start + 2 < names.length ? String(start + 2) : '';
    const items = page
      .map(
        (n) =>
          `<Blob><Name>${n}</Name><Properties><Creation-Time>Sat, 01 Feb 2025 00:00:00 GMT</Creation-Time><Last-Modified>Sat, 01 Feb 2025 00:00:00 GMT</Last-Modified><Etag>0x8DD0000000000</Etag><Content-Length>${blobs[n]!.length}</Content-Length><Content-Type>application/octet-stream</Content-Type><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted></Properties><OrMetadata /></Blob>`,
      )
      .join('');
    return xml(
      200,
      `<EnumerationResults ServiceEndpoint="${base}/costexports/" ContainerName="exports"><Prefix>${prefix}</Prefix>${req.query.get('marker') ? `<Marker>${req.query.get('marker')}</Marker>` : ''}<Blobs>${items}</Blobs><NextMarker>${next}</NextMarker></EnumerationResults>`,
    );
  }
  const body = blobs[rest.join('/')];
  if (req.method === 'GET' && body) {
    return {
      status: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
        'x-ms-blob-type': 'BlockBlob',
        etag: '"0x8DD0000000000"',
        'last-modified': 'Sat, 01 Feb 2025 00:00:00 GMT',
        'x-ms-version': '2025-01-05',
        'x-ms-request-id': '00000000-0000-0000-0000-000000000002',
      },
      body,
    };
  }
  return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(azure, selfSignedCert());
});
afterAll(async () => {
  await server.close();
  if (previousTls === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previousTls;
});

const source = (account = 'costexports', secret = app.client_secret) =>
  azureBlobBillingSource(
    {
      account,
      container: 'exports',
      path: ['costs/daily'],
      endpoint: server.url,
      environment: 'test',
      authorityHost: server.url,
    },
    { ...app, client_secret: secret },
    { credentialId: 'cred-az', timeoutMs: 5_000 },
  );

describe('azure_blob billing source', () => {
  it('lists the export blobs under the prefix across pages (NextMarker), with a bearer token', async () => {
    server.requests.length = 0;
    const listed = await source().list();
    expect(listed.map((o) => [o.name, o.format])).toEqual([
      ['azure://costexports/exports/costs/daily/202501/part_0_0001.csv.gz', 'csv.gz'],
      ['azure://costexports/exports/costs/daily/202501/part_1_0001.csv', 'csv'],
      ['azure://costexports/exports/costs/daily/202501/part_2_0001.csv', 'csv'],
    ]);
    const lists = server.requests.filter((r) => r.query.get('comp') === 'list');
    expect(lists.map((r) => [r.query.get('prefix'), r.query.get('marker')])).toEqual([
      ['costs/daily/', null],
      ['costs/daily/', '2'],
    ]);
    for (const r of lists) expect(r.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('streams a .csv.gz blob into exact rows', async () => {
    const s = source();
    const [first] = await s.list();
    const rows: Record<string, unknown>[] = [];
    for await (const row of readExportObject(s, first!, { columns })) rows.push(row);
    expect(rows).toEqual([
      { Date: '2025-01-01', CostInBillingCurrency: '0.000123456789012345678' },
      { Date: '2025-01-02', CostInBillingCurrency: '12.5' },
    ]);
  });

  it('a refused container, a missing blob and a wrong client secret are permanent errors naming them and the credential', async () => {
    const denied = await source('otheraccount')
      .list()
      .catch((e: unknown) => e);
    expect(isPermanent(denied)).toBe(true);
    expect((denied as Error).message).toMatch(
      /^Azure Blob Storage answered HTTP 403 when listing azure:\/\/otheraccount\/exports\/costs\/daily\/ with credential cred-az \(AuthorizationPermissionMismatch: This request is not authorized/,
    );
    const gone = {
      name: 'azure://costexports/exports/costs/gone.csv',
      key: 'costs/gone.csv',
      format: 'csv' as const,
      bytes: 4,
    };
    const missing = await source()
      .open(gone)
      .catch((e: unknown) => e);
    expect(isPermanent(missing)).toBe(true);
    expect((missing as Error).message).toMatch(
      /HTTP 404 when reading azure:\/\/costexports\/exports\/costs\/gone\.csv with credential cred-az \(BlobNotFound/,
    );
    const refused = await source('costexports', 'Qx8~wrong-wrong-wrong-wrong')
      .list()
      .catch((e: unknown) => e);
    expect(isPermanent(refused)).toBe(true);
    expect((refused as Error).message).toMatch(
      /^Microsoft Entra ID answered HTTP 401 when listing azure:\/\/costexports\/exports\/costs\/daily\/ with credential cred-az/,
    );
    expect((refused as Error).message).toContain('AADSTS7000215: Invalid client secret provided.');
    expect((refused as Error).message).not.toContain('wrong-wrong');
  });
});
