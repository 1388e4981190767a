import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { COST_TYPES, MAX_COST_RANGE_DAYS } from '../../../../shared/contracts/costs.js';
import { DaySchema } from '../../../../shared/contracts/day.js';
import { daysBetween } from '../../../../shared/time/day.js';
import { useServices } from '../../app/services.js';
import {
  formatRange,
  presetOf,
  presetRange,
  PRESET_LABELS,
  RANGE_PRESETS,
  type RangePreset,
} from '../../lib/utc-days.js';
import { Button } from '../../components/ui/button.js';
import { Input, Select } from '../../components/ui/input.js';
import { cn } from '../../components/ui/cn.js';
import { byProviderQuery, hierarchyTreeQuery } from './queries.js';
import type { CostFilters } from './use-cost-filters.js';
import { COST_TYPE_LABELS, entityOptions } from './labels.js';

type Filter = 'provider' | 'cost_type' | 'hierarchy';

const label = 'block text-xs font-medium text-muted';

/**
 * The filters of every cost view, all in the URL: range (presets or two UTC days), provider, cost type, hierarchy
 * entity, and the Billed / Effective basis. `hide` leaves out filters a page fixes itself.
 */
export function FilterBar(props: { org: string; filters: CostFilters; hide?: readonly Filter[] }) {
  const { filters, org } = props;
  const { search, range, today, set } = filters;
  const hide = new Set(props.hide ?? []);
  const preset = search.start_date && search.end_date ? presetOf(range, today) : 'last_30_days';
  const [custom, setCustom] = useState(preset === undefined);

  return (
    <div
      role="search"
      aria-label="Cost filters"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-surface p-3"
    >
      <div className="space-y-1">
        <label htmlFor="range-preset" className={label}>
          Date range <span className="font-normal">(UTC)</span>
        </label>
        <Select
          id="range-preset"
          className="h-9 w-40"
          value={custom ? 'custom' : (preset ?? 'custom')}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'custom') return setCustom(true);
            setCustom(false);
            const r = presetRange(v as RangePreset, today);
            set({ start_date: r.start, end_date: r.end });
          }}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABELS[p]}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </Select>
      </div>
      {custom ? (
        <CustomRange
          key={`${range.start}|${range.end}`}
          start={range.start}
          end={range.end}
          onApply={(start_date, end_date) => set({ start_date, end_date })}
        />
      ) : (
        <p className="pb-2 text-sm text-muted" data-testid="range-label">
          {formatRange(range)}
        </p>
      )}
      {hide.has('provider') ? null : <ProviderFilter org={org} filters={filters} />}
      {hide.has('cost_type') ? null : (
        <div className="space-y-1">
          <label htmlFor="filter-cost-type" className={label}>
            Cost type
          </label>
          <Select
            id="filter-cost-type"
            className="h-9 w-36"
            value={search.cost_type ?? ''}
            onChange={(e) => set({ cost_type: (e.target.value || undefined) as never })}
          >
            <option value="">All</option>
            {COST_TYPES.map((t) => (
              <option key={t} value={t}>
                {COST_TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </div>
      )}
      {hide.has('hierarchy') ? null : <EntityFilter org={org} filters={filters} />}
      <BasisSwitch filters={filters} />
    </div>
  );
}

function CustomRange(props: { start: string; end: string; onApply: (start: string, end: string) => void }) {
  const [start, setStart] = useState(props.start);
  const [end, setEnd] = useState(props.end);
  const valid =
    DaySchema.safeParse(start).success &&
    DaySchema.safeParse(end).success &&
    start <= end &&
    daysBetween(start, end) <= MAX_COST_RANGE_DAYS;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) props.onApply(start, end);
  };
  return (
    <form onSubmit={submit} className="flex items-end gap-2" aria-label="Custom date range">
      <div className="space-y-1">
        <label htmlFor="range-start" className={label}>
          From
        </label>
        <Input
          id="range-start"
          type="date"
          className="h-9 w-36"
          value={start}
          onChange={(e) => setStart(e.target.value)}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="range-end" className={label}>
          To
        </label>
        <Input
          id="range-end"
          type="date"
          className="h-9 w-36"
          value={end}
          onChange={(e) => setEnd(e.target.value)}
        />
      </div>
      <Button type="submit" size="sm" variant="secondary" className="h-9" disabled={!valid}>
        Apply
      </Button>
    </form>
  );
}

function ProviderFilter({ org, filters }: { org: string; filters: CostFilters }) {
  const { api } = useServices();
  const { start_date, end_date } = filters.query;
  const providers = useQuery(byProviderQuery(api, org, { start_date, end_date }));
  const current = filters.search.provider;
  const options = new Map<string, string>();
  for (const p of providers.data?.items ?? [])
    if (p.provider) options.set(p.provider, p.provider_name ?? p.provider);
  if (current && !options.has(current)) options.set(current, current);
  return (
    <div className="space-y-1">
      <label htmlFor="filter-provider" className={label}>
        Provider
      </label>
      <Select
        id="filter-provider"
        className="h-9 w-40"
        value={current ?? ''}
        onChange={(e) => filters.set({ provider: e.target.value || undefined })}
      >
        <option value="">All</option>
        {[...options].map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </Select>
    </div>
  );
}

function EntityFilter({ org, filters }: { org: string; filters: CostFilters }) {
  const { api } = useServices();
  const tree = useQuery(hierarchyTreeQuery(api, org));
  const current = filters.search.hierarchy_entity_id;
  const options = entityOptions(tree.data?.roots ?? []);
  if (current && !options.some((o) => o.id === current)) options.push({ id: current, label: current });
  return (
    <div className="space-y-1">
      <label htmlFor="filter-entity" className={label}>
        Hierarchy
      </label>
      <Select
        id="filter-entity"
        className="h-9 w-44"
        value={current ?? ''}
        onChange={(e) => filters.set({ hierarchy_entity_id: e.target.value || undefined })}
      >
        <option value="">Whole organization</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

function BasisSwitch({ filters }: { filters: CostFilters }) {
  const item = (value: 'billed' | 'effective', text: string) => (
    <button
      type="button"
      aria-pressed={filters.basis === value}
      onClick={() => filters.set({ basis: value === 'billed' ? undefined : value })}
      className={cn(
        'h-9 px-3 text-sm font-medium first:rounded-l-md last:rounded-r-md',
        filters.basis === value
          ? 'bg-accent text-accent-contrast'
          : 'bg-surface text-text hover:bg-surface-2',
      )}
    >
      {text}
    </button>
  );
  return (
    <div className="ml-auto space-y-1">
      <span id="basis-label" className={label}>
        Cost basis
      </span>
      <div role="group" aria-labelledby="basis-label" className="flex rounded-md border border-line">
        {item('billed', 'Billed')}
        {item('effective', 'Effective')}
      </div>
    </div>
  );
}
