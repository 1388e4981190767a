import { describe, expect, it } from 'vitest';
import { constructTable, createColumnHelper, type SortingState } from '@tanstack/react-table';
// constructTable needs a reactivity binding (useTable brings React's); the store one is table-core's own.
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import {
  ariaSort,
  compareSortValues,
  sortByValue,
  sortFeatures,
  toSortValue,
  type SortFeatures,
  type SortValue,
} from './table-sort.js';

describe('toSortValue', () => {
  it('makes null, empty text and NaN empty; keeps numbers and text', () => {
    expect([null, undefined, '', Number.NaN].map(toSortValue)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([0, -1.5, 'aws', '2026-10-31'].map(toSortValue)).toEqual([0, -1.5, 'aws', '2026-10-31']);
  });
});

describe('compareSortValues', () => {
  const sorted = (values: SortValue[]) => [...values].sort(compareSortValues);

  it('orders numbers by value, negatives (credits) first', () => {
    expect(sorted([10, -2.5, 0, 1e6, 9.99])).toEqual([-2.5, 0, 9.99, 10, 1e6]);
  });

  it('orders YYYY-MM-DD days in calendar order', () => {
    expect(sorted(['2026-10-01', '2025-12-31', '2026-09-30', '2026-10-10'])).toEqual([
      '2025-12-31',
      '2026-09-30',
      '2026-10-01',
      '2026-10-10',
    ]);
  });

  it('orders text case-insensitively with digit runs as numbers', () => {
    expect(sorted(['gcp', 'AWS', 'azure', 'item 10', 'item 2'])).toEqual([
      'AWS',
      'azure',
      'gcp',
      'item 2',
      'item 10',
    ]);
  });

  it('puts numbers before text and empty last', () => {
    expect(sorted([undefined, 'b', 3, undefined, 1])).toEqual([1, 3, 'b', undefined, undefined]);
  });
});

describe('ariaSort', () => {
  it('maps the sort state', () => {
    expect([ariaSort('asc'), ariaSort('desc'), ariaSort(false)]).toEqual(['ascending', 'descending', 'none']);
  });
});

// The same column setup as components/ui/data-table.tsx, on TanStack's core table (no React).
interface Row {
  service: string;
  cost: number | null;
}
const rows: Row[] = [
  { service: 'EC2', cost: 120.5 },
  { service: 'S3', cost: null },
  { service: 'Lambda', cost: -3 },
  { service: 'CloudFront', cost: 40 },
];
const helper = createColumnHelper<SortFeatures, Row>();
const columns = helper.columns([
  helper.accessor((r): SortValue => toSortValue(r.service), {
    id: 'service',
    sortFn: sortByValue,
    sortUndefined: 'last',
  }),
  helper.accessor((r): SortValue => toSortValue(r.cost), {
    id: 'cost',
    sortFn: sortByValue,
    sortUndefined: 'last',
  }),
]);
const withReactivity: SortFeatures = Object.assign(
  { coreReactivityFeature: storeReactivityBindings() },
  sortFeatures,
);
const order = (sorting: SortingState) =>
  constructTable({
    features: withReactivity,
    columns,
    data: rows,
    initialState: { sorting },
  })
    .getRowModel()
    .rows.map((r) => r.original.service);

describe('a table sorted with sortByValue', () => {
  it('keeps the rows in their own order until sorted', () => {
    expect(order([])).toEqual(['EC2', 'S3', 'Lambda', 'CloudFront']);
  });

  it('sorts both ways, the empty cell last either way', () => {
    expect(order([{ id: 'cost', desc: false }])).toEqual(['Lambda', 'CloudFront', 'EC2', 'S3']);
    expect(order([{ id: 'cost', desc: true }])).toEqual(['EC2', 'CloudFront', 'Lambda', 'S3']);
    expect(order([{ id: 'service', desc: false }])).toEqual(['CloudFront', 'EC2', 'Lambda', 'S3']);
  });
});
