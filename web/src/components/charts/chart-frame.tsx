import { useId, useMemo, useState, type ReactNode } from 'react';
import { Download, Table2, ChartColumn } from 'lucide-react';
import { formatMoney } from '../../lib/money.js';
import { toCsv, type CsvValue } from '../../lib/csv.js';
import { formatUtcDay } from '../../lib/day-format.js';
import { Button } from '../ui/button.js';
import { Card } from '../ui/card.js';
import { DataTable, type DataColumn } from '../ui/data-table.js';
import { Skeleton } from '../ui/skeleton.js';
import { ErrorAlert } from '../ui/alert.js';

export interface Column {
  key: string;
  label: string;
  /** money: formatted in full in the view's currency; day: `Oct 1, 2026`; text and number as they are. */
  kind?: 'text' | 'money' | 'number' | 'day';
}

/** A chart's numbers as a table: the API view's rows, the same values the chart draws. */
export interface TableData {
  columns: readonly Column[];
  rows: readonly Row[];
}

type Row = Record<string, CsvValue>;

const num = new Intl.NumberFormat('en-US');

function cell(value: CsvValue, kind: Column['kind'], currency: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (kind === 'money' && typeof value === 'number') return formatMoney(value, currency);
  if (kind === 'number' && typeof value === 'number') return num.format(value);
  if (kind === 'day' && typeof value === 'string') return formatUtcDay(value);
  return String(value);
}

function download(name: string, table: TableData) {
  const csv = toCsv(
    table.columns.map((c) => c.key),
    table.rows.map((r) => table.columns.map((c) => r[c.key])),
  );
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The table twin of a chart: the API view's rows in the API's order (what the e2e tests read), sortable. */
function TableTwin(props: { id: string; caption: string; table: TableData; currency: string }) {
  const { table, currency } = props;
  const columns = useMemo(
    () =>
      table.columns.map((c): DataColumn<Row> => ({
        id: c.key,
        header: c.label,
        sortValue: (row) => row[c.key],
        cell: (row) => cell(row[c.key], c.kind, currency),
        numeric: c.kind === 'money' || c.kind === 'number',
      })),
    [table.columns, currency],
  );
  return (
    <DataTable
      caption={props.caption}
      columns={columns}
      rows={table.rows}
      testId={`${props.id}-table`}
      className="max-h-80 rounded-md border border-line"
    />
  );
}

interface FrameProps {
  /** Stable id: the frame's test id and the table's (`<id>-table`). */
  id: string;
  title: string;
  /** One sentence saying what the chart shows (its aria-label). */
  summary: string;
  currency: string;
  table: TableData;
  csvName: string;
  /** Chart height in px (the skeleton and the empty state keep it). */
  height?: number;
  loading?: boolean;
  error?: unknown;
  /** Shown instead of the chart when the table has no rows. */
  empty?: ReactNode;
  note?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A chart in a card: heading, aria summary, a "View as table" twin and "Download CSV" of that table. */
export function ChartFrame(props: FrameProps) {
  const [asTable, setAsTable] = useState(false);
  const titleId = useId();
  const height = props.height ?? 260;
  const ready = !props.loading && !props.error;
  const hasRows = props.table.rows.length > 0;
  return (
    <Card aria-labelledby={titleId} className={props.className} data-testid={props.id}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={titleId} className="text-sm font-semibold">
          {props.title}
        </h2>
        <div className="flex gap-1">
          <Button
            variant="ghost"
            size="sm"
            aria-pressed={asTable}
            disabled={!ready || !hasRows}
            onClick={() => setAsTable((v) => !v)}
          >
            {asTable ? (
              <ChartColumn aria-hidden="true" className="size-4" />
            ) : (
              <Table2 aria-hidden="true" className="size-4" />
            )}
            {asTable ? 'View as chart' : 'View as table'}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            disabled={!ready || !hasRows}
            onClick={() => download(props.csvName, props.table)}
          >
            <Download aria-hidden="true" className="size-4" />
            Download CSV
          </Button>
        </div>
      </div>
      {props.loading ? (
        <div aria-busy="true" style={{ height }}>
          <Skeleton className="h-full w-full" />
        </div>
      ) : props.error ? (
        <ErrorAlert error={props.error} title={`Could not load ${props.title.toLowerCase()}`} />
      ) : !hasRows ? (
        <div className="flex items-center justify-center text-sm text-muted" style={{ minHeight: height }}>
          {props.empty ?? 'No cost in this range.'}
        </div>
      ) : asTable ? (
        <TableTwin id={props.id} caption={props.title} table={props.table} currency={props.currency} />
      ) : (
        <figure aria-label={props.summary} style={{ height }} className="w-full">
          {props.children}
        </figure>
      )}
      {ready && props.note ? <p className="mt-2 text-xs text-muted">{props.note}</p> : null}
    </Card>
  );
}
