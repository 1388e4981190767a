import { Decimal } from 'decimal.js';
import { importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServiceAccount } from '../../testing/provider-credentials.js';
import { gcpBillingExportFormat } from '../../cloud/gcp-export.js';
import { bigQueryBillingSource } from './bigquery.js';
import { readExportObject } from './read.js';
import { startTestServer, type RecordedRequest, type Reply, type TestServer } from './testing.js';
import { isPermanent } from '../../errors/index.js';

const sa = testServiceAccount('cloudact-test-1');
const TABLE = 'billing-proj.billing_ds.gcp_billing_export_v1_0A1B2C_3D4E5F_6A7B8C';

/** An export row: the account, currency, invoice month and cost type every row here shares. */
const exportRow = (fields: { usage_start_time: string } & Record<string, unknown>) => ({
  billing_account_id: '0A1B2C-3D4E5F-6A7B8C',
  currency: 'USD',
  credits: [],
  invoice: { month: '202501' },
  cost_type: 'regular',
  ...fields,
});
const APP = { id: 'app-1', number: '123', name: 'App' };
const STORAGE = {
  service: { id: '95FF-2EF5-5EA1', description: 'Cloud Storage' },
  sku: { id: 'E5F0-6A5D-7BAD', description: 'Standard Storage' },
};

/** Rows as `TO_JSON_STRING(t)` writes them: money as JSON numbers with up to 17 significant digits. */
const exportRows = [
  exportRow({
    service: { id: '6F81-5844-456A', description: 'Compute Engine' },
    sku: { id: 'D973-5D65-BAB2', description: 'N1 Predefined Instance Core' },
    usage_start_time: '2025-01-01T10:00:00Z',
    usage_end_time: '2025-01-01T11:00:00Z',
    project: { ...APP, labels: [] },
    labels: [{ key: 'env', value: 'prod' }],
    cost: 0.1234, // written below with 17 significant digits, more than a double keeps
    usage: { amount: 3600, unit: 'seconds', amount_in_pricing_units: 1, pricing_unit: 'hour' },
    credits: [{ name: 'Sustained use', amount: -0.01234567890123456, type: 'SUSTAINED_USAGE_DISCOUNT' }],
  }),
  exportRow({
    ...STORAGE,
    usage_start_time: '2025-01-02T00:00:00Z',
    usage_end_time: '2025-01-02T01:00:00Z',
    project: APP,
    cost: 2.5e-7,
  }),
  exportRow({ ...STORAGE, usage_start_time: '2025-01-03T00:00:00Z', project: APP, cost: 1 }),
];
// JSON text exactly as BigQuery writes it (the literal digits, not a JS re-serialisation of them).
const jsonRows = exportRows.map((r) =>
  JSON.stringify(r).replace('"cost":0.1234,', '"cost":0.12345678901234567,').replace('2.5e-7', '2.5E-7'),
);

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=UTF-8' },
  body: JSON.stringify(body),
});
const PAGE = 2;
const resultSchema = { fields: [{ name: 'row', type: 'STRING', mode: 'NULLABLE' }] };
let issued = '';
let denyTable = false;
const queries: { query: string; params: Record<string, string> }[] = [];
const results = new Map<string, string[]>();

function page(jobId: string, offset: number) {
  const rows = results.get(jobId) ?? [];
  const slice = rows.slice(offset, offset + PAGE);
  return {
    jobReference: { projectId: 'cloudact-test-1', jobId, location: 'US' },
    jobComplete: true,
    schema: resultSchema,
    totalRows: String(rows.length),
    rows: slice.map((v) => ({ f: [{ v }] })),
    ...(offset + PAGE < rows.length ? { pageToken: `offset-${offset + PAGE}` } : {}),
  };
}

/** Google's token endpoint (JWT bearer grant, assertion verified) and BigQuery's REST API v2. */
async function google(req: RecordedRequest): Promise<Reply> {
  if (req.path === '/token') {
    const assertion = new URLSearchParams(req.body).get('assertion') ?? '';
    await jwtVerify(assertion, await importSPKI(sa.fake.public_key, 'RS256'));
    issued = `ya29.test-${Date.now()}`;
    return json(200, { access_token: issued, expires_in: 3599, token_type: 'Bearer' });
  }
  if (req.headers.authorization !== `Bearer ${issued}`)
    return json(401, {
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials.',
        status: 'UNAUTHENTICATED',
      },
    });
  const table = /^\/bq\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(req.path);
  if (req.method === 'GET' && table) {
    if (denyTable || `${table[1]}.${table[2]}.${table[3]}` !== TABLE) {
      return json(403, {
        error: {
          code: 403,
          message: `Access Denied: Table ${table[1]}:${table[2]}.${table[3]}: User does not have permission to query table.`,
          errors: [{ message: 'Access Denied', domain: 'global', reason: 'accessDenied' }],
          status: 'PERMISSION_DENIED',
        },
      });
    }
    return json(200, {
      kind: 'bigquery#table',
      tableReference: { projectId: table[1], datasetId: table[2], tableId: table[3] },
      timePartitioning: { type: 'DAY' },
      schema: {
        fields: [
          { name: 'usage_start_time', type: 'TIMESTAMP' },
          { name: 'cost', type: 'FLOAT' },
        ],
      },
    });
  }
  if (req.method === 'POST' && req.path === '/bq/bigquery/v2/projects/cloudact-test-1/queries') {
    const body = JSON.parse(req.body) as {
      query: string;
      queryParameters: { name: string; parameterValue: { value: string } }[];
    };
    const params = Object.fromEntries(body.queryParameters.map((p) => [p.name, p.parameterValue.value]));
    queries.push({ query: body.query, params });
    const t = (v: string) =>
      Date.parse(/(Z|[+-]\d\d(:?\d\d)?)$/.test(v) ? v.replace(' ', 'T') : `${v.replace(' ', 'T')}Z`);
    const rows = jsonRows.filter((_, k) => {
      const at = Date.parse(exportRows[k]!.usage_start_time);
      return at >= t(params.start!) && at < t(params.end!);
    });
    const jobId = `job_${queries.length}`;
    results.set(jobId, rows);
    return json(200, { kind: 'bigquery#queryResponse', ...page(jobId, 0) });
  }
  const results_ = /^\/bq\/bigquery\/v2\/projects\/cloudact-test-1\/queries\/([^/]+)$/.exec(req.path);
  if (req.method === 'GET' && results_) {
    const offset = Number((req.query.get('pageToken') ?? 'offset-0').slice(7));
    return json(200, { kind: 'bigquery#getQueryResultsResponse', ...page(results_[1]!, offset) });
  }
  return json(404, {
    error: { code: 404, message: `no route ${req.method} ${req.path}`, status: 'NOT_FOUND' },
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(google);
});
afterAll(() => server.close());

