/**
 * Step `price-genai-usage`: prices the run's `genai_payg_usage_raw` rows with the price valid on each usage day
 * (the org's overrides first, then the public price book) into `genai_payg_costs_daily`, one line per bucket and
 * token type, replacing the run's dates as one slice. Usage without a price is written as unpriced lines and
 * listed in the run log, never costed at zero.
 *
 * The rows never pass through JS one by one: one representative per group of alike rows is priced by
 * priceRawRow, and the warehouse multiplies every row's quantities by its group's unit prices
 * (shared/genai/ingest/price-run.ts, price-groups.ts).
 */
import type { AppContext } from '../context.js';
import type { StepConfig } from '../contracts/steps.js';
import { priceRunInWarehouse } from '../genai/ingest/price-run.js';
import { orgPriceBooks } from '../genai/overrides.js';
import { loadCredentialConfig } from '../integrations/store.js';
import type { StepRun } from '../pipelines/step-function.js';
import { orgDatasetOf } from './common.js';

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
  const scope = {
    org: step.org_slug,
    pipeline: step.pipeline_id,
    credential: step.credential_id,
    runId: step.run_id,
    start: step.start_date,
    end: step.end_date,
  };
  const { written, unpriced } = await priceRunInWarehouse(
    wh,
    dataset,
    scope,
    books,
    aliases ? { aliases } : {},
  );
  await run.record('usage priced', {
    cost_lines: written,
    unpriced_lines: unpriced.count,
    ...(unpriced.models.size ? { unpriced: Object.fromEntries(unpriced.models) } : {}),
  });
  return { rows_written: written };
}
