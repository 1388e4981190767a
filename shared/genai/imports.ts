/**
 * GenAI usage imported through the API (DeepSeek has no usage API; Gemini, Vertex, Azure OpenAI and Bedrock usage
 * can come as a file until the cloud billing pipelines classify it): CSV or JSON rows validated one by one, all
 * or nothing, then stored in `genai_usage_imports` where the provider's usage pipeline reads them.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { DateSchema } from '../contracts/common.js';
import { MAX_IMPORT_ROWS } from '../contracts/genai.js';
import { genaiUsageImports } from '../datasets/index.js';
import { auditRequest } from '../orgs/audit.js';
import { orgDatasetOf as orgDatasetForRequest } from '../orgs/org-record.js';
import { UsageDataError } from './pricing/errors.js';
import { rawRow, type GenAiProvider } from './ingest/raw.js';
import { invalidInput, notFound } from '../errors/index.js';

/** Most rows one import may hold (larger files: split them by month). */
export { MAX_IMPORT_ROWS };

/** A required count: blank cells and nulls are refused (never read as 0), numbers in text are accepted. */
const Count = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce.number({ error: 'required: a whole number' }).int().nonnegative(),
);
const OptionalCount = z.coerce.number().int().nonnegative();
const Text = z.string().trim().min(1).max(200);
const Bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

/**
 * One imported usage row. Whatever the provider, input_tokens include cached and cache-write tokens and
 * output_tokens include reasoning (the documented import format), so no token is ever charged twice.
 */
export const ImportRowSchema = z.strictObject({
  usage_date: DateSchema,
  model: Text,
  input_tokens: Count,
  output_tokens: Count,
  cached_input_tokens: opt(OptionalCount),
  cache_write_tokens: opt(OptionalCount),
  reasoning_tokens: opt(OptionalCount),
  request_count: opt(OptionalCount),
  workspace_id: opt(Text),
  api_key_id: opt(Text),
  region: opt(Text),
  service_tier: opt(Text),
  is_batch: opt(Bool),
});
export type ImportRow = z.output<typeof ImportRowSchema>;
export const IMPORT_COLUMNS = Object.keys(ImportRowSchema.shape);

export interface RowProblem {
  row: number;
  path: string;
  message: string;
}

/** Parses CSV text (a header row naming IMPORT_COLUMNS) into records; a malformed file is one problem. */
function csvRecords(text: string): Record<string, unknown>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
      string,
      unknown
    >[];
  } catch (err) {
    throw invalidInput(`The CSV could not be read: ${(err as Error).message}`, [
      { row: 0, path: 'csv', message: (err as Error).message },
    ]);
  }
}

/** Validates every record; returns the rows, or throws 400 naming each bad row (up to 100). */
export function validateImport(
  provider: GenAiProvider,
  records: readonly Record<string, unknown>[],
): ImportRow[] {
  if (records.length === 0)
    throw invalidInput('The import holds no rows.', [{ row: 0, path: 'rows', message: 'empty' }]);
  if (records.length > MAX_IMPORT_ROWS) {
    throw invalidInput(`At most ${MAX_IMPORT_ROWS} rows per import (got ${records.length}).`, [
      { row: 0, path: 'rows', message: `more than ${MAX_IMPORT_ROWS} rows` },
    ]);
  }
  const problems: RowProblem[] = [];
  const rows: ImportRow[] = [];
  records.forEach((record, i) => {
    const row = i + 1;
    const parsed = ImportRowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ row, path: issue.path.join('.') || 'row', message: issue.message });
      }
      return;
    }
    const r = parsed.data;
    try {
      // The same checks the pipeline applies (cached and cache-write tokens inside input, reasoning inside output).
      rawRow(
        { ...dimensionsOf(provider, r), source_kind: 'import', raw: null },
        {
          tokens: {
            input: r.input_tokens,
            output: r.output_tokens,
            ...(r.cached_input_tokens !== undefined ? { cached_input: r.cached_input_tokens } : {}),
            ...(r.cache_write_tokens !== undefined ? { cache_write_5m: r.cache_write_tokens } : {}),
            ...(r.reasoning_tokens !== undefined ? { reasoning: r.reasoning_tokens } : {}),
          },
        },
        {},
        'openai_inclusive',
      );
    } catch (err) {
      if (!(err instanceof UsageDataError)) throw err;
      problems.push({ row, path: 'tokens', message: err.message });
      return;
    }
    rows.push(r);
  });
  if (problems.length) {
    const bad = new Set(problems.map((p) => p.row)).size;
    throw invalidInput(
      `${bad} of ${records.length} rows are invalid; nothing was imported.`,
      problems.slice(0, 100),
    );
  }
  return rows;
}

