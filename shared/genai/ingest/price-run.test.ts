import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { genaiPaygCostsDaily, genaiPaygUsageRaw } from '../../datasets/index.js';
import type { OpenAiUsageKind, OpenAiUsageRow } from '../../ports/genai-usage/index.js';
import { openDuckDb } from '../../ports/warehouse/embedded/duckdb.js';
import type { Warehouse } from '../../ports/warehouse/port.js';
import { prng } from '../../testing/prng.js';
import { PriceBook } from '../pricing/price-book.js';
import { entry, listPrice, orgPrice } from '../pricing/test-entries.js';
import { priceRawRow, type CostLineRow } from './price.js';
import { parse } from 'sql-parser-cst';
import {
  costLinesSql,
  genaiPaygPriceLines,
  groupMembersSql,
  PRICED_COUNT_CHANGED,
  representativesSql,
} from './price-groups.js';
import { priceRunInWarehouse, type PriceRunScope } from './price-run.js';
import { openAiRawRowAsReported, type RawUsageRow } from './raw.js';

const DATASET = 'org_price_run';
const DAYS = ['2026-01-01', '2026-01-02'];
const scope: PriceRunScope = {
  org: 'acme',
  pipeline: 'openai/genai/usage',
  credential: null,
  runId: 'run-1',
  start: DAYS[0]!,
  end: DAYS[1]!,
};

/** Every pricing feature: tiers, batch, a long-context tier, a price change, a price too precise to store. */
const defaults = [
  entry({
    provider: 'openai',
    model: 'chat-a',
    rates: { input: '2', output: '8', cached_input: '0.5', audio_input: '40', audio_output: '80' },
    batch_discount_pct: '50',
    service_tiers: { flex: { multiplier: '0.5' }, priority: { rates: { input: '3.5', output: '14' } } },
    long_context: { threshold_tokens: 1000, rates: { input: '4', output: '12', cached_input: '1' } },
  }),
  listPrice('openai/chat-a-2', { input: '1', output: '4' }),
  listPrice('openai/chat-a-2', { input: '1.1', output: '4.4' }, '2026-01-02'),
  listPrice('openai/chat-b', { input: '0.1234567890123', output: '1' }),
  entry({ provider: 'openai', model: 'chat-c', rates: { input: '3', output: '3' } }),
  entry({ provider: 'openai', model: 'pics', unit_kind: 'image', rates: { image: '0.04' } }),
];
const books = {
  list: new PriceBook(defaults),
  contracted: new PriceBook(defaults, [orgPrice('openai/chat-a', { input: '1.5' }, '2026-01-02')]),
};

