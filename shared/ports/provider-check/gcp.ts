import { z } from 'zod';
import { GcpConfigSchema as ConfigSchema } from '../../contracts/provider-schemas.js';
import { defineAdapter } from './define.js';
import { CLOUD_PLATFORM_SCOPE, serviceAccountCredential, serviceAccountToken } from './google-token.js';
import { callProvider, parseBody, joinUrl } from './http.js';

const BILLING_ACCOUNT = /^gcp_billing_export(?:_resource)?_v1_([0-9A-F]{6})_([0-9A-F]{6})_([0-9A-F]{6})$/;

const JobSchema = z.object({
  statistics: z.object({ totalBytesProcessed: z.string().optional() }).optional(),
});

/** GCP service account: token exchange, then a BigQuery dry-run `SELECT 1` on the billing export table (free). */
export const gcpAdapter = defineAdapter('gcp', 'Google Cloud', {
  credential: serviceAccountCredential,
  configSchema: ConfigSchema,
  async check(sa, config, ctx) {
    const token = await serviceAccountToken(ctx, sa, CLOUD_PLATFORM_SCOPE);
    if (!token.ok) return token;
    const table = config.billing_export_table;
    const jobProject = config.job_project_id ?? sa.project_id;
    const step = `BigQuery dry run on ${table}`;
    const res = await callProvider(
      token.ctx,
      step,
      joinUrl(ctx.endpoints.BIGQUERY_API_URL, `bigquery/v2/projects/${jobProject}/jobs`),
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          configuration: {
            dryRun: true,
            query: { query: `SELECT 1 FROM \`${table}\` LIMIT 1`, useLegacySql: false },
          },
        }),
      },
    );
    if (!res.ok) return res;
    const job = parseBody(token.ctx, step, res.response, JobSchema);
    const billing = BILLING_ACCOUNT.exec(table.split('.')[2] ?? '');
    return {
      ok: true,
      account_id: billing ? billing.slice(1, 4).join('-') : null,
      details: {
        service_account: sa.client_email,
        table,
        job_project: jobProject,
        bytes_processed: Number(job.statistics?.totalBytesProcessed ?? 0),
      },
    };
  },
});
