import {
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  type Row,
  type RowData,
} from '@tanstack/react-table';

// The sorting of the app's tables (components/ui/data-table.tsx): TanStack Table's core row model plus its sorting
// feature and sorted row model, nothing else (v9 bundles only the features a table registers). Imported by lazily
// loaded components only, never by the entry chunk.

export const sortFeatures = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });
export type SortFeatures = typeof sortFeatures;

/** What a column sorts by: a number (money, counts), a `YYYY-MM-DD` day or text; undefined when the cell is empty. */
export type SortValue = number | string | undefined;

/** A cell's sort value: null, '' and NaN are empty (undefined), which the table puts last in both directions. */
export function toSortValue(value: unknown): SortValue {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

const text = new Intl.Collator('en-US', { numeric: true, sensitivity: 'base' });

/**
 * Ascending order of two sort values (the table reverses it for descending): numbers by value, text by the en-US
 * collation with digits read as numbers (`item 2` before `item 10`; `YYYY-MM-DD` days in calendar order), numbers
 * before text, empty last.
 */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return text.compare(a, b);
}

/** The tables' one sort function: the rows' column values compared with compareSortValues. */
export function sortByValue<TData extends RowData>(
  rowA: Row<SortFeatures, TData>,
  rowB: Row<SortFeatures, TData>,
  columnId: string,
): number {
  return compareSortValues(rowA.getValue<SortValue>(columnId), rowB.getValue<SortValue>(columnId));
}

/** The header's aria-sort for a column's sort state (none when the table is not sorted by it). */
export function ariaSort(sorted: false | 'asc' | 'desc'): 'ascending' | 'descending' | 'none' {
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}
