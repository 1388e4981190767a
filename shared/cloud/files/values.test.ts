import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from './index.js';
import { collect, readError, tempDir } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

describe('value typing (CSV)', () => {
  async function column(type: ColumnSpec['type'], values: string[]): Promise<unknown[]> {
    const path = await put(
      `typing/${type}-${values.length}.csv`,
      `v\n${values.map((v) => `"${v.replace(/"/g, '""')}"`).join('\n')}\n`,
    );
    const rows = await collect(path, { columns: [{ name: 'v', type }] });
    return rows.map((row) => row.v);
  }

  // Each case: the raw CSV text, then the typed value.
  it.each<[string, ColumnSpec['type'], [string, string | null][]]>([
    [
      'keeps decimals exact, in plain canonical notation',
      'decimal',
      [
        ['0.0000000123456789012', '0.0000000123456789012'],
        [
          '123456789012345678901234567890.123456789012345678901',
          '123456789012345678901234567890.123456789012345678901',
        ],
        ['1.50', '1.5'],
        ['-0.000', '0'],
        ['2.323760000E-9', '0.00000000232376'],
        ['5e-06', '0.000005'],
        ['5.64902E-05', '0.0000564902'],
        ['+5', '5'],
        ['.5', '0.5'],
        [' 7 ', '7'],
        ['', null],
      ],
    ],
    [
      'normalizes timestamps to ISO 8601 UTC with Z',
      'timestamp',
      [
        ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'],
        ['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00Z'],
        ['2025-01-01 05:30:00+05:30', '2025-01-01T00:00:00Z'],
        ['2024-12-31T19:00:00-05:00', '2025-01-01T00:00:00Z'],
        ['2024-12-31T19:00:00-0500', '2025-01-01T00:00:00Z'],
        ['2025-01-01T00:00Z', '2025-01-01T00:00:00Z'],
        ['2025-01-01 00:00:00 UTC', '2025-01-01T00:00:00Z'],
        ['2025-01-01T00:00:00.1234567Z', '2025-01-01T00:00:00.1234567Z'],
        ['2020-11-10 05:49:32.199000+00:00', '2020-11-10T05:49:32.199Z'],
        ['2025-01-01 00:00:00', '2025-01-01T00:00:00Z'],
        ['2025-01-01', '2025-01-01T00:00:00Z'],
        ['1/2/2025', '2025-01-02T00:00:00Z'],
      ],
    ],
  ])('%s', async (_name, type, cases) => {
    expect(
      await column(
        type,
        cases.map(([raw]) => raw),
      ),
    ).toEqual(cases.map(([, typed]) => typed));
  });

  it('types dates, integers, booleans and JSON', async () => {
    expect(
      await column('date', ['2025-01-31', '1/31/2025', '09/01/2023', '2025-01-31T00:00:00.000Z']),
    ).toEqual(['2025-01-31', '2025-01-31', '2023-09-01', '2025-01-31']);
    expect(await column('integer', ['42', '-7', '24909.0', '1e3'])).toEqual([42, -7, 24909, 1000]);
    expect(await column('boolean', ['True', 'false', '1', '0', 'yes', 'N'])).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(
      await column('json', [
        '{"env":"prod","n":1.5}',
        '[1,2]',
        '"CostCenter": "1234","env": "prod"',
        '{"amount":0.10000000000000000000001}',
      ]),
    ).toEqual([
      { env: 'prod', n: 1.5 },
      [1, 2],
      { CostCenter: '1234', env: 'prod' },
      { amount: '0.10000000000000000000001' },
    ]);
  });

  it.each([
    ['decimal', '1,5', 'not a decimal'],
    ['decimal', 'NaN', 'not a decimal'],
    ['decimal', '$1', 'not a decimal'],
    ['integer', '1.5', 'not an integer'],
    ['integer', '9007199254740993', 'integer out of the safe range (±2^53)'],
    ['date', '2025-02-29', 'not a date'],
    ['date', '2025-01-31T10:00:00Z', 'not a date (a time other than midnight UTC)'],
    ['date', '31/01/2025', 'not a date'],
    ['timestamp', '2025-13-01T00:00:00Z', 'not a timestamp'],
    ['timestamp', '2025-01-01T24:00:00Z', 'not a timestamp'],
    ['timestamp', 'yesterday', 'not a timestamp'],
    ['boolean', 'maybe', 'not a boolean'],
  ] as const)('rejects %s %j', async (type, value, problem) => {
    const good = type === 'boolean' ? 'true' : type === 'decimal' || type === 'integer' ? '1' : '2025-01-01';
    const path = await put(
      `typing/bad-${type}-${value.replace(/\W/g, '_')}.csv`,
      `id,v\n1,${good}\n2,"${value}"\n`,
    );
    const columns: ColumnSpec[] = [
      { name: 'id', type: 'integer' },
      { name: 'v', type },
    ];
    const error = await readError(path, { columns });
    expect(error).toMatchObject({
      row: 2,
      column: 'v',
      value,
      problem: `${problem}: ${JSON.stringify(value)}`,
    });
    expect(error.message).toBe(`billing file ${path}: row 2, column v: ${problem}: ${JSON.stringify(value)}`);
  });

  it('rejects invalid JSON in a json column', async () => {
    const path = await put('typing/bad-json.csv', 'id,tags\n1,"{""a"":1}"\n2,"{bad"\n');
    const error = await readError(path, {
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'tags', type: 'json' },
      ],
    });
    expect(error).toMatchObject({ row: 2, column: 'tags', value: '{bad' });
    expect(error.problem).toMatch(/^not valid JSON/);
  });
});
