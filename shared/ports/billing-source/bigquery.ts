/**
 * `bigquery` billing source: the customer's Cloud Billing export table (standard or detailed), read with
 * @google-cloud/bigquery for the run's dates only. One parameterised query selects each row as
 * `TO_JSON_STRING(t)`, the same JSON the table's own JSON-lines export writes, so the GCP format reads it as the
 * one JSON-lines file it already knows: money stays the exact text BigQuery wrote (never a JS double), nested
 * records and repeated fields keep their shape. Rows stream page by page (jobs.query, then getQueryResults with
 * page tokens). The filter on `usage_start_time` plus a lower bound on the partition column prunes the scan.
 * The service account's token comes from GCP_OAUTH_TOKEN_URL; BIGQUERY_API_URL replaces the API endpoint.
 */
import { Readable } from 'node:stream';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import { CLOUD_PLATFORM_SCOPE, serviceAccountToken } from '../provider-check/google-token.js';
import type { Config } from '../../config/config.js';
import { serviceError } from './objects.js';
import type { BillingSource, ExportObject, SourceOptions } from './port.js';
import { isPermanent, isRetryable, permanent } from '../../errors/index.js';
import { addDays } from '../../time/day.js';

export interface BigQueryLocation {
  /** `project.dataset.table` (identifiers only: it is written into the SQL, backquoted). */
  table: string;
  /** The project that runs (and pays for) the query. */
  jobProject: string;
  /** The run's dates, inclusive (`YYYY-MM-DD`, UTC days of usage_start_time). */
  startDate: string;
  endDate: string;
  apiEndpoint: string;
  tokenUrl: string;
  /** The dataset's location, when the query must name it. */
  location?: string;
}

/** The GCP credential secret (a service-account key file). */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id: string;
}

const TABLE = /^([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z0-9_]{1,1024})\.([A-Za-z0-9_]{1,1024})$/;
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;
/** Tokens live an hour; ask for a new one a while before. */
const TOKEN_LIFETIME_MS = 50 * 60_000;

interface TableMetadata {
  timePartitioning?: { field?: string };
  schema?: { fields?: { name: string; type: string }[] };
}

/**
 * The lower bound on the table's partition column: billing rows are exported after their usage, so no partition
 * older than the day before the window can hold one of its rows (the day before: partition days need not be UTC).
 */
function partitionFilter(metadata: TableMetadata): string {
  const partitioning = metadata.timePartitioning;
  if (!partitioning) return '';
  const field = partitioning.field;
  if (field === undefined) return ' AND t._PARTITIONTIME >= TIMESTAMP_SUB(@start, INTERVAL 1 DAY)';
  if (field === 'usage_start_time' || !COLUMN.test(field)) return '';
  const type = metadata.schema?.fields?.find((f) => f.name === field)?.type;
  if (type === 'TIMESTAMP') return ` AND t.\`${field}\` >= TIMESTAMP_SUB(@start, INTERVAL 1 DAY)`;
  if (type === 'DATE') return ` AND t.\`${field}\` >= DATE_SUB(DATE(@start), INTERVAL 1 DAY)`;
  if (type === 'DATETIME') return ` AND t.\`${field}\` >= DATETIME_SUB(DATETIME(@start), INTERVAL 1 DAY)`;
  return '';
}

/** The API's own error message (the SDK joins several into "Multiple errors occurred…"). */
function apiMessage(e: { message?: string; response?: { body?: unknown } }): string | undefined {
  const body = e.response?.body;
  if (typeof body === 'string') {
    try {
      const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
      if (typeof message === 'string') return message;
    } catch {
      // not JSON: use the SDK's message
    }
  }
  return e.message?.split('\n')[0];
}

const nextDay = (day: string) => `${addDays(day, 1)}T00:00:00.000Z`;

interface TableId {
  project: string;
  dataset: string;
  tableId: string;
}

/** `project.dataset.table`, checked: its parts are written into the SQL. */
function tableOf(location: BigQueryLocation, credentialId: string): TableId {
  const match = TABLE.exec(location.table);
  if (!match) {
    throw permanent(
      `Credential ${credentialId}: billing_export_table must be project.dataset.table, not ${JSON.stringify(location.table)}.`,
    );
  }
  const [, project = '', dataset = '', tableId = ''] = match;
  return { project, dataset, tableId };
}

