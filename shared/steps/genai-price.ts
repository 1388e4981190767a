/**
 * Step `price-genai-usage`: prices the run's `genai_payg_usage_raw` rows with the price valid on each usage day
 * (the org's overrides first, then the public price book) into `genai_payg_costs_daily`, one line per bucket and
 * token type, replacing each day of the run as one slice. Usage without a price is written as unpriced lines and
 * listed in the run log, never costed at zero.
 */
import type { AppContext } from '../context.js';
import type { StepConfig } from '../contracts/steps.js';
import { genaiPaygCostsDaily, genaiPaygUsageRaw } from '../datasets/index.js';
import { priceRawRows } from '../genai/ingest/price.js';
import type { RawUsageRow } from '../genai/ingest/raw.js';
import { orgPriceBooks } from '../genai/overrides.js';
import { loadCredentialConfig } from '../integrations/store.js';
import type { StepRun } from '../pipelines/step-function.js';
import { datesBetween, lineage, orgDatasetOf } from './common.js';

/** Columns of the raw table read back for pricing (numbers and dates normalised by the warehouse port). */
const RAW_COLUMNS = genaiPaygUsageRaw.columns
  .map((c) => c.name)
  .filter((n) => !n.startsWith('x_') && n !== 'raw' && n !== 'usage_date');

/** The credential's deployment-name -> model map (Azure OpenAI `config.model_aliases`), if it has one. */
async function credentialAliases(ctx: AppContext, org: string, credentialId: string | null) {
  if (!credentialId) return undefined;
  const aliases = (await loadCredentialConfig(ctx, org, credentialId)).model_aliases;
  return aliases && typeof aliases === 'object' ? (aliases as Record<string, string>) : undefined;
}

export async function priceGenAiUsage(run: StepRun<StepConfig<'price-genai-usage'>>) {
  const { ctx, step } = run;
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const wh = await ctx.warehouse();
  const books = await orgPriceBooks(ctx, step.org_slug);
  const aliases = await credentialAliases(ctx, step.org_slug, step.credential_id);
  const now = new Date();
  let written = 0;
  let unpricedCount = 0;
  const unpricedModels = new Map<string, { reason: string; lines: number }>();
  for (const date of datesBetween(step.start_date, step.end_date)) {
    const raw = await wh.query<RawUsageRow & { x_genai_account_id: string | null }>(
      `SELECT CAST(usage_date AS STRING) AS usage_date, ${RAW_COLUMNS.map((c) => `\`${c}\``).join(', ')}, x_genai_account_id
       FROM ${wh.table(dataset, genaiPaygUsageRaw.name)}
       WHERE x_org_slug = @org AND x_pipeline_id = @pipeline AND x_credential_id IS NOT DISTINCT FROM @credential
         AND x_pipeline_run_date = CAST(@date AS DATE)
       ORDER BY usage_row_id`,
      { org: step.org_slug, pipeline: step.pipeline_id, credential: step.credential_id, date },
    );
    const rows = raw.map((r) => ({
      ...r,
      images: r.images === null ? null : Number(r.images),
      characters: r.characters === null ? null : Number(r.characters),
      seconds: r.seconds === null ? null : Number(r.seconds),
    }));
    const { lines, unpriced } = priceRawRows(rows, books, aliases ? { aliases } : {});
    const accounts = new Map(raw.map((r) => [r.usage_row_id, r.x_genai_account_id]));
    const out = lines.map((l) => ({
      ...l,
      ...lineage(step, date, now),
      x_genai_provider: l.provider,
      x_genai_account_id: accounts.get(l.usage_row_id) ?? null,
    }));
    await wh.replaceSlice(
      dataset,
      genaiPaygCostsDaily,
      {
        x_org_slug: step.org_slug,
        x_pipeline_id: step.pipeline_id,
        x_credential_id: step.credential_id,
        x_pipeline_run_date: date,
      },
      out,
    );
    written += out.length;
    unpricedCount += unpriced.length;
    for (const u of unpriced) {
      const key = `${u.provider}/${u.model ?? `(${u.usage_kind})`}`;
      const seen = unpricedModels.get(key) ?? { reason: u.unpriced_reason ?? '', lines: 0 };
      seen.lines += 1;
      unpricedModels.set(key, seen);
    }
  }
  await run.record('usage priced', {
    cost_lines: written,
    unpriced_lines: unpricedCount,
    ...(unpricedModels.size
      ? { unpriced: Object.fromEntries([...unpricedModels].map(([k, v]) => [k, v])) }
      : {}),
  });
  return { rows_written: written };
}
