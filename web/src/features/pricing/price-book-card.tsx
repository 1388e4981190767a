import { useState } from 'react';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { Card, CardTitle } from '../../components/ui/card.js';
import { Button } from '../../components/ui/button.js';
import { Input } from '../../components/ui/input.js';
import { RequireRole } from '../org/use-role.js';
import { formatDay } from '../../lib/utc-days.js';
import {
  filterRows,
  formatRate,
  inEffect,
  PROVIDER_LABELS,
  type GenAiProvider,
  type PriceBookRow,
  type PricingItem,
} from './model.js';

const perToken = (i: PricingItem) =>
  i.input_per_1m !== null || i.output_per_1m !== null || i.cached_input_per_1m !== null;

/** One dated price: its rates per 1M tokens, its dates, "in effect" when it applies today. */
function PriceLines({ item, current, testId }: { item: PricingItem; current: boolean; testId: string }) {
  const c = item.currency;
  const rates: [string, number | null][] = [
    ['In', item.input_per_1m],
    ['Cached', item.cached_input_per_1m],
    ['Out', item.output_per_1m],
    ['Cache write', item.cache_write_per_1m],
    ['Cache write 1h', item.cache_write_1h_per_1m],
  ];
  return (
    <div className="space-y-0.5" data-testid={testId}>
      <p className="tabular-nums">
        {perToken(item) ? (
          rates
            .filter(([, v], i) => i < 3 || v !== null)
            .map(([label, v]) => (
              <span key={label} className="mr-3 whitespace-nowrap">
                <span className="text-muted">{label} </span>
                {formatRate(v, c)}
              </span>
            ))
        ) : (
          <span className="text-muted">Not priced per token</span>
        )}
        {item.batch_discount_pct !== null ? (
          <span className="whitespace-nowrap">
            <span className="text-muted">Batch </span>−{item.batch_discount_pct}%
          </span>
        ) : null}
      </p>
      <p className="text-xs text-muted">
        from {formatDay(item.effective_from)}
        {item.effective_to ? ` until ${formatDay(item.effective_to)}` : ''}
        {item.currency !== 'USD' ? ` · ${item.currency}` : ''}
        {current ? (
          <span className="ml-2 rounded bg-surface-2 px-1.5 py-0.5 font-medium text-text">in effect</span>
        ) : null}
      </p>
      {item.source === 'custom' && item.notes ? <p className="text-xs text-muted">{item.notes}</p> : null}
    </div>
  );
}

/** "Set a price" (a new model) and "Reset to public prices" (only with an override): admins only. */
function PriceBookActions(props: { overrides: number; onNew: () => void; onReset: () => void }) {
  return (
    <div className="flex flex-wrap gap-2">
      <RequireRole min="admin">
        {(disabled) => (
          <Button size="sm" disabled={disabled} onClick={props.onNew}>
            <Plus aria-hidden="true" className="size-4" />
            Set a price
          </Button>
        )}
      </RequireRole>
      <RequireRole min="admin">
        {(disabled) => (
          <Button
            size="sm"
            variant="secondary"
            disabled={disabled || props.overrides === 0}
            onClick={props.onReset}
          >
            Reset to public prices
          </Button>
        )}
      </RequireRole>
    </div>
  );
}

/** The filters: the model text, and overrides only. */
function PriceBookFilters(props: {
  text: string;
  onText: (text: string) => void;
  onlyOverrides: boolean;
  onOnlyOverrides: (only: boolean) => void;
}) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-4">
      <label className="flex items-center gap-2 text-sm whitespace-nowrap">
        <span>Filter models</span>
        <Input
          className="h-8 w-56"
          type="search"
          value={props.text}
          onChange={(e) => props.onText(e.target.value)}
          placeholder="gpt-4o"
        />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={props.onlyOverrides}
          onChange={(e) => props.onOnlyOverrides(e.target.checked)}
          className="size-4 accent-[var(--color-accent)]"
        />
        Only models with an override
      </label>
    </div>
  );
}

