import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ChevronRight } from 'lucide-react';
import { useServices } from '../app/services.js';
import { RequireRole, useMembership } from '../features/org/use-role.js';
import { useCostFilters, type CostFilters } from '../features/costs/use-cost-filters.js';
import type { CsvValue } from '../lib/csv.js';
import { CostPageHeader, TotalCards } from '../features/costs/view-page.js';
import { AMOUNT_COLUMNS } from '../features/costs/cost-charts.js';
import { byHierarchyQuery, hierarchyTreeQuery, summaryQuery } from '../features/costs/queries.js';
import { entityNames, UNALLOCATED_COLOR } from '../features/costs/labels.js';
import { CurrencyNotice } from '../features/costs/currency-notice.js';
import { ChartFrame } from '../components/charts/chart-frame.js';
import { TreemapChart, type Tile } from '../components/charts/treemap-chart.js';
import { seriesColor } from '../components/charts/theme.js';
import { ErrorAlert } from '../components/ui/alert.js';
import { findNode, rollUpHierarchy, type HierarchyNode } from '../lib/cost-series.js';
import { csvFileName } from '../lib/csv.js';
import { formatMoney } from '../lib/money.js';
import { formatRange } from '../lib/utc-days.js';

/**
 * `/$org/costs/hierarchy`: cost by department, project and team as a treemap with drill-down (the entity in the
 * URL as hierarchy_entity_id). A node's total is the API's summary for that entity, descendants included; the
 * tiles add up the API's rows under each child (approximate, labelled so).
 */
export function HierarchyCostsPage() {
  const { api } = useServices();
  const { org } = useMembership();
  const filters = useCostFilters();
  const nodeId = filters.search.hierarchy_entity_id;
  const summary = useQuery(summaryQuery(api, org, filters.query));
  const rows = useQuery(byHierarchyQuery(api, org, filters.query));
  const tree = useQuery(hierarchyTreeQuery(api, org));
  const names = entityNames(tree.data?.roots ?? []);
  const currency = rows.data?.currency ?? summary.data?.currency ?? 'USD';
  const roots = rollUpHierarchy(rows.data?.items ?? [], filters.basis, names);
  const found = nodeId ? findNode(roots, nodeId) : undefined;
  const nodeName = nodeId ? (names.get(nodeId)?.name ?? nodeId) : 'Whole organization';
  const tiles = tilesOf(found ? found.node : undefined, roots);
  const tableRows = (rows.data?.items ?? []).map((r) => ({
    ...r,
    entity_name: r.entity_id === null ? 'Unallocated' : (r.entity_name ?? r.entity_id),
  }));
  const effective = filters.basis === 'effective';
  return (
    <div className="space-y-6">
      <CostPageHeader title="Hierarchy costs" filters={filters}>
        Cost by department, project and team. Select a tile or a name to drill down; the total of an entity
        includes everything under it.
      </CostPageHeader>
      <Breadcrumbs
        trail={found?.trail ?? []}
        nodeId={nodeId}
        onSelect={(id) => filters.set({ hierarchy_entity_id: id })}
      />
      {summary.isError ? <ErrorAlert error={summary.error} title="Could not load the total" /> : null}
      <CurrencyNotice records={summary.data?.other_currency_records} currency={currency} />
      <TotalCards
        loading={summary.isPending}
        currency={currency}
        cards={[
          {
            label: `${nodeName}: ${effective ? 'effective' : 'billed'} cost`,
            value: effective ? summary.data?.total_effective_cost : summary.data?.total_billed_cost,
            testId: 'node-total',
            sub: `${formatRange(filters.range)}${nodeId ? ', everything under it included' : ''}`,
          },
        ]}
      />
      <HierarchyTreemap
        rows={tableRows}
        tiles={tiles}
        loading={rows.isPending}
        error={rows.error}
        currency={currency}
        nodeName={nodeName}
        filters={filters}
      />
      <ChildList
        org={org}
        tiles={tiles}
        currency={currency}
        onSelect={(id) => filters.set({ hierarchy_entity_id: id })}
      />
    </div>
  );
}

