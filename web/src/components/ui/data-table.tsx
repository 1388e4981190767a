import { useMemo, type ReactNode } from 'react';
import { ArrowDown, ArrowUp, ChevronsUpDown } from 'lucide-react';
import { createColumnHelper, useTable, type RowData } from '@tanstack/react-table';
import {
  ariaSort,
  sortByValue,
  sortFeatures,
  toSortValue,
  type SortFeatures,
  type SortValue,
} from '../../lib/table-sort.js';
import { cn } from './cn.js';

/** One column of a DataTable, typed by its row. */
export interface DataColumn<T> {
  /** Stable id (also the cells' `data-key`). */
  id: string;
  header: string;
  /** What the column sorts by: a number, a `YYYY-MM-DD` day or text; null or '' is empty and sorts last. */
  sortValue: (row: T) => unknown;
  /** The cell's content (money already formatted with formatMoney: a cell never re-totals). */
  cell: (row: T) => ReactNode;
  /** Figures: right-aligned in tabular numerals. */
  numeric?: boolean;
  /** Default true. */
  sortable?: boolean;
}

interface DataTableProps<T> {
  /** The table's caption (read by screen readers; the card's heading shows it on screen). */
  caption: string;
  columns: readonly DataColumn<T>[];
  /** The rows in their default order, which the table keeps until a header is clicked. */
  rows: readonly T[];
  /** The table's data-testid. */
  testId?: string;
  /** A row's stable key (default: its index). */
  rowId?: (row: T, index: number) => string;
  /** Classes of the scrolling region around the table. */
  className?: string;
}

function SortIcon({ sorted }: { sorted: false | 'asc' | 'desc' }) {
  const Icon = sorted === 'asc' ? ArrowUp : sorted === 'desc' ? ArrowDown : ChevronsUpDown;
  return <Icon aria-hidden="true" className={cn('size-3.5 shrink-0', sorted ? '' : 'opacity-40')} />;
}

/** A column header: a button that cycles the sort when the column sorts, aria-sort on the <th>. */
function HeaderCell(props: {
  label: string;
  numeric: boolean | undefined;
  sorted: false | 'asc' | 'desc';
  onToggle: ((event: unknown) => void) | undefined;
}) {
  const { label, numeric, sorted, onToggle } = props;
  return (
    <th
      scope="col"
      aria-sort={onToggle ? ariaSort(sorted) : undefined}
      className={cn('px-3 py-2 font-medium', numeric && 'text-right')}
    >
      {onToggle ? (
        <button
          type="button"
          onClick={onToggle}
          className={cn(
            'inline-flex items-center gap-1 rounded-sm hover:text-text',
            numeric && 'flex-row-reverse',
          )}
        >
          {label}
          <SortIcon sorted={sorted} />
        </button>
      ) : (
        label
      )}
    </th>
  );
}

/**
 * A table on TanStack Table (core + sorting row models only): typed columns, a button in each sortable header
 * that cycles its sort (first direction, the other, back to the rows' own order) with aria-sort on the <th>,
 * figures right-aligned in tabular numerals. It shows rows; it never computes a figure of its own.
 */
export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { columns: specs, rowId } = props;
  const columns = useMemo(() => {
    const helper = createColumnHelper<SortFeatures, T>();
    return helper.columns(
      specs.map((c) =>
        helper.accessor((row): SortValue => toSortValue(c.sortValue(row)), {
          id: c.id,
          header: c.header,
          cell: ({ row }) => c.cell(row.original),
          enableSorting: c.sortable ?? true,
          sortFn: sortByValue,
          sortUndefined: 'last',
        }),
      ),
    );
  }, [specs]);
  const byId = useMemo(() => new Map(specs.map((c) => [c.id, c])), [specs]);
  const table = useTable({
    features: sortFeatures,
    columns,
    data: props.rows,
    ...(rowId ? { getRowId: (row: T, index: number) => rowId(row, index) } : {}),
  });
  return (
    <div
      className={cn('overflow-auto', props.className)}
      tabIndex={0}
      role="region"
      aria-label={`${props.caption} (table)`}
    >
      <table className="w-full text-left text-sm" data-testid={props.testId}>
        <caption className="sr-only">{props.caption}</caption>
        <thead className="sticky top-0 bg-surface-2 text-xs text-muted">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const numeric = byId.get(header.column.id)?.numeric;
                const sorted = header.column.getIsSorted();
                const label = byId.get(header.column.id)?.header ?? header.column.id;
                return (
                  <HeaderCell
                    key={header.id}
                    label={label}
                    numeric={numeric}
                    sorted={sorted}
                    onToggle={
                      header.column.getCanSort() ? header.column.getToggleSortingHandler() : undefined
                    }
                  />
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-line">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <td
                  key={cell.id}
                  data-key={cell.column.id}
                  className={cn(
                    'px-3 py-1.5',
                    byId.get(cell.column.id)?.numeric && 'text-right tabular-nums',
                  )}
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