/** One override with its Edit and Delete buttons (admins only). */
function OverrideLine(props: {
  item: PricingItem;
  current: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const o = props.item;
  return (
    <div className="flex items-start justify-between gap-2">
      <PriceLines item={o} current={props.current} testId="override-price" />
      <div className="flex shrink-0 gap-1">
        <RequireRole min="admin">
          {(disabled) => (
            <Button
              size="sm"
              variant="ghost"
              disabled={disabled}
              aria-label={`Edit the override of ${o.model} from ${o.effective_from}`}
              onClick={props.onEdit}
            >
              <Pencil aria-hidden="true" className="size-4" />
            </Button>
          )}
        </RequireRole>
        <RequireRole min="admin">
          {(disabled) => (
            <Button
              size="sm"
              variant="ghost"
              disabled={disabled}
              aria-label={`Delete the override of ${o.model} from ${o.effective_from}`}
              onClick={props.onDelete}
            >
              <Trash2 aria-hidden="true" className="size-4" />
            </Button>
          )}
        </RequireRole>
      </div>
    </div>
  );
}

type RowActions = {
  onSet: (row: PriceBookRow, from?: PricingItem) => void;
  onDelete: (item: PricingItem) => void;
};

/** One model (and region): its public prices, its overrides, and "Set override" when it is priced per token. */
function PriceBookTableRow({
  row,
  today,
  onSet,
  onDelete,
}: { row: PriceBookRow; today: string } & RowActions) {
  const publicNow = inEffect(row.defaults, today);
  const overrideNow = inEffect(row.overrides, today);
  const tokenPriced = row.defaults.length === 0 || row.defaults.some(perToken);
  return (
    <tr data-testid={`price-row-${row.key}`} className="align-top">
      <th scope="row" className="px-3 py-2 font-medium">
        {row.model}
        {row.region ? <span className="ml-1 text-xs font-normal text-muted">({row.region})</span> : null}
      </th>
      <td className="space-y-2 px-3 py-2">
        {row.defaults.length === 0 ? (
          <span className="text-muted">Not in the public price book</span>
        ) : (
          row.defaults.map((d) => (
            <PriceLines
              key={d.price_id}
              item={d}
              current={d === publicNow && !overrideNow}
              testId="public-price"
            />
          ))
        )}
      </td>
      <td className="space-y-2 px-3 py-2">
        {row.overrides.length === 0 ? (
          <span className="text-muted">None</span>
        ) : (
          row.overrides.map((o) => (
            <OverrideLine
              key={o.price_id}
              item={o}
              current={o === overrideNow}
              onEdit={() => onSet(row, o)}
              onDelete={() => onDelete(o)}
            />
          ))
        )}
      </td>
      <td className="px-3 py-2 text-right">
        {tokenPriced ? (
          <RequireRole min="admin">
            {(disabled) => (
              <Button
                size="sm"
                variant="secondary"
                disabled={disabled}
                aria-label={`Set override of ${row.model}${row.region ? ` (${row.region})` : ''}`}
                onClick={() => onSet(row, publicNow ?? row.defaults.at(-1))}
              >
                Set override
              </Button>
            )}
          </RequireRole>
        ) : null}
      </td>
    </tr>
  );
}

/** The table of the filtered rows: model, public price, override, actions. */
function PriceBookTable(props: { label: string; rows: readonly PriceBookRow[]; today: string } & RowActions) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="price-book-table">
        <caption className="sr-only">
          {props.label} prices per 1M tokens: public price and your override per model, dated
        </caption>
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Model
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Public price (per 1M tokens)
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Your override
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {props.rows.map((row) => (
            <PriceBookTableRow
              key={row.key}
              row={row}
              today={props.today}
              onSet={props.onSet}
              onDelete={props.onDelete}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The provider's price book: a row per model (and region) with the public price and the org's override side by
 * side, each dated; set, edit or delete an override; reset the provider. Filter by model, or overrides only.
 */
export function PriceBookCard(props: {
  provider: GenAiProvider;
  rows: readonly PriceBookRow[];
  today: string;
  onSet: (row: PriceBookRow, from?: PricingItem) => void;
  onNew: () => void;
  onDelete: (item: PricingItem) => void;
  onReset: () => void;
}) {
  const [text, setText] = useState('');
  const [onlyOverrides, setOnlyOverrides] = useState(false);
  const rows = filterRows(props.rows, text, onlyOverrides);
  const overrides = props.rows.reduce((n, r) => n + r.overrides.length, 0);
  const label = PROVIDER_LABELS[props.provider];
  return (
    <Card aria-labelledby="price-book-title" data-testid="price-book">
      <CardTitle
        action={<PriceBookActions overrides={overrides} onNew={props.onNew} onReset={props.onReset} />}
      >
        <span id="price-book-title">
          {label} price book{' '}
          <span className="font-normal text-muted">
            · {props.rows.length} model{props.rows.length === 1 ? '' : 's'} · {overrides} override
            {overrides === 1 ? '' : 's'}
          </span>
        </span>
      </CardTitle>
      <PriceBookFilters
        text={text}
        onText={setText}
        onlyOverrides={onlyOverrides}
        onOnlyOverrides={setOnlyOverrides}
      />
      {rows.length === 0 ? (
        <p className="text-sm text-muted">No model matches.</p>
      ) : (
        <PriceBookTable
          label={label}
          rows={rows}
          today={props.today}
          onSet={props.onSet}
          onDelete={props.onDelete}
        />
      )}
    </Card>
  );
}
