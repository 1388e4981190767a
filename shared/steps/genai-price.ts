/**
 * Step `price-genai-usage`: prices the run's `genai_payg_usage_raw` rows with the price valid on each usage day
 * (the org's overrides first, then the public price book) into `genai_payg_costs_daily`, one line per bucket and
 * token type, replacing the run's dates as one slice. Usage without a price is written as unpriced lines and
 * listed in the run log, never costed at zero.
 *
 * The rows never pass through JS one by one: one representative per group of alike rows is priced by
 * priceRawRow, and the warehouse multiplies every row's quantities by its group's unit prices
 * (shared/genai/ingest/price-groups.ts).
 */
import type { AppContext } from '../context.js';
import type { StepConfig } from '../contracts/steps.js';
import { genaiPaygCostsDaily, genaiPaygUsageRaw } from '../datasets/index.js';
import { priceRawRow, type CostLineRow, type OrgPriceBooks } from '../genai/ingest/price.js';
import {
  genaiPaygPriceLines,
  groupLines,
  groupMembersSql,
  groupQueryParams,
  representativesSql,
  costLinesSql,
  runModelsSql,
  shapeOf,
  TOKEN_COLUMNS,
  type GroupParams,
} from '../genai/ingest/price-groups.js';
import { BOOK_PROVIDER, type GenAiProvider, type RawUsageRow } from '../genai/ingest/raw.js';
import { orgPriceBooks } from '../genai/overrides.js';
import type { PriceOptions } from '../genai/pricing/price-book.js';
import { loadCredentialConfig } from '../integrations/store.js';
import type { StepRun } from '../pipelines/step-function.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import { orgDatasetOf, runSlice } from './common.js';

/** A raw row as the group queries return it: its group and the group's size. */
type GroupedRow = RawUsageRow & {
  x_genai_account_id: string | null;
  x_pipeline_run_date: string;
  price_group: string;
  group_rows: number;
};

/** One group's lines and how many raw rows they apply to. */
interface PricedGroup {
  rows: number;
  lines: CostLineRow[];
}

/** The credential's deployment-name -> model map (Azure OpenAI `config.model_aliases`), if it has one. */
async function credentialAliases(ctx: AppContext, org: string, credentialId: string | null) {
  if (!credentialId) return undefined;
  const aliases = (await loadCredentialConfig(ctx, org, credentialId)).model_aliases;
  return aliases && typeof aliases === 'object' ? (aliases as Record<string, string>) : undefined;
}

/**
 * The long-context tests of the run: the raw (provider, model) pairs that either book prices with a
 * long-context tier on a day of the run, and those tiers' thresholds (rows of these models are grouped by which
 * side of each threshold they fall).
 */
async function longContextOf(
  wh: Warehouse,
  raw: string,
  slice: Omit<GroupParams, 'thresholds' | 'lcModels'>,
  books: OrgPriceBooks,
  options: PriceOptions,
): Promise<Pick<GroupParams, 'thresholds' | 'lcModels'>> {
  const used = await wh.query<{ provider: GenAiProvider; model: string; usage_date: string }>(
    runModelsSql(raw),
    slice,
  );
  const thresholds = new Set<number>();
  const models = new Map<string, { provider: string; model: string }>();
  for (const u of used) {
    for (const book of [books.contracted, books.list]) {
      const threshold = book.priceFor(BOOK_PROVIDER[u.provider], u.model, u.usage_date, options)?.entry
        .long_context?.threshold_tokens;
      if (threshold === undefined) continue;
      thresholds.add(threshold);
      models.set(`${u.provider}\n${u.model}`, { provider: u.provider, model: u.model });
    }
  }
  return { thresholds: [...thresholds].sort((a, b) => a - b), lcModels: [...models.values()] };
}

/** NUMERIC unit columns come back as decimal strings; priceRawRow reads numbers (as the extract wrote them). */
const asRaw = (r: GroupedRow): GroupedRow => ({
  ...r,
  images: r.images === null ? null : Number(r.images),
  characters: r.characters === null ? null : Number(r.characters),
  seconds: r.seconds === null ? null : Number(r.seconds),
});

/**
 * Whether the representative's lines hold for every row of its group: each line bills one token bucket, and its
 * quantity is the bucket's count (so the warehouse can recompute it per row); invalid usage names the row.
 */
function sharable(r: GroupedRow, lines: readonly CostLineRow[]): boolean {
  return lines.every((l) => {
    const column = TOKEN_COLUMNS[l.token_type as keyof typeof TOKEN_COLUMNS];
    if (!column || l.quantity !== String(r[column])) return false;
    return !l.unpriced_reason?.startsWith('invalid_usage:');
  });
}

