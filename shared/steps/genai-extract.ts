/**
 * Step `extract-genai-usage`: reads a GenAI provider's usage for the run's dates (the provider's usage API with
 * the run's credential, or usage imported through the API) into `genai_payg_usage_raw`, and the provider-billed
 * costs (OpenAI Costs API, Anthropic cost report) into `genai_payg_billed_costs_daily`. Each day of the run is
 * the run's dates is replaced in one transaction, so re-runs and duplicate deliveries never double count.
 */
import type { AppContext } from '../context.js';
import type { StepConfig } from '../contracts/steps.js';
import { genaiPaygBilledCostsDaily, genaiPaygUsageRaw, genaiUsageImports } from '../datasets/index.js';
import {
  anthropicRawRow,
  openAiRawRowAsReported,
  rawRow,
  rowId,
  type GenAiProvider,
  type RawUsageRow,
} from '../genai/ingest/raw.js';
import { replaceSliceSpooled } from '../genai/ingest/spool.js';
import { loadCredentialSecret } from '../integrations/store.js';
import type { StepRun } from '../pipelines/step-function.js';
import type { ClaimedStep } from '../pipelines/step-state.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import type { WarehouseRow } from '../ports/warehouse/port.js';
import {
  CredentialRejectedError,
  fetchAnthropicCosts,
  anthropicUsagePages,
  openAiUsagePages,
  streamOpenAiCosts,
  UsageRequestError,
  type UsageFetchOptions,
} from '../ports/genai-usage/index.js';
import { lineage, orgDatasetOf, runSlice } from './common.js';
import { permanent } from '../errors/index.js';

type Config = StepConfig<'extract-genai-usage'>;

/** One `genai_payg_billed_costs_daily` row without lineage. */
interface BilledRow {
  cost_date: string;
  provider: GenAiProvider;
  cost_row_id: string;
  workspace_id: string | null;
  line_item: string | null;
  cost_type: string | null;
  model: string | null;
  token_type: string | null;
  service_tier: string | null;
  amount: string;
  currency: string;
  raw: Record<string, unknown>;
}

/** The admin key and fetch options of the run's credential. */
async function fetchOptions(run: StepRun<Config>): Promise<UsageFetchOptions & { organizationId?: string }> {
  const { ctx, step, config } = run;
  if (!step.credential_id) throw permanent(`${config.provider} usage needs an integration credential.`);
  const stored = await loadCredentialSecret(ctx, step.org_slug, step.credential_id);
  if (stored.provider !== config.provider) {
    throw permanent(`Credential ${step.credential_id} is ${stored.provider}, not ${config.provider}.`);
  }
  if (typeof stored.credential !== 'string') throw permanent('The stored credential is not an API key.');
  const c = ctx.config;
  const organizationId = stored.config.organization_id;
  return {
    apiKey: stored.credential,
    baseUrl: config.provider === 'openai' ? c.OPENAI_BASE_URL : c.ANTHROPIC_BASE_URL,
    timeoutMs: c.PROVIDER_TIMEOUT_MS,
    start: step.start_date,
    end: step.end_date,
    ...(typeof organizationId === 'string' ? { organizationId } : {}),
  };
}

/** Provider rejections that retrying cannot fix become permanent failures. */
function asPermanent(err: unknown): unknown {
  if (err instanceof CredentialRejectedError || err instanceof UsageRequestError) {
    return permanent(err.message);
  }
  return err;
}

/** The provider's billed costs over the run's dates (a few rows per day, held until written). */
async function billedCosts(run: StepRun<Config>, options: UsageFetchOptions): Promise<BilledRow[]> {
  const { provider, billed_costs } = run.config;
  const billed: BilledRow[] = [];
  if (!billed_costs) return billed;
  if (provider === 'openai') {
    for await (const r of streamOpenAiCosts(options)) {
      billed.push({
        cost_date: r.usage_date,
        provider,
        cost_row_id: rowId([provider, r.usage_date, r.project_id, r.line_item]),
        workspace_id: r.project_id,
        line_item: r.line_item,
        cost_type: null,
        model: null,
        token_type: null,
        service_tier: null,
        amount: r.amount_value,
        currency: r.currency,
        raw: r.raw,
      });
    }
  } else if (provider === 'anthropic') {
    for (const r of await fetchAnthropicCosts(options)) {
      billed.push({
        cost_date: r.usage_date,
        provider,
        cost_row_id: rowId([
          provider,
          r.usage_date,
          r.workspace_id,
          r.description,
          r.cost_type,
          r.model,
          r.token_type,
          r.service_tier,
          r.context_window,
        ]),
        workspace_id: r.workspace_id,
        line_item: r.description,
        cost_type: r.cost_type,
        model: r.model,
        token_type: r.token_type,
        service_tier: r.service_tier,
        amount: r.amount_value,
        currency: r.currency,
        raw: r.raw,
      });
    }
  }
  return billed;
}

/** The provider's usage as raw rows, a page at a time as the usage API answers (never all held at once). */
async function* usagePages(run: StepRun<Config>, options: UsageFetchOptions): AsyncGenerator<RawUsageRow[]> {
  const { provider } = run.config;
  if (provider === 'openai') {
    for await (const page of openAiUsagePages(options)) yield page.map(openAiRawRowAsReported);
  } else if (provider === 'anthropic') {
    for await (const page of anthropicUsagePages(options)) yield page.map(anthropicRawRow);
  } else {
    throw permanent(`${provider} has no usage API; its pipeline reads imported usage (source: import).`);
  }
}