function dimensionsOf(provider: GenAiProvider, r: ImportRow) {
  return {
    usage_date: r.usage_date,
    provider,
    usage_kind: 'import',
    model: r.model,
    region: r.region ?? null,
    workspace_id: r.workspace_id ?? null,
    api_key_id: r.api_key_id ?? null,
    user_id: null,
    service_tier: r.service_tier ?? null,
    is_batch: r.is_batch ?? null,
    context_window: null,
    long_context: null,
    image_size: null,
    image_source: null,
  };
}

export interface ImportInput {
  provider: GenAiProvider;
  credential_id: string;
  csv?: string | undefined;
  rows?: Record<string, unknown>[] | undefined;
}

/**
 * Validates and stores an import. The file's date range (first to last usage_date) replaces that range's earlier
 * import for the same provider and credential, in one transaction: re-importing a corrected file never double
 * counts, and a day left out of the corrected file is emptied. Days outside the range are untouched.
 */
export async function importUsage(
  ctx: AppContext,
  org: string,
  input: ImportInput,
  meta: { principal: Principal | undefined; requestId: string },
) {
  if ((input.csv === undefined) === (input.rows === undefined)) {
    throw invalidInput('Send either csv (text with a header row) or rows (JSON objects).', [
      { path: 'csv', message: 'exactly one of csv and rows' },
    ]);
  }
  const { rows: creds } = await (
    await ctx.db()
  ).query(
    'SELECT 1 FROM org_integration_credentials WHERE org_slug = $1 AND provider = $2 AND credential_id = $3',
    [org, input.provider, input.credential_id],
  );
  if (!creds.length) throw notFound(`No ${input.provider} integration ${input.credential_id} in ${org}.`);
  const records = input.csv !== undefined ? csvRecords(input.csv) : input.rows!;
  const rows = validateImport(input.provider, records);
  const importId = randomUUID();
  const importedAt = new Date().toISOString();
  const dataset = await orgDatasetForRequest(ctx, org);
  const wh = await ctx.warehouse();
  const byDay = new Map<string, Record<string, unknown>[]>();
  rows.forEach((r, i) => {
    const list = byDay.get(r.usage_date) ?? [];
    list.push({
      org_slug: org,
      import_id: importId,
      row_number: i + 1,
      provider: input.provider,
      credential_id: input.credential_id,
      usage_date: r.usage_date,
      model: r.model,
      region: r.region ?? null,
      workspace_id: r.workspace_id ?? null,
      api_key_id: r.api_key_id ?? null,
      service_tier: r.service_tier ?? null,
      is_batch: r.is_batch ?? null,
      input_tokens: r.input_tokens,
      cached_input_tokens: r.cached_input_tokens ?? null,
      cache_write_tokens: r.cache_write_tokens ?? null,
      output_tokens: r.output_tokens,
      reasoning_tokens: r.reasoning_tokens ?? null,
      request_count: r.request_count ?? null,
      imported_at: importedAt,
    });
    byDay.set(r.usage_date, list);
  });
  const days = [...byDay.keys()].sort();
  // One transaction: the file's date range replaces that range's earlier import for this provider and credential.
  await wh.replaceSlice(
    dataset,
    genaiUsageImports,
    {
      equals: { org_slug: org, provider: input.provider, credential_id: input.credential_id },
      dateRange: { column: 'usage_date', from: days[0]!, to: days.at(-1)! },
    },
    days.flatMap((d) => byDay.get(d)!),
  );
  const db = await ctx.db();
  await auditRequest(db, org, meta, 'genai_usage.imported', `${input.provider}/${input.credential_id}`, {
    import_id: importId,
    rows: rows.length,
    start_date: days[0],
    end_date: days.at(-1),
  });
  return {
    import_id: importId,
    provider: input.provider,
    credential_id: input.credential_id,
    rows: rows.length,
    start_date: days[0]!,
    end_date: days.at(-1)!,
    days: days.length,
  };
}
