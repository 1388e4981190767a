import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import {
  CloudCostItemSchema,
  COST_TYPES,
  GenAICostItemSchema,
  SubscriptionCostItemSchema,
} from '../contracts/costs.js';
import { STRING_COLUMNS } from './slice.js';
import {
  byHierarchyView,
  byProviderView,
  costTypeView,
  filterFrame,
  otherCurrencyRecords,
  periods,
  summaryView,
  trendView,
} from './views.js';

// The views on a small hand-made slice (the frame shape readCostSlice builds): every figure below is worked out
// by hand from the rows, so a view that groups, filters or sums wrongly fails here without a platform.
type Row = Partial<Record<(typeof STRING_COLUMNS)[number], string | null>> & {
  billed: string;
  effective: string;
  records?: number;
};

const NANO = 1_000_000_000n;
const nanos = (amount: string) => {
  const [int, frac = ''] = amount.split('.');
  return Number(BigInt(int!) * NANO + BigInt(frac.padEnd(9, '0')));
};

function frame(rows: Row[]): pl.DataFrame {
  const column = (c: (typeof STRING_COLUMNS)[number]) => rows.map((r) => r[c] ?? null);
  return pl.DataFrame({
    ...Object.fromEntries(STRING_COLUMNS.map((c) => [c, pl.Series(c, column(c), pl.Utf8)])),
    billed_nanos: pl.Series(
      'billed_nanos',
      rows.map((r) => nanos(r.billed)),
      pl.Int64,
    ),
    effective_nanos: pl.Series(
      'effective_nanos',
      rows.map((r) => nanos(r.effective)),
      pl.Int64,
    ),
    records: pl.Series(
      'records',
      rows.map((r) => r.records ?? 1),
      pl.Int64,
    ),
  });
}

const base = { week: '2026-09-28', month: '2026-10-01', currency: 'USD' };
const slice = frame([
  {
    ...base,
    day: '2026-10-01',
    cost_type: 'cloud',
    provider: 'aws',
    provider_name: 'AWS',
    service_name: 'EC2',
    service_category: 'Compute',
    entity_id: 'TEAM-001',
    entity_name: 'Core',
    level_code: 'team',
    path: '/DEPT-001/PROJ-001/TEAM-001',
    billed: '10.10',
    effective: '9.90',
    records: 3,
  },
  {
    ...base,
    day: '2026-10-02',
    cost_type: 'cloud',
    provider: 'aws',
    provider_name: 'AWS',
    service_name: 'S3',
    service_category: 'Storage',
    billed: '0.000000001',
    effective: '0.000000001',
  },
  {
    ...base,
    day: '2026-10-02',
    cost_type: 'genai',
    provider: 'openai',
    provider_name: 'OpenAI',
    genai_model: 'gpt-4o',
    entity_id: 'PROJ-001',
    entity_name: 'Platform',
    level_code: 'project',
    path: '/DEPT-001/PROJ-001',
    billed: '2.50',
    effective: '2.50',
    records: 2,
  },
  {
    ...base,
    day: '2026-10-05',
    cost_type: 'subscription',
    provider: 'slack',
    provider_name: 'Slack',
    week: '2026-10-05',
    billed: '26.25',
    effective: '0.875',
  },
  {
    ...base,
    day: '2026-10-02',
    cost_type: 'cloud',
    provider: 'aws',
    provider_name: 'AWS',
    service_name: 'EC2',
    service_category: 'Compute',
    currency: 'EUR',
    billed: '99',
    effective: '99',
    records: 4,
  },
]);
const usd = filterFrame(slice, {}, 'USD');

