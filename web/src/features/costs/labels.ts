import type { CostType } from '../../../../shared/contracts/costs.js';
import { providerColor, UNALLOCATED_COLOR } from '../../app/providers.js';
import { distinctColors } from '../../lib/cost-series.js';
import { CHART_SLOTS } from '../../components/charts/theme.js';

export const COST_TYPE_LABELS: Record<CostType, string> = {
  cloud: 'Cloud',
  genai: 'GenAI',
  subscription: 'Subscriptions',
};

/** A cost type's colour (fixed, so a cost type looks the same on every chart). */
export const COST_TYPE_COLORS: Record<string, string> = {
  cloud: 'var(--chart-1)',
  genai: 'var(--chart-3)',
  subscription: 'var(--chart-2)',
};

export const costTypeLabel = (t: string | null) =>
  t === null ? 'Other' : (COST_TYPE_LABELS[t as CostType] ?? t);

export const costTypeColor = (t: string | null) => (t ? COST_TYPE_COLORS[t] : undefined) ?? 'var(--chart-8)';

export { providerColor, UNALLOCATED_COLOR };

interface TreeEntity {
  entity_id: string;
  name: string;
  children: TreeEntity[];
}

/** The hierarchy as select options, indented by depth (`Data & AI`, `— Analytics`, `— — BI`). */
export function entityOptions(roots: readonly TreeEntity[], depth = 0): { id: string; label: string }[] {
  return roots.flatMap((e) => [
    { id: e.entity_id, label: `${'— '.repeat(depth)}${e.name}` },
    ...entityOptions(e.children, depth + 1),
  ]);
}

/** An entity's name by id, from the hierarchy tree. */
export function entityNames(
  roots: readonly (TreeEntity & { level_code?: string })[],
  into = new Map<string, { name: string; level: string | null }>(),
) {
  for (const e of roots) {
    into.set(e.entity_id, { name: e.name, level: e.level_code ?? null });
    entityNames(e.children, into);
  }
  return into;
}

/**
 * The colour of each provider of a chart, in the order given (largest first): its fixed colour unless a larger
 * provider of the same chart has it (SaaS names hash into eight colours), then a free one. The trend by provider
 * orders its series the same way, so a provider has one colour across a page.
 */
export function providerColors(providers: readonly (string | null)[]): (provider: string | null) => string {
  const keys = [...new Set(providers.map((p) => p ?? ''))];
  const map = distinctColors(keys, providerColor, CHART_SLOTS);
  return (p) => map.get(p ?? '') ?? providerColor(p ?? '');
}
