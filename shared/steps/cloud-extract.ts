/**
 * Step `extract-cloud-billing`: reads a cloud billing export for the run's dates into
 * `cloud_<provider>_billing_raw_daily`. The files stream into one transaction that replaces the run's slice
 * (org, pipeline, credential, run dates): a bad file (missing columns, a wrong type, an empty file, a truncated
 * gzip) fails the step with the file and the problem named, the transaction rolls back and the previous slice
 * stays as it was. Billing data is restated for days, so scheduled runs re-read a trailing window.
 *
 * Formats: shared/cloud/formats.ts. Source (shared/ports/billing-source/): the credential's export location under
 * CLOUD_EXPORTS_DIR (`<dir>/<provider>/<bucket or container>/<prefix>`) when that is set, otherwise the
 * provider's store read with the credential: S3, Azure Blob Storage, OCI Object Storage, or the GCP billing
 * export table in BigQuery (only the run's dates).
 */
import type { BillingFormat } from '../cloud/format.js';
import { billingFormat } from '../cloud/formats.js';
import { engineLoads, loadThroughEngine } from '../cloud/engine-load.js';
import type { StepConfig } from '../contracts/steps.js';
import { billingSourceFor } from '../ports/billing-source/open.js';
import type { ExportObject } from '../ports/billing-source/port.js';
import { readExportObject } from '../ports/billing-source/read.js';
import type { StepRun } from '../pipelines/step-function.js';
import { lineage, orgDatasetOf, runSlice } from './common.js';
import { permanent } from '../errors/index.js';

type Config = StepConfig<'extract-cloud-billing'>;

/** A file's name in the run log: the last two path segments (`prefix/file.csv.gz`). */
const shortName = (object: ExportObject) => object.name.split(/[\\/]/).slice(-2).join('/');

export async function extractCloudBilling(run: StepRun<Config>) {
  const { ctx, step, config } = run;
  const format = billingFormat(config.provider, config.format);
  if (!format) throw permanent(`Unknown billing export format ${config.provider}/${config.format}.`);
  if (!step.credential_id) throw permanent(`${step.pipeline_id} needs an integration credential.`);
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const source = await billingSourceFor(ctx, {
    orgSlug: step.org_slug,
    credentialId: step.credential_id,
    format,
    startDate: step.start_date,
    endDate: step.end_date,
  });
  const files = source === null ? [] : await source.list();
  const now = new Date();
  const wh = await ctx.warehouse();
  if (engineLoads(wh, format, source, files)) {
    // The warehouse engine reads the files and the format's SQL normalises them (shared/cloud/engine-load.ts).
    const written = await loadThroughEngine({
      wh,
      dataset,
      format,
      source: source!,
      files,
      slice: runSlice(step),
      params: {
        org_slug: step.org_slug,
        pipeline_id: step.pipeline_id,
        credential_id: step.credential_id,
        run_id: step.run_id,
        ingested_at: now.toISOString(),
        start_date: step.start_date,
        end_date: step.end_date,
      },
    });
    await run.record('billing export read', {
      source: source!.kind,
      reader: 'warehouse engine',
      files: files.map(shortName),
      rows_in_run_dates: written,
    });
    return { rows_written: written };
  }
  let read = 0;
  let written = 0;
  // Streamed: rows go from the files into the warehouse transaction without all being held in memory; a bad file
  // throws inside the stream, which rolls the transaction back (the previous slice stays).
  async function* rows() {
    for (const file of files) {
      // The reader applies toRaw, so a row it refuses is named by file, row and column.
      for await (const row of readExportObject(source!, file, {
        ...format!.read,
        columns: format!.columns,
        toRow: format!.toRaw,
      })) {
        read += 1;
        const raw = row as ReturnType<BillingFormat['toRaw']>;
        if (raw.usage_date < step.start_date || raw.usage_date > step.end_date) continue;
        written += 1;
        yield { ...raw, ...lineage(step, raw.usage_date, now) };
      }
    }
  }
  await wh.replaceSlice(dataset, format.table, runSlice(step), rows());
  await run.record('billing export read', {
    ...(source === null
      ? { note: `credential has no ${format.provider}/${format.format} export configured` }
      : { source: source.kind }),
    files: files.map(shortName),
    rows_read: read,
    rows_in_run_dates: written,
  });
  return { rows_written: written };
}