const source = (startDate: string, endDate: string, table = TABLE) =>
  bigQueryBillingSource(
    {
      table,
      jobProject: 'cloudact-test-1',
      startDate,
      endDate,
      apiEndpoint: `${server.url}/bq`,
      tokenUrl: `${server.url}/token`,
    },
    sa.credential,
    { credentialId: 'cred-gcp', timeoutMs: 5_000 },
  );

async function read(startDate: string, endDate: string) {
  const s = source(startDate, endDate);
  const rows: Record<string, unknown>[] = [];
  for (const object of await s.list()) {
    const options = { ...gcpBillingExportFormat.read, columns: gcpBillingExportFormat.columns };
    for await (const row of readExportObject(s, object, options))
      rows.push(gcpBillingExportFormat.toRaw(row));
  }
  return rows;
}

describe('bigquery billing source', () => {
  it('queries only the run dates with parameters and a partition bound, pages through the result, money exact', async () => {
    queries.length = 0;
    server.requests.length = 0;
    const rows = await read('2025-01-01', '2025-01-02');
    expect(queries).toHaveLength(1);
    const { query, params } = queries[0]!;
    expect(query).toBe(
      'SELECT TO_JSON_STRING(t) AS row FROM `billing-proj.billing_ds.gcp_billing_export_v1_0A1B2C_3D4E5F_6A7B8C` AS t ' +
        'WHERE t.usage_start_time >= @start AND t.usage_start_time < @end AND t._PARTITIONTIME >= TIMESTAMP_SUB(@start, INTERVAL 1 DAY)',
    );
    expect(Object.keys(params).sort()).toEqual(['end', 'start']);
    expect(new Date(params.start!).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(new Date(params.end!).toISOString()).toBe('2025-01-03T00:00:00.000Z');
    expect(rows.map((r) => [r.usage_date, r.cost, r.credits_total])).toEqual([
      ['2025-01-01', '0.12345678901234567', '-0.01234567890123456'],
      ['2025-01-02', '0.00000025', '0'],
    ]);
    const sum = rows.reduce(
      (s, r) => s.plus(r.cost as string).plus(r.credits_total as string),
      new Decimal(0),
    );
    expect(sum.toFixed()).toBe('0.11111136011111111');
    // Every BigQuery call carried the service account's bearer token.
    const api = server.requests.filter((r) => r.path.startsWith('/bq/'));
    expect(api.length).toBeGreaterThanOrEqual(2);
    for (const r of api) expect(r.headers.authorization).toBe(`Bearer ${issued}`);
  });

  it('follows page tokens (getQueryResults) over a longer window', async () => {
    server.requests.length = 0;
    const rows = await read('2025-01-01', '2025-01-31');
    expect(rows.map((r) => r.usage_date)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03']);
    expect(server.requests.some((r) => r.query.get('pageToken') === 'offset-2')).toBe(true);
  });

  it('a window without rows reads as no rows (not an empty-file error)', async () => {
    expect(await read('2024-06-01', '2024-06-02')).toEqual([]);
  });

  it('403 on the table is a permanent error naming the table and the credential', async () => {
    denyTable = true;
    try {
      const err = await read('2025-01-01', '2025-01-02').catch((e: unknown) => e);
      expect(isPermanent(err)).toBe(true);
      expect((err as Error).message).toMatch(
        /^BigQuery answered HTTP 403 when reading the schema of billing-proj\.billing_ds\.gcp_billing_export_v1_0A1B2C_3D4E5F_6A7B8C with credential cred-gcp \(accessDenied: Access Denied: Table/,
      );
    } finally {
      denyTable = false;
    }
  });

  it('a table name that is not project.dataset.table is refused before any call', () => {
    expect(() => source('2025-01-01', '2025-01-02', 'proj.ds.t` WHERE 1=1 --')).toThrow(
      /billing_export_table must be project\.dataset\.table/,
    );
  });
});