interface ImportRow {
  row_number: number;
  usage_date: string;
  model: string;
  region: string | null;
  workspace_id: string | null;
  api_key_id: string | null;
  service_tier: string | null;
  is_batch: boolean | null;
  input_tokens: number;
  cached_input_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number;
  reasoning_tokens: number | null;
  request_count: number | null;
  import_id: string;
}

/** Usage imported for the org, provider and credential over the run's dates, as raw rows. */
async function fromImports(ctx: AppContext, step: ClaimedStep, provider: GenAiProvider, dataset: string) {
  const wh = await ctx.warehouse();
  const rows = await wh.query<ImportRow>(
    `SELECT import_id, row_number, CAST(usage_date AS STRING) AS usage_date, model, region, workspace_id, api_key_id,
       service_tier, is_batch, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
       reasoning_tokens, request_count
     FROM ${wh.table(dataset, genaiUsageImports.name)}
     WHERE org_slug = @org AND provider = @provider AND credential_id IS NOT DISTINCT FROM @credential
       AND usage_date BETWEEN CAST(@start AS DATE) AND CAST(@end AS DATE)
     ORDER BY usage_date, import_id, row_number`,
    {
      org: step.org_slug,
      provider,
      credential: step.credential_id,
      start: step.start_date,
      end: step.end_date,
    },
  );
  return rows.map((r) =>
    rawRow(
      {
        usage_date: r.usage_date,
        provider,
        usage_kind: 'import',
        model: r.model,
        region: r.region,
        workspace_id: r.workspace_id,
        api_key_id: r.api_key_id,
        user_id: `${r.import_id}#${r.row_number}`,
        service_tier: r.service_tier,
        is_batch: r.is_batch,
        context_window: null,
        long_context: null,
        image_size: null,
        image_source: null,
        source_kind: 'import',
        raw: { import_id: r.import_id, row_number: r.row_number },
      },
      {
        tokens: {
          input: r.input_tokens,
          output: r.output_tokens,
          ...(r.cached_input_tokens ? { cached_input: r.cached_input_tokens } : {}),
          ...(r.cache_write_tokens ? { cache_write_5m: r.cache_write_tokens } : {}),
          ...(r.reasoning_tokens ? { reasoning: r.reasoning_tokens } : {}),
        },
        ...(r.request_count !== null ? { request_count: r.request_count } : {}),
      },
      {},
      // The import format counts cached and cache-write tokens inside input_tokens for every provider.
      'openai_inclusive',
    ),
  );
}

/**
 * Replaces the run's slice of `def` (org, pipeline, credential, run dates) with `batches` of rows (a provider's
 * pages) in one transaction.
 */
async function writeRun<T extends object>(
  run: StepRun<Config>,
  dataset: string,
  def: TableDef,
  dateColumn: keyof T & string,
  batches: Iterable<readonly T[]> | AsyncIterable<readonly T[]>,
): Promise<{ written: number; outside: number }> {
  const { ctx, step } = run;
  const wh = await ctx.warehouse();
  const counts = { written: 0, outside: 0 };
  // The lineage every row shares is given to the spool once; each row carries only its run date and account.
  const { x_pipeline_run_date: _, ...shared } = lineage(step, step.start_date, new Date());
  async function* inRun() {
    for await (const batch of batches) {
      const kept: WarehouseRow[] = [];
      for (const r of batch) {
        const day = String(r[dateColumn]);
        if (day < step.start_date || day > step.end_date) {
          counts.outside += 1;
          continue;
        }
        // The row is the step's own (built per bucket): its columns are added in place, not spread into a copy.
        kept.push(
          Object.assign(r, {
            x_pipeline_run_date: day,
            x_genai_account_id: (r as { workspace_id?: string | null }).workspace_id ?? null,
          }),
        );
      }
      counts.written += kept.length;
      yield kept;
    }
  }
  // Spooled to a temp file first: the provider's pages are all read before the warehouse is used (its one
  // connection is not held through network waits), then loaded at once.
  await replaceSliceSpooled(wh, dataset, def, runSlice(step), inRun(), {
    ...shared,
    x_genai_provider: run.config.provider,
  });
  return counts;
}

export async function extractGenAiUsage(run: StepRun<Config>) {
  const { ctx, step, config } = run;
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  let u = { written: 0, outside: 0 };
  let b = { written: 0, outside: 0 };
  if (config.source === 'import') {
    const usage = await fromImports(ctx, step, config.provider, dataset);
    u = await writeRun(run, dataset, genaiPaygUsageRaw, 'usage_date', [usage]);
  } else {
    const options = await fetchOptions(run);
    try {
      // Usage streams into its slice as the API pages it; the billed costs (a few rows a day) are read after it.
      u = await writeRun(run, dataset, genaiPaygUsageRaw, 'usage_date', usagePages(run, options));
      const billed = await billedCosts(run, options);
      if (config.billed_costs)
        b = await writeRun(run, dataset, genaiPaygBilledCostsDaily, 'cost_date', [billed]);
    } catch (err) {
      throw asPermanent(err);
    }
  }
  await run.record('usage extracted', {
    provider: config.provider,
    source: config.source,
    usage_rows: u.written,
    billed_cost_rows: b.written,
    ...(u.outside + b.outside ? { rows_outside_run_dates_ignored: u.outside + b.outside } : {}),
  });
  return { rows_written: u.written + b.written };
}
