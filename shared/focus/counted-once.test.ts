import { Decimal } from 'decimal.js';
import { parse } from 'sql-parser-cst';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../ports/warehouse/embedded/duckdb.js';
import type { Warehouse } from '../ports/warehouse/port.js';
import type { TableDef } from '../ports/warehouse/schema.js';
import { chargeDayInRangeSql, countedOnce, countedOnceSql, type CountedOnceRow } from './counted-once.js';

type Row = CountedOnceRow & { BilledCost: string; id: string };

const row = (id: string, over: Partial<Row>): Row => ({
  id,
  x_org_slug: 'acme',
  ChargePeriodStart: '2026-09-01T00:00:00.000Z',
  x_cost_type: 'genai',
  x_cloud_provider: null,
  x_genai_provider: null,
  BilledCost: '1',
  ...over,
});

/** Bedrock billed by AWS and imported on 09-01; imported only on 09-02; other providers and another org. */
const ROWS: Row[] = [
  row('cur-bedrock-0901', {
    x_cost_type: 'cloud',
    x_cloud_provider: 'aws',
    x_genai_provider: 'bedrock',
    ChargePeriodStart: '2026-09-01T05:00:00.000Z',
    BilledCost: '12.3456789',
  }),
  row('cur-ec2-0901', { x_cost_type: 'cloud', x_cloud_provider: 'aws', BilledCost: '100' }),
  row('import-bedrock-0901', { x_genai_provider: 'bedrock', BilledCost: '12.30' }),
  row('import-bedrock-0902', {
    x_genai_provider: 'bedrock',
    ChargePeriodStart: '2026-09-02T00:00:00.000Z',
    BilledCost: '7.25',
  }),
  row('import-azure-openai-0901', { x_genai_provider: 'azure_openai', BilledCost: '3' }),
  row('openai-0901', { x_genai_provider: 'openai', BilledCost: '2' }),
  row('saas-0901', { x_cost_type: 'subscription', BilledCost: '10' }),
  row('other-org-import-0901', { x_org_slug: 'globex', x_genai_provider: 'bedrock', BilledCost: '5' }),
];

const COUNTED = [
  'cur-bedrock-0901',
  'cur-ec2-0901',
  'import-bedrock-0902',
  'import-azure-openai-0901',
  'openai-0901',
  'saas-0901',
  'other-org-import-0901',
];

describe('countedOnce (in memory)', () => {
  it('leaves out a GenAI pipeline row only where the same org, day and provider has cloud-billed rows', () => {
    const counted = countedOnce(ROWS);
    expect(ROWS.filter(counted).map((r) => r.id)).toEqual(COUNTED);
    const total = ROWS.filter(counted).reduce((s, r) => s.plus(r.BilledCost), new Decimal(0));
    expect(total.toFixed()).toBe('139.5956789');
  });

  it('compares UTC days: an offset timestamp or a Date lands on its UTC day', () => {
    const rows = [
      row('cloud', {
        x_cost_type: 'cloud',
        x_cloud_provider: 'gcp',
        x_genai_provider: 'vertex',
        ChargePeriodStart: '2026-09-01T22:30:00-03:00', // 2026-09-02 01:30 UTC
      }),
      row('import-0902', { x_genai_provider: 'vertex', ChargePeriodStart: new Date('2026-09-02T00:00:00Z') }),
      row('import-0901', { x_genai_provider: 'vertex', ChargePeriodStart: '2026-09-01' }),
    ];
    expect(rows.filter(countedOnce(rows)).map((r) => r.id)).toEqual(['cloud', 'import-0901']);
  });

  it('counts everything when no cloud row is tagged', () => {
    const rows = ROWS.filter((r) => r.id !== 'cur-bedrock-0901');
    expect(rows.filter(countedOnce(rows))).toEqual(rows);
  });
});

const TABLE: TableDef = {
  name: 'cost_data_standard_1_3',
  description: 'the columns of the FOCUS table the rule reads',
  version: 1,
  columns: [
    { name: 'id', type: 'STRING' },
    { name: 'BilledCost', type: 'BIGNUMERIC' },
    { name: 'ChargePeriodStart', type: 'TIMESTAMP', mode: 'REQUIRED' },
    { name: 'x_org_slug', type: 'STRING', mode: 'REQUIRED' },
    { name: 'x_cost_type', type: 'STRING', mode: 'REQUIRED' },
    { name: 'x_cloud_provider', type: 'STRING' },
    { name: 'x_genai_provider', type: 'STRING' },
  ],
  partitionBy: 'ChargePeriodStart',
};

describe('countedOnceSql (on the embedded warehouse)', () => {
  let wh: Warehouse;
  let focus: string;
  beforeAll(async () => {
    wh = await openDuckDb(':memory:');
    await wh.ensureDataset('counted_test');
    await wh.ensureTable('counted_test', TABLE);
    for (const org of ['acme', 'globex']) {
      const rows = ROWS.filter((r) => r.x_org_slug === org).map((r) => ({ ...r }));
      await wh.replaceSlice('counted_test', TABLE, { x_org_slug: org }, rows);
    }
    focus = wh.table('counted_test', TABLE.name);
  });
  afterAll(() => wh.close());

  const query = (range?: { start: string; end: string }) =>
    `SELECT f.id, f.BilledCost FROM ${focus} AS f
     WHERE ${chargeDayInRangeSql('f', 'start', 'end')}
       AND ${countedOnceSql({ alias: 'f', table: focus, ...(range ? { range } : {}) })}
     ORDER BY f.id`;

  it('selects the same rows as the in-memory rule, with or without the pruning range', async () => {
    for (const range of [undefined, { start: 'start', end: 'end' }]) {
      const rows = await wh.query<{ id: string }>(query(range), { start: '2026-09-01', end: '2026-09-02' });
      expect(rows.map((r) => r.id)).toEqual([...COUNTED].sort());
    }
  });

  it('sums exactly: the Bedrock money of 09-01 once, the import of 09-02', async () => {
    const [sum] = await wh.query<{ billed: string }>(
      `SELECT SUM(f.BilledCost) AS billed FROM ${focus} AS f
       WHERE f.x_org_slug = @org AND f.x_genai_provider = 'bedrock' AND ${chargeDayInRangeSql('f', 'start', 'end')}
         AND ${countedOnceSql({ alias: 'f', table: focus, range: { start: 'start', end: 'end' } })}`,
      { org: 'acme', start: '2026-09-01', end: '2026-09-02' },
    );
    expect(new Decimal(sum!.billed).toFixed()).toBe(new Decimal('12.3456789').plus('7.25').toFixed());
  });

  it('is BigQuery Standard SQL', () => {
    const sql = query({ start: 'start', end: 'end' }).replaceAll(
      focus,
      '`counted_test.cost_data_standard_1_3`',
    );
    expect(() => parse(sql, { dialect: 'bigquery', paramTypes: ['@name'] })).not.toThrow();
  });

  it('refuses names that are not identifiers', () => {
    expect(() => countedOnceSql({ alias: 'f; DROP', table: focus })).toThrow(/alias/);
    expect(() => countedOnceSql({ alias: 'f', table: 't WHERE 1=1' })).toThrow(/table/);
    expect(() => chargeDayInRangeSql('f', 'start', "x' OR 1")).toThrow(/parameter/);
  });
});