describe('cost views on a hand-made slice', () => {
  it('summary: exact totals in the org currency, split by cost type, other currencies left out and counted', () => {
    expect(summaryView(usd)).toEqual({
      total_billed_cost: 38.850000001,
      total_effective_cost: 13.275000001,
      by_cost_type: { cloud: 10.100000001, genai: 2.5, subscription: 26.25 },
      record_count: 7,
    });
    expect(otherCurrencyRecords(slice, {}, usd)).toBe(4);
  });

  it('by provider: one item per provider and cost type, largest first', () => {
    expect(byProviderView(usd).map((p) => [p.provider, p.cost_type, p.billed_cost])).toEqual([
      ['slack', 'subscription', 26.25],
      ['aws', 'cloud', 10.100000001],
      ['openai', 'genai', 2.5],
    ]);
  });

  it('filters narrow before summing: provider, cost type, and an entity with its descendants', () => {
    expect(summaryView(filterFrame(slice, { provider: 'aws' }, 'USD')).total_billed_cost).toBe(10.100000001);
    expect(summaryView(filterFrame(slice, { cost_type: 'genai' }, 'USD')).total_billed_cost).toBe(2.5);
    // PROJ-001 holds its own genai cost and TEAM-001's cloud cost beneath it.
    expect(
      summaryView(filterFrame(slice, { hierarchy_entity_id: 'PROJ-001' }, 'USD')).total_billed_cost,
    ).toBe(12.6);
    expect(summaryView(filterFrame(slice, { hierarchy_entity_id: 'PROJ-00' }, 'USD')).record_count).toBe(0);
  });

  it('trend lists every period of the range, 0 where nothing was spent', () => {
    expect(trendView(usd, '2026-10-01', '2026-10-04', 'day')).toEqual([
      { period: '2026-10-01', billed_cost: 10.1, effective_cost: 9.9 },
      { period: '2026-10-02', billed_cost: 2.500000001, effective_cost: 2.500000001 },
      { period: '2026-10-03', billed_cost: 0, effective_cost: 0 },
      { period: '2026-10-04', billed_cost: 0, effective_cost: 0 },
    ]);
    expect(periods('2026-10-01', '2026-10-20', 'week')).toEqual([
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
    ]);
    expect(trendView(usd, '2026-10-01', '2026-10-31', 'week').map((p) => p.billed_cost)).toEqual([
      12.600000001, 26.25, 0, 0, 0,
    ]);
  });

  it('by hierarchy: unallocated cost is one item named Unallocated; largest first', () => {
    const items = byHierarchyView(usd);
    expect(items.find((i) => i.entity_id === null)).toMatchObject({
      entity_name: 'Unallocated',
      billed_cost: 26.250000001,
    });
    expect(items.map((i) => [i.entity_id, i.billed_cost])).toEqual([
      [null, 26.250000001],
      ['TEAM-001', 10.1],
      ['PROJ-001', 2.5],
    ]);
  });

  it('a cost type view breaks GenAI down by model and the others by service', () => {
    expect(costTypeView(usd, 'genai').items).toEqual([
      {
        provider: 'openai',
        provider_name: 'OpenAI',
        model: 'gpt-4o',
        billed_cost: 2.5,
        effective_cost: 2.5,
        record_count: 2,
      },
    ]);
    const cloud = costTypeView(usd, 'cloud').items;
    expect(cloud.map((i) => [i.service_name, i.billed_cost])).toEqual([
      ['EC2', 10.1],
      ['S3', 0.000000001],
    ]);
    expect(costTypeView(usd, 'subscription').items).toEqual([
      {
        provider: 'slack',
        provider_name: 'Slack',
        service_name: null,
        service_category: null,
        billed_cost: 26.25,
        effective_cost: 0.875,
        record_count: 1,
      },
    ]);
  });

  it("each cost type view's items have exactly the fields of its route's item schema", () => {
    const schemas = {
      cloud: CloudCostItemSchema,
      genai: GenAICostItemSchema,
      subscription: SubscriptionCostItemSchema,
    } as const;
    for (const type of COST_TYPES) {
      const items = costTypeView(usd, type).items;
      expect(items.length, type).toBeGreaterThan(0);
      // strict: a field the view emits outside the contract fails, as does one the contract lacks.
      for (const item of items) expect(() => schemas[type].strict().parse(item), type).not.toThrow();
    }
  });
});
