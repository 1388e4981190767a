/**
 * Shaping API rows for charts. The numbers are the API's; the only sums made here are a chart's stacks and a
 * hierarchy tile's roll-up of its descendants, which the pages label approximate (a KPI total always comes from the
 * API itself).
 */
import type { Basis } from './url-search.js';

export interface Amounts {
  billed_cost: number;
  effective_cost: number;
}

/** The amount of a row on the basis the view shows. */
export const amountOf = (row: Amounts, basis: Basis): number =>
  basis === 'effective' ? row.effective_cost : row.billed_cost;

export interface StackedRow {
  period: string;
  /** Per series key, the sum of the rows of that period and series. */
  values: Record<string, number>;
  /** The stack's height (sum of its series). */
  stack: number;
}

/**
 * Rows per period with one value per series (`series(row)`: a cost type, a provider), for a stacked bar chart.
 * Periods keep the API's order; series are ordered largest first over the whole range.
 */
export function stackBy<T>(
  rows: readonly T[],
  period: (row: T) => string,
  series: (row: T) => string,
  value: (row: T) => number,
): { rows: StackedRow[]; series: string[] } {
  const byPeriod = new Map<string, StackedRow>();
  const totals = new Map<string, number>();
  for (const row of rows) {
    const p = period(row);
    const s = series(row);
    const v = value(row);
    let r = byPeriod.get(p);
    if (!r) byPeriod.set(p, (r = { period: p, values: {}, stack: 0 }));
    r.values[s] = (r.values[s] ?? 0) + v;
    r.stack += v;
    totals.set(s, (totals.get(s) ?? 0) + v);
  }
  const order = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  return { rows: [...byPeriod.values()], series: order };
}

/** The `n` largest rows by `value` (ties keep their order). */
export function topN<T>(rows: readonly T[], n: number, value: (row: T) => number): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => value(b.row) - value(a.row) || a.i - b.i)
    .slice(0, n)
    .map((x) => x.row);
}

export interface HierarchyRow extends Amounts {
  entity_id: string | null;
  entity_name: string | null;
  level_code: string | null;
  path: string | null;
}

export interface HierarchyNode {
  /** The entity id; null for the Unallocated node. */
  id: string | null;
  name: string;
  level: string | null;
  /** Cost allocated to this entity itself (the API row's amount, 0 when the API has no row for it). */
  own: number;
  /** `own` plus every descendant's (a roll-up made here: approximate next to the API's node total). */
  total: number;
  children: HierarchyNode[];
}

/**
 * The entity tree of the API's by-hierarchy rows, rolled up by `path` (`/DEPT-ENG/PROJ-WEB/TEAM-FRONTEND`): an
 * ancestor the rows name only in a path is named from `names` (the hierarchy tree), else by its id. The
 * unallocated row (entity_id null) is a root of its own, last. Children are largest first.
 */
export function rollUpHierarchy(
  rows: readonly HierarchyRow[],
  basis: Basis,
  names: ReadonlyMap<string, { name: string; level: string | null }> = new Map(),
): HierarchyNode[] {
  const nodes = new Map<string, HierarchyNode>();
  const roots: HierarchyNode[] = [];
  const node = (id: string, parent: HierarchyNode | undefined): HierarchyNode => {
    let n = nodes.get(id);
    if (!n) {
      const known = names.get(id);
      n = { id, name: known?.name ?? id, level: known?.level ?? null, own: 0, total: 0, children: [] };
      nodes.set(id, n);
      (parent ? parent.children : roots).push(n);
    }
    return n;
  };
  let unallocated: HierarchyNode | undefined;
  for (const row of rows) {
    const v = amountOf(row, basis);
    if (row.entity_id === null) {
      unallocated ??= { id: null, name: 'Unallocated', level: null, own: 0, total: 0, children: [] };
      unallocated.own += v;
      unallocated.total += v;
      continue;
    }
    const ids = (row.path ?? `/${row.entity_id}`).split('/').filter(Boolean);
    if (ids[ids.length - 1] !== row.entity_id) ids.push(row.entity_id);
    let parent: HierarchyNode | undefined;
    for (const id of ids) {
      parent = node(id, parent);
      parent.total += v;
    }
    parent!.own += v;
    if (row.entity_name) parent!.name = row.entity_name;
    if (row.level_code) parent!.level = row.level_code;
  }
  const sort = (list: HierarchyNode[]) => {
    list.sort((a, b) => b.total - a.total);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  if (unallocated) roots.push(unallocated);
  return roots;
}

/** The node `id` of a tree and the nodes from a root down to it (for breadcrumbs); undefined when absent. */
export function findNode(
  roots: readonly HierarchyNode[],
  id: string,
): { node: HierarchyNode; trail: HierarchyNode[] } | undefined {
  for (const n of roots) {
    if (n.id === id) return { node: n, trail: [n] };
    const below = findNode(n.children, id);
    if (below) return { node: below.node, trail: [n, ...below.trail] };
  }
  return undefined;
}

/** The largest value of a series of points and where it is; undefined for none. */
export function peakOf<T>(rows: readonly T[], value: (row: T) => number): T | undefined {
  let best: T | undefined;
  for (const row of rows) if (best === undefined || value(row) > value(best)) best = row;
  return best;
}

/**
 * Round axis ticks from 0 to at least `max` (`max` 371 → 0, 100, 200, 300, 400): steps of 1, 2, 2.5 or 5 times a
 * power of ten, about `count` of them (the fewest empty space on top). A max of 0 or less gives [0, 1].
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || ticks[ticks.length - 1]! < max; i++)
    ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/**
 * One colour per series of a chart: its preferred one (a provider's fixed colour) for the first series that wants
 * it; a series whose colour is taken gets the first slot nobody uses. With more series than slots, colours repeat.
 */
export function distinctColors(
  keys: readonly string[],
  preferred: (key: string) => string,
  slots: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  // First every series that is the first to want its colour, then the others on the slots left.
  for (const key of keys) {
    const color = preferred(key);
    if (!used.has(color)) {
      used.add(color);
      out.set(key, color);
    }
  }
  for (const key of keys) {
    if (out.has(key)) continue;
    const color = slots.find((s) => !used.has(s)) ?? preferred(key);
    used.add(color);
    out.set(key, color);
  }
  return new Map(keys.map((k) => [k, out.get(k)!]));
}
