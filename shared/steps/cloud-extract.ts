/**
 * Step `extract-cloud-billing`: reads a cloud billing export for the run's dates into
 * `cloud_<provider>_billing_raw_daily`. Every file is read to the end before anything is written, then the run's
 * slice (org, pipeline, credential, run dates) is replaced in one transaction: a bad file (missing columns, a
 * wrong type, an empty file, a truncated gzip) fails the step with the file and the problem named, and the
 * previous slice stays as it was. Billing data is restated for days, so scheduled runs re-read a trailing window.
 *
 * Source: the export location of the run's credential (AWS `export_bucket` / `export_prefix`) under
 * CLOUD_EXPORTS_DIR (`<dir>/aws/<bucket>/<prefix>`). Reading from the cloud itself (S3) is not built yet.
 */
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { AWS_CUR_COLUMNS, curRawRow } from '../cloud/aws-cur.js';
import { listBillingFiles, readBillingFile } from '../cloud/files.js';
import { cloudAwsBillingRawDaily } from '../datasets/index.js';
import { PermanentError } from '../errors/index.js';
import type { StepRun } from '../pipelines/step-function.js';
import { lineage, orgDatasetOf, runSlice } from './common.js';

export const ExtractCloudBillingConfigSchema = z.strictObject({
  provider: z.literal('aws'),
  /** `cur`: CUR 2.0 / Data Exports or legacy CUR files (CSV, CSV.gz, Parquet). */
  format: z.literal('cur'),
});
type Config = z.output<typeof ExtractCloudBillingConfigSchema>;

/** The local directory of the credential's export: `<CLOUD_EXPORTS_DIR>/aws/<bucket>/<prefix>`, never outside it. */
async function exportPath(run: StepRun<Config>): Promise<string> {
  const { ctx, step } = run;
  const root = ctx.config.CLOUD_EXPORTS_DIR;
  if (!root) {
    throw new PermanentError(
      'No source for AWS billing exports: reading S3 is not built yet; set CLOUD_EXPORTS_DIR to read exports from local files.',
    );
  }
  if (!step.credential_id) throw new PermanentError('aws/cost/billing needs an AWS integration credential.');
  const { rows } = await (
    await ctx.db()
  ).query<{ config: { export_bucket?: string; export_prefix?: string } | null }>(
    'SELECT config FROM org_integration_credentials WHERE org_slug = $1 AND credential_id = $2',
    [step.org_slug, step.credential_id],
  );
  const config = rows[0]?.config;
  if (!config?.export_bucket)
    throw new PermanentError(`Credential ${step.credential_id} has no export_bucket.`);
  const base = resolve(root, 'aws');
  const path = resolve(join(base, config.export_bucket, config.export_prefix ?? ''));
  if (path !== base && !path.startsWith(base + sep)) {
    throw new PermanentError(
      `The export location of credential ${step.credential_id} leaves CLOUD_EXPORTS_DIR.`,
    );
  }
  return path;
}

export async function extractCloudBilling(run: StepRun<Config>) {
  const { ctx, step } = run;
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const files = await listBillingFiles(await exportPath(run));
  const now = new Date();
  const out: Record<string, unknown>[] = [];
  let read = 0;
  for (const file of files) {
    for await (const row of readBillingFile(file, { columns: AWS_CUR_COLUMNS, keepOther: true })) {
      read += 1;
      const raw = curRawRow(row);
      if (raw.usage_date < step.start_date || raw.usage_date > step.end_date) continue;
      out.push({ ...raw, ...lineage(step, raw.usage_date, now) });
    }
  }
  const wh = await ctx.warehouse();
  await wh.replaceSlice(dataset, cloudAwsBillingRawDaily, runSlice(step), out);
  await run.record('billing export read', {
    files: files.map((f) => f.path.split(sep).slice(-2).join('/')),
    rows_read: read,
    rows_in_run_dates: out.length,
  });
  return { rows_written: out.length };
}