/** The tiles of the node in a treemap; its table twin lists the API's rows under the node. */
function HierarchyTreemap(props: {
  rows: Record<string, CsvValue>[];
  tiles: Tile[];
  loading: boolean;
  error: unknown;
  currency: string;
  nodeName: string;
  filters: CostFilters;
}) {
  const { tiles, currency, nodeName, filters } = props;
  const effective = filters.basis === 'effective';
  return (
    <ChartFrame
      id="hierarchy-treemap"
      title={`Cost under ${nodeName}`}
      currency={currency}
      loading={props.loading}
      error={props.error}
      table={{
        columns: [
          { key: 'entity_name', label: 'Entity' },
          { key: 'entity_id', label: 'Id' },
          { key: 'level_code', label: 'Level' },
          { key: 'path', label: 'Path' },
          ...AMOUNT_COLUMNS,
        ],
        rows: props.rows,
      }}
      csvName={csvFileName(
        'cost-by-hierarchy',
        filters.search.hierarchy_entity_id ?? 'all',
        filters.range.start,
        filters.range.end,
      )}
      summary={`${effective ? 'Effective' : 'Billed'} cost under ${nodeName}, ${formatRange(filters.range)}: ${
        tiles.length
      } parts${tiles[0] ? `; largest ${tiles[0].name} at about ${formatMoney(tiles[0].value, currency)}` : ''}.`}
      note="Tile sizes add up the cost allocated to each entity and everything under it (approximate); the total above is the API's."
      height={360}
    >
      <TreemapChart
        tiles={tiles}
        currency={currency}
        onSelect={(t) => t.id && filters.set({ hierarchy_entity_id: t.id })}
      />
    </ChartFrame>
  );
}

/** A part of the node; `unallocated` marks the Unallocated part (the API's rows with no entity). */
type PartTile = Tile & { unallocated?: boolean };

/** The tiles under a node (or the top level): its children, its own cost, and Unallocated at the top. */
function tilesOf(node: HierarchyNode | undefined, roots: HierarchyNode[]): PartTile[] {
  const list = node ? node.children : roots;
  const tiles: PartTile[] = list.map((n, i) => ({
    id: n.id,
    name: n.name,
    value: n.total,
    color: n.id === null ? UNALLOCATED_COLOR : seriesColor(i),
    drill: n.id !== null,
    unallocated: n.id === null,
  }));
  if (node && node.own > 0)
    tiles.push({
      id: null,
      name: `${node.name} (direct)`,
      value: node.own,
      color: seriesColor(6),
      drill: false,
    });
  return tiles.sort((a, b) => b.value - a.value);
}

function Breadcrumbs(props: {
  trail: HierarchyNode[];
  nodeId: string | undefined;
  onSelect: (id: string | undefined) => void;
}) {
  if (!props.nodeId) return null;
  const link = 'font-medium text-accent underline';
  return (
    <nav aria-label="Hierarchy path" className="text-sm">
      <ol className="flex flex-wrap items-center gap-1">
        <li>
          <button type="button" className={link} onClick={() => props.onSelect(undefined)}>
            Whole organization
          </button>
        </li>
        {props.trail.map((n, i) => (
          <li key={n.id ?? 'none'} className="inline-flex items-center gap-1">
            <ChevronRight aria-hidden="true" className="size-3.5 text-muted" />
            {i === props.trail.length - 1 ? (
              <span aria-current="page">{n.name}</span>
            ) : (
              <button type="button" className={link} onClick={() => props.onSelect(n.id ?? undefined)}>
                {n.name}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Unallocated's way to the org structure's new-rule dialog (a rule needs member, as the rules API does). */
function CreateRuleLink({ org }: { org: string }) {
  const text = 'Create a rule for this';
  return (
    <RequireRole min="member">
      {(disabled) =>
        disabled ? (
          <span className="text-muted">{text}</span>
        ) : (
          <Link
            to="/$org/hierarchy"
            params={{ org }}
            search={{ create_rule: 1 }}
            className="font-medium text-accent underline"
          >
            {text}
          </Link>
        )
      }
    </RequireRole>
  );
}

/** The treemap's tiles as a list of buttons: the keyboard way to drill down; Unallocated links to a new rule. */
function ChildList(props: {
  org: string;
  tiles: PartTile[];
  currency: string;
  onSelect: (id: string) => void;
}) {
  if (props.tiles.length === 0) return null;
  return (
    <ul aria-label="Parts" className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
      {props.tiles.map((t) => (
        <li key={`${t.id}|${t.name}`}>
          {t.drill && t.id ? (
            <button
              type="button"
              onClick={() => props.onSelect(t.id!)}
              className="flex w-full items-center justify-between gap-2 rounded-md border border-line bg-surface px-3 py-2 text-left text-sm hover:bg-surface-2"
            >
              <span className="inline-flex items-center gap-2">
                <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ background: t.color }} />
                {t.name}
              </span>
              <span className="tabular-nums text-muted">≈ {formatMoney(t.value, props.currency)}</span>
            </button>
          ) : (
            <div
              className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-dashed border-line px-3 py-2 text-sm"
              {...(t.unallocated ? { 'data-testid': 'unallocated-part' } : {})}
            >
              <span className="inline-flex items-center gap-2">
                <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ background: t.color }} />
                {t.name}
              </span>
              <span className="tabular-nums text-muted">≈ {formatMoney(t.value, props.currency)}</span>
              {t.unallocated ? (
                <span className="basis-full">
                  <CreateRuleLink org={props.org} />
                </span>
              ) : null}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