/** Prices the groups and writes their lines to the working table; returns each group's lines and size. */
async function priceGroups(
  wh: Warehouse,
  dataset: string,
  run: StepRun<StepConfig<'price-genai-usage'>>,
  q: { raw: string; params: GroupParams },
  books: OrgPriceBooks,
  options: PriceOptions,
): Promise<PricedGroup[]> {
  const { step } = run;
  const n = shapeOf(q.params);
  const params = groupQueryParams(q.params);
  const reps = await wh.query<GroupedRow>(representativesSql(q.raw, n), params);
  const groups: PricedGroup[] = [];
  const written: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const rep of reps.map(asRaw)) {
    if (seen.has(rep.price_group)) continue; // the same usage_row_id twice in one group
    seen.add(rep.price_group);
    const lines = priceRawRow(rep, books, options);
    if (rep.group_rows === 1 || !sharable(rep, lines)) {
      // Priced one by one: each row's lines are written whole.
      const members =
        rep.group_rows === 1
          ? [rep]
          : (
              await wh.query<GroupedRow>(groupMembersSql(q.raw, n), { ...params, group: rep.price_group })
            ).map(asRaw);
      if (new Set(members.map((m) => m.usage_row_id)).size !== members.length) {
        throw new Error(
          `Usage rows of group ${rep.price_group} share a usage_row_id: they cannot be priced apart.`,
        );
      }
      for (const m of members) {
        const own = m === rep ? lines : priceRawRow(m, books, options);
        groups.push({ rows: 1, lines: own });
        written.push(...groupLines(rep.price_group, own, true));
      }
    } else {
      groups.push({ rows: rep.group_rows, lines });
      written.push(...groupLines(rep.price_group, lines, false));
    }
  }
  const scratch = {
    x_org_slug: step.org_slug,
    x_pipeline_id: step.pipeline_id,
    x_credential_id: step.credential_id,
  };
  await wh.ensureTable(dataset, genaiPaygPriceLines);
  await wh.replaceSlice(
    dataset,
    genaiPaygPriceLines,
    scratch,
    written.map((l) => ({ ...l, ...scratch, x_run_id: step.run_id })),
  );
  return groups;
}

/** The run log's unpriced summary: lines per provider/model with the first reason met (run date, row order). */
function unpricedSummary(groups: readonly PricedGroup[]) {
  let count = 0;
  const models = new Map<string, { reason: string; lines: number }>();
  for (const g of groups) {
    for (const u of g.lines.filter((l) => l.pricing_status === 'unpriced')) {
      count += g.rows;
      const key = `${u.provider}/${u.model ?? `(${u.usage_kind})`}`;
      const seen = models.get(key) ?? { reason: u.unpriced_reason ?? '', lines: 0 };
      seen.lines += g.rows;
      models.set(key, seen);
    }
  }
  return { count, models };
}

export async function priceGenAiUsage(run: StepRun<StepConfig<'price-genai-usage'>>) {
  const { ctx, step } = run;
  const dataset = await orgDatasetOf(ctx, step.org_slug);
  const wh = await ctx.warehouse();
  const books = await orgPriceBooks(ctx, step.org_slug);
  const aliases = await credentialAliases(ctx, step.org_slug, step.credential_id);
  const options = aliases ? { aliases } : {};
  const raw = wh.table(dataset, genaiPaygUsageRaw.name);
  const slice = {
    org: step.org_slug,
    pipeline: step.pipeline_id,
    credential: step.credential_id,
    start: step.start_date,
    end: step.end_date,
  };
  const params: GroupParams = { ...slice, ...(await longContextOf(wh, raw, slice, books, options)) };
  const groups = await priceGroups(wh, dataset, run, { raw, params }, books, options);
  const expected = groups.reduce((n, g) => n + g.rows * g.lines.length, 0);
  const sql = costLinesSql(raw, wh.table(dataset, genaiPaygPriceLines.name), shapeOf(params));
  const written = await wh.replaceSliceFromQuery(dataset, genaiPaygCostsDaily, runSlice(step), sql, {
    ...groupQueryParams(params),
    run_id: step.run_id,
  });
  // The raw slice changed between the two reads (a concurrent extract of the same run): retry from the start.
  if (written !== expected) throw new Error(`Priced ${written} cost lines where ${expected} were expected.`);
  const scratch = {
    x_org_slug: step.org_slug,
    x_pipeline_id: step.pipeline_id,
    x_credential_id: step.credential_id,
  };
  await wh.replaceSlice(dataset, genaiPaygPriceLines, scratch, []);
  const unpriced = unpricedSummary(groups);
  await run.record('usage priced', {
    cost_lines: written,
    unpriced_lines: unpriced.count,
    ...(unpriced.models.size ? { unpriced: Object.fromEntries(unpriced.models) } : {}),
  });
  return { rows_written: written };
}
