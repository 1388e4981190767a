// Column mapping: FOCUS names and x_ columns stay; spec renames, aliases and case variants of FOCUS names take
// the FOCUS name when it is free; every other column gets the provider prefix (ColumnHandling: custom columns
// MUST be prefixed with a consistent x_).
// Sources: [CL] FOCUS_Spec CHANGELOG.md (renames; none between 1.0 and 1.3: 1.2 renamed attributes and a metadata
// property, 1.3 only the InvoiceIssuer display name); [OCI] OCI FOCUS reports use display names as column IDs.
import { focusCostAndUsageColumns } from '../../datasets/focus-cost.js';

/** The 65 columns in the order of `cost_data_standard_1_3`. */
export const FOCUS_ORDER: readonly string[] = focusCostAndUsageColumns.map((c) => c.name);
export const FOCUS_SET: ReadonlySet<string> = new Set(FOCUS_ORDER);

interface Rename {
  to: string;
  why: string;
}

/** Renames of the changelog, applied whenever the new name is absent. */
const SPEC_RENAMES: Readonly<Record<string, Rename>> = {
  AmortizedCost: { to: 'EffectiveCost', why: 'FOCUS 1.0-preview renamed AmortizedCost to EffectiveCost' },
  ChargeType: { to: 'ChargeCategory', why: 'FOCUS 1.0-preview renamed ChargeType to ChargeCategory' },
  UsageQuantity: { to: 'ConsumedQuantity', why: 'FOCUS 1.0 renamed UsageQuantity to ConsumedQuantity' },
  UsageUnit: { to: 'ConsumedUnit', why: 'FOCUS 1.0 renamed UsageUnit to ConsumedUnit' },
  Region: { to: 'RegionId', why: 'FOCUS 1.0 renamed Region to RegionId (and added RegionName)' },
  // Display names used as column IDs by OCI FOCUS reports ([OCI]); the spec IDs are the *Name forms since 0.5.
  Provider: { to: 'ProviderName', why: 'display name used as column ID (OCI FOCUS report)' },
  Publisher: { to: 'PublisherName', why: 'display name used as column ID (OCI FOCUS report)' },
  InvoiceIssuer: { to: 'InvoiceIssuerName', why: 'display name used as column ID (OCI FOCUS report)' },
};

const ALIASES_LOWER = new Map<string, Rename>([
  ...FOCUS_ORDER.map((c) => [c.toLowerCase(), { to: c, why: 'column ID casing' }] as const),
  ...Object.entries(SPEC_RENAMES).map(([from, r]) => [from.toLowerCase(), r] as const),
]);

export interface ColumnPlan {
  /** Source column → output column, in source order (FOCUS and x_ columns first). */
  plan: Map<string, string>;
  /** One line per rename (and for ChargeSubcategory, removed in 1.0). */
  notes: string[];
  /** Every non-FOCUS column: `kept: Id → x_Id`, `kept: x_Foo`, or `dropped: Foo (reason)`. */
  extraColumns: string[];
}

/** The column names of all rows, in order of first appearance. */
export function sourceColumnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** Maps each source column to its FOCUS 1.3 name or its prefixed custom name (or drops it, with the reason). */
export function planColumns(sourceColumns: readonly string[], prefix: string): ColumnPlan {
  const plan = new Map<string, string>();
  const taken = new Set<string>();
  const notes: string[] = [];
  const extraColumns: string[] = [];
  const assign = (c: string, target: string) => {
    plan.set(c, target);
    taken.add(target);
  };
  for (const c of sourceColumns) if (FOCUS_SET.has(c) || c.startsWith('x_')) assign(c, c);
  for (const c of sourceColumns) {
    if (plan.has(c)) continue;
    const rename = SPEC_RENAMES[c.trim()] ?? ALIASES_LOWER.get(c.trim().toLowerCase());
    if (rename && !taken.has(rename.to)) {
      assign(c, rename.to);
      notes.push(`Column ${c} renamed to ${rename.to} (${rename.why})`);
    }
  }
  for (const c of sourceColumns) {
    if (plan.has(c)) {
      if (c.startsWith('x_')) extraColumns.push(`kept: ${c}`);
      continue;
    }
    if (c.trim() === '') {
      extraColumns.push(`dropped: ${JSON.stringify(c)} (empty column name)`);
      continue;
    }
    const target = c.startsWith(prefix.slice(2)) && prefix !== 'x_' ? `x_${c}` : `${prefix}${c}`;
    if (taken.has(target)) {
      extraColumns.push(`dropped: ${c} (${target} already exists)`);
      continue;
    }
    assign(c, target);
    extraColumns.push(`kept: ${c} → ${target}`);
    if (c.trim().toLowerCase() === 'chargesubcategory') {
      notes.push(`Column ChargeSubcategory (removed in FOCUS 1.0) kept as ${target}`);
    }
  }
  return { plan, notes, extraColumns };
}