const open: Warehouse[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function warehouse() {
  const wh = await openDuckDb(':memory:');
  open.push(wh);
  await wh.ensureDataset(DATASET);
  await wh.ensureTable(DATASET, genaiPaygUsageRaw);
  await wh.ensureTable(DATASET, genaiPaygCostsDaily);
  return wh;
}

/** Seeded OpenAI buckets of every kind the price step meets, alike ones among them, some impossible. */
function buckets(n: number): OpenAiUsageRow[] {
  const rand = prng(20260101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const count = () => pick([0, 0, 1, 7, 400, 999, 1000, 1001, 50_000]);
  return Array.from({ length: n }, (_, i) => {
    const kind: OpenAiUsageKind = pick([
      'completions',
      'completions',
      'completions',
      'completions',
      'moderations',
      'images',
      'vector_stores',
    ]);
    const input = count();
    return {
      provider: 'openai',
      usage_date: pick(DAYS),
      usage_kind: kind,
      model: pick(['chat-a', 'chat-a', 'chat-a-2', 'chat-b', 'chat-c', 'unknown-x', 'pics', null]),
      project_id: pick(['p1', 'p2', null]),
      api_key_id: `key_${i}`,
      user_id: null,
      batch: pick([true, false, false, null]),
      service_tier: pick(['default', 'default', 'flex', 'priority', 'turbo', null]),
      image_size: null,
      image_source: null,
      input_tokens: input,
      output_tokens: count(),
      // Now and then more cached tokens than input: kept as reported, priced as unpriced.
      input_cached_tokens: rand() < 0.05 ? input + 5 : Math.floor(input * pick([0, 0, 0.5])),
      input_audio_tokens: rand() < 0.1 ? Math.floor(input / 2) : 0,
      output_audio_tokens: 0,
      num_model_requests: pick([1, 1, 3, 40]),
      ...(kind === 'images' ? { images: pick([0, 2, 2.5]) } : {}),
      ...(kind === 'vector_stores' ? { usage_bytes: pick([0, 1024]) } : {}),
      raw: {},
    };
  });
}

/** A cost line's columns that both paths must agree on, money as exact decimals. */
function comparable(l: Record<string, unknown>) {
  const dec = (v: unknown) => (v === null || v === undefined ? null : new Decimal(String(v)).toFixed());
  return {
    key: `${String(l.usage_row_id)}/${String(l.token_type)}`,
    line: {
      cost_date: l.cost_date,
      model: l.model,
      matched_model: l.matched_model,
      service_tier: l.service_tier,
      is_batch: l.is_batch,
      long_context: l.long_context,
      pricing_unit: l.pricing_unit,
      quantity: dec(l.quantity),
      list_unit_price: dec(l.list_unit_price),
      unit_price: dec(l.unit_price),
      list_cost: dec(l.list_cost),
      total_cost: dec(l.total_cost),
      currency: l.currency,
      price_id: l.price_id,
      list_price_id: l.list_price_id,
      price_source: l.price_source,
      rate_from: l.rate_from,
      pricing_status: l.pricing_status,
      unpriced_reason: l.unpriced_reason,
    },
  };
}

const byKey = (lines: readonly Record<string, unknown>[]) =>
  Object.fromEntries(lines.map(comparable).map((c) => [c.key, c.line]));

async function writeRaw(wh: Warehouse, rows: readonly RawUsageRow[]) {
  const lineage = (r: RawUsageRow) => ({
    x_org_slug: scope.org,
    x_pipeline_id: scope.pipeline,
    x_credential_id: scope.credential,
    x_pipeline_run_date: r.usage_date,
    x_run_id: scope.runId,
    x_ingested_at: new Date().toISOString(),
    x_ingestion_date: r.usage_date,
    x_genai_provider: r.provider,
    x_genai_account_id: r.workspace_id,
  });
  const slice = {
    equals: { x_org_slug: scope.org, x_pipeline_id: scope.pipeline, x_credential_id: scope.credential },
  };
  await wh.replaceSlice(
    DATASET,
    genaiPaygUsageRaw,
    slice,
    rows.map((r) => ({ ...r, ...lineage(r) })),
  );
}

describe('priceRunInWarehouse', () => {
  it('writes exactly the lines priceRawRow gives each row (alike rows priced by their group)', async () => {
    const wh = await warehouse();
    const rows = buckets(600).map(openAiRawRowAsReported);
    await writeRaw(wh, rows);

    const { written, unpriced } = await priceRunInWarehouse(wh, DATASET, scope, books);

    const expected: CostLineRow[] = rows.flatMap((r) => priceRawRow(r, books));
    const got = await wh.query(
      `SELECT *, CAST(cost_date AS STRING) AS cost_date FROM ${wh.table(DATASET, genaiPaygCostsDaily.name)}`,
    );
    expect(written).toBe(expected.length);
    expect(got).toHaveLength(expected.length);
    expect(byKey(got)).toEqual(byKey(expected as unknown as Record<string, unknown>[]));
    expect(unpriced.count).toBe(expected.filter((l) => l.pricing_status === 'unpriced').length);
    // Every kind of line is in the sample: priced, free, unpriced for each reason, long context, rate fallback.
    const reasons = new Set(expected.map((l) => l.unpriced_reason?.split(':')[0] ?? null));
    expect(reasons).toEqual(
      new Set([null, 'no_price', 'missing_rate', 'unknown_service_tier', 'invalid_usage', 'precision']),
    );
    expect(new Set(expected.map((l) => l.long_context))).toEqual(
      new Set([null, 'not_applicable', 'applied', 'not_applied', 'undetermined']),
    );
    expect(expected.some((l) => l.pricing_status === 'free')).toBe(true);
    expect(expected.some((l) => l.price_source === 'custom')).toBe(true);
    // The working table is left empty.
    const left = await wh.query(`SELECT COUNT(*) AS n FROM ${wh.table(DATASET, genaiPaygPriceLines.name)}`);
    expect(left[0]?.n).toBe(0);
  });

  it('prices a bucket the API sent twice (same id) twice, like priceRawRow, kept as reported or not', async () => {
    const wh = await warehouse();
    const [plain, odd] = buckets(2);
    const twice = [plain!, plain!, { ...odd!, input_cached_tokens: odd!.input_tokens + 5 }];
    const rows = [...twice, twice[2]!].map(openAiRawRowAsReported);
    await writeRaw(wh, rows);
    const { written } = await priceRunInWarehouse(wh, DATASET, scope, books);
    const expected = rows.flatMap((r) => priceRawRow(r, books));
    expect(written).toBe(expected.length);
    const got = await wh.query<{ usage_row_id: string; n: number }>(
      `SELECT usage_row_id, COUNT(*) AS n FROM ${wh.table(DATASET, genaiPaygCostsDaily.name)} GROUP BY usage_row_id`,
    );
    const counts = new Map<string, number>();
    for (const l of expected) counts.set(l.usage_row_id, (counts.get(l.usage_row_id) ?? 0) + 1);
    expect(new Map(got.map((g) => [g.usage_row_id, g.n]))).toEqual(counts);
  });

  it('re-pricing the run replaces its lines (same lines, never twice)', async () => {
    const wh = await warehouse();
    const rows = buckets(120).map(openAiRawRowAsReported);
    await writeRaw(wh, rows);
    const first = await priceRunInWarehouse(wh, DATASET, scope, books);
    const again = await priceRunInWarehouse(wh, DATASET, { ...scope, runId: 'run-2' }, books);
    const got = await wh.query(
      `SELECT x_run_id, COUNT(*) AS n FROM ${wh.table(DATASET, genaiPaygCostsDaily.name)} GROUP BY x_run_id`,
    );
    expect(again.written).toBe(first.written);
    expect(got).toEqual([{ x_run_id: 'run-2', n: first.written }]);
  });

  it('prices two groups headed by the same usage_row_id apart (a bucket sent twice with other counts)', async () => {
    const wh = await warehouse();
    const b = { ...buckets(1)[0]!, usage_kind: 'completions' as const, model: 'chat-c', batch: false };
    const both = {
      ...b,
      input_tokens: 400,
      output_tokens: 999,
      input_cached_tokens: 0,
      input_audio_tokens: 0,
    };
    // Same dimensions, so the same usage_row_id; no output tokens, so another group.
    const rows = [both, { ...both, output_tokens: 0 }].map(openAiRawRowAsReported);
    expect(rows[0]!.usage_row_id).toBe(rows[1]!.usage_row_id);
    await writeRaw(wh, rows);
    const { written } = await priceRunInWarehouse(wh, DATASET, scope, books);
    const expected = rows.flatMap((r) => priceRawRow(r, books)) as unknown as Record<string, unknown>[];
    const got = await wh.query(
      `SELECT *, CAST(cost_date AS STRING) AS cost_date FROM ${wh.table(DATASET, genaiPaygCostsDaily.name)}`,
    );
    const lines = (ls: Record<string, unknown>[]) => ls.map((l) => JSON.stringify(comparable(l))).sort();
    expect(written).toBe(expected.length);
    expect(lines(got)).toEqual(lines(expected));
  });

  it('a raw row written while the run is priced fails the statement before it commits: nothing written', async () => {
    const wh = await warehouse();
    const rows = buckets(60).map(openAiRawRowAsReported);
    await writeRaw(wh, rows);
    const raw = wh.table(DATASET, genaiPaygUsageRaw.name);
    const costs = wh.table(DATASET, genaiPaygCostsDaily.name);
    // A concurrent extract of the run adds a row between the price step's reads and its write.
    const racing: Warehouse = {
      ...wh,
      async replaceSliceFromQuery(dataset, def, slice, select, params, expected) {
        if (def.name === genaiPaygCostsDaily.name)
          await wh.query(
            `INSERT INTO ${raw} SELECT * REPLACE ('zz-late-row' AS usage_row_id) FROM ${raw}
             WHERE usage_row_id = (SELECT MIN(usage_row_id) FROM ${raw})`,
          );
        return wh.replaceSliceFromQuery(dataset, def, slice, select, params, expected);
      },
    };
    await expect(priceRunInWarehouse(racing, DATASET, scope, books)).rejects.toThrow(PRICED_COUNT_CHANGED);
    expect((await wh.query(`SELECT COUNT(*) AS n FROM ${costs}`))[0]?.n).toBe(0);
    // The retry prices the rows as they now are.
    const again = await priceRunInWarehouse(wh, DATASET, scope, books);
    expect((await wh.query(`SELECT COUNT(*) AS n FROM ${costs}`))[0]?.n).toBe(again.written);
    expect(again.written).toBeGreaterThan(0);
  });

  it('its statements are BigQuery SQL (the count guard included), as authored once for both engines', () => {
    const shape = { thresholds: 2, models: 1 };
    const statements = [
      costLinesSql('`p.d.raw`', '`p.d.lines`', shape),
      representativesSql('`p.d.raw`', shape),
      groupMembersSql('`p.d.raw`', shape),
    ];
    for (const sql of statements)
      expect(() => parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
    expect(statements[0]).toContain(`ERROR('${PRICED_COUNT_CHANGED}')`);
  });
});