/** A BigQuery client authenticated as the service account (tokens from `location.tokenUrl`, refreshed early). */
function clientOf(location: BigQueryLocation, account: ServiceAccountKey, options: SourceOptions): BigQuery {
  const endpoints = {
    GCP_OAUTH_TOKEN_URL: location.tokenUrl,
    PROVIDER_TIMEOUT_MS: options.timeoutMs,
  } as Pick<Config, 'GCP_OAUTH_TOKEN_URL' | 'PROVIDER_TIMEOUT_MS'> as never;
  const auth = new OAuth2Client();
  auth.refreshHandler = async () => {
    const token = await serviceAccountToken(
      { provider: 'gcp', label: 'Google Cloud', endpoints, fetchFn: fetch, secrets: [account.private_key] },
      { ...account, type: 'service_account' } as never,
      CLOUD_PLATFORM_SCOPE,
    );
    if (!token.ok) {
      throw permanent(
        `Google Cloud refused the service account of credential ${options.credentialId}: ${token.reason}`,
      );
    }
    return { access_token: token.token, expiry_date: Date.now() + TOKEN_LIFETIME_MS };
  };
  return new BigQuery({
    projectId: location.jobProject,
    apiEndpoint: location.apiEndpoint.replace(/\/+$/, ''),
    authClient: auth,
    ...(location.location ? { location: location.location } : {}),
  });
}

/** A failed API call as the step's error (serviceError); the adapter's own AppErrors pass through. */
function failure(credentialId: string, action: string, err: unknown): unknown {
  if (isPermanent(err) || isRetryable(err)) return err;
  const e = err as {
    code?: unknown;
    errors?: { reason?: string }[];
    message?: string;
    response?: { body?: unknown };
  };
  const status = typeof e.code === 'number' && e.code >= 100 ? e.code : undefined;
  return serviceError(
    'BigQuery',
    action,
    credentialId,
    { status, code: status === undefined ? undefined : e.errors?.[0]?.reason, message: apiMessage(e) },
    err,
  );
}

/** The run's rows as JSON lines: the table's partitioning read first (for the pruning filter), then the query. */
async function queryLines(
  client: BigQuery,
  location: BigQueryLocation,
  { project, dataset, tableId }: TableId,
  credentialId: string,
): Promise<Readable> {
  let metadata: TableMetadata;
  try {
    [metadata] = (await client
      .dataset(dataset, { projectId: project })
      .table(tableId)
      .getMetadata()) as unknown as [TableMetadata];
  } catch (err) {
    throw failure(credentialId, `reading the schema of ${location.table}`, err);
  }
  const query =
    'SELECT TO_JSON_STRING(t) AS row FROM `' +
    `${project}.${dataset}.${tableId}` +
    '` AS t WHERE t.usage_start_time >= @start AND t.usage_start_time < @end' +
    partitionFilter(metadata);
  const rows = client.createQueryStream({
    query,
    params: {
      start: BigQuery.timestamp(`${location.startDate}T00:00:00Z`),
      end: BigQuery.timestamp(nextDay(location.endDate)),
    },
    types: { start: 'TIMESTAMP', end: 'TIMESTAMP' },
    useLegacySql: false,
    ...(location.location ? { location: location.location } : {}),
  });
  async function* lines(): AsyncGenerator<Buffer> {
    try {
      for await (const row of rows as AsyncIterable<{ row: string }>) yield Buffer.from(`${row.row}\n`);
    } catch (err) {
      throw failure(credentialId, `querying ${location.table}`, err);
    } finally {
      rows.destroy();
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

/** The export table as one JSON-lines "file" of the run's rows (no rows for days without data). */
export function bigQueryBillingSource(
  location: BigQueryLocation,
  account: ServiceAccountKey,
  options: SourceOptions,
): BillingSource {
  const table = tableOf(location, options.credentialId);
  const client = clientOf(location, account, options);
  const where = `bigquery://${location.table}`;
  const object: ExportObject = {
    name: `${where} (usage ${location.startDate}..${location.endDate})`,
    key: location.table,
    format: 'jsonl',
    bytes: -1,
    emptyIsNoRows: true,
  };
  return {
    kind: 'bigquery',
    where,
    list: async () => [object],
    open: () => queryLines(client, location, table, options.credentialId),
  };
}
