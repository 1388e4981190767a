/**
 * Step `extract-cloud-billing`: reads a cloud billing export for the run's dates into
 * `cloud_<provider>_billing_raw_daily`. The files stream into one transaction that replaces the run's slice
 * (org, pipeline, credential, run dates): a bad file (missing columns, a wrong type, an empty file, a truncated
 * gzip) fails the step with the file and the problem named, the transaction rolls back and the previous slice
 * stays as it was. Billing data is restated for days, so scheduled runs re-read a trailing window.
 *
 * Formats: shared/cloud/formats.ts. Source: the export location of the run's credential under CLOUD_EXPORTS_DIR
 * (`<dir>/<provider>/<bucket or container>/<prefix>`). Reading from the cloud itself (S3, Blob, Object Storage,
 * BigQuery) is not built yet.
 */
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';
import { listBillingFiles, readBillingFile } from '../cloud/files.js';
import { billingFormat, CLOUD_PROVIDERS, type BillingFormat } from '../cloud/formats.js';
import { PermanentError } from '../errors/index.js';
import { loadCredentialConfig } from '../integrations/store.js';
import type { StepRun } from '../pipelines/step-function.js';
import { lineage, orgDatasetOf, runSlice } from './common.js';

export const ExtractCloudBillingConfigSchema = z.strictObject({
  provider: z.enum(CLOUD_PROVIDERS),
  /** A format of shared/cloud/formats.ts for that provider, e.g. `cur` for AWS. */
  format: z.string().regex(/^[a-z0-9_]{1,40}$/),
});
type Config = z.output<typeof ExtractCloudBillingConfigSchema>;

/** The local directory of the credential's export under CLOUD_EXPORTS_DIR/<provider>/, never outside it. */
async function exportPath(run: StepRun<Config>, format: BillingFormat): Promise<string | null> {
  const { ctx, step } = run;
  const root = ctx.config.CLOUD_EXPORTS_DIR;
  if (!root) {
    throw new PermanentError(
      `No source for ${format.provider} billing exports: reading them from the cloud is not built yet; set CLOUD_EXPORTS_DIR to read exports from local files.`,
    );
  }
  if (!step.credential_id) throw new PermanentError(`${step.pipeline_id} needs an integration credential.`);
  const config = await loadCredentialConfig(ctx, step.org_slug, step.credential_id);
  let segments: string[] | null;
  try {
    segments = format.location(config);
  } catch (err) {
    throw new PermanentError(`Credential ${step.credential_id}: ${(err as Error).message}`);
  }
  if (segments === null) return null;
  const base = resolve(root, format.provider);
  const path = resolve(join(base, ...segments));
  if (path !== base && !path.startsWith(base + sep)) {
    throw new PermanentError(
      `The export location of credential ${step.credential_id} leaves CLOUD_EXPORTS_DIR.`,
    );
  }
  return path;
}

export async function extractCloudBilling(run: StepRun<Config>) {
  const { ctx, step, config } = run;
  const format = billingFormat(config.provider, config.format);
  if (!format) throw new PermanentError(`Unknown billing export format ${config.provider}/${config.format}.`);
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const path = await exportPath(run, format);
  const files = path === null ? [] : await listBillingFiles(path);
  const now = new Date();
  let read = 0;
  let written = 0;
  // Streamed: rows go from the files into the warehouse transaction without all being held in memory; a bad file
  // throws inside the stream, which rolls the transaction back (the previous slice stays).
  async function* rows() {
    for (const file of files) {
      for await (const row of readBillingFile(file, { ...format!.read, columns: format!.columns })) {
        read += 1;
        const raw = format!.toRaw(row);
        if (raw.usage_date < step.start_date || raw.usage_date > step.end_date) continue;
        written += 1;
        yield { ...raw, ...lineage(step, raw.usage_date, now) };
      }
    }
  }
  const wh = await ctx.warehouse();
  await wh.replaceSlice(dataset, format.table, runSlice(step), rows());
  await run.record('billing export read', {
    ...(path === null
      ? { note: `credential has no ${format.provider}/${format.format} export configured` }
      : {}),
    files: files.map((f) => f.path.split(sep).slice(-2).join('/')),
    rows_read: read,
    rows_in_run_dates: written,
  });
  return { rows_written: written };
}
