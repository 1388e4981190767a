// Columns added after the source version, derived where the FOCUS 1.3 specification allows it; Mandatory ones
// that cannot be derived are added as NULL, Conditional / Recommended ones are not added (absent = not supported,
// the only reading under which their NULL ids / types are allowed). Money is never derived.
// Sources: [MIG] FOCUS_Spec appendix "Version Migration Guidance" (ProviderName → ServiceProviderName keeps its
// meaning; PublisherName has no direct replacement); [MS] Microsoft's FOCUS 1.0 export (x_InvoiceId,
// x_PricingCurrency; its 1.2 export has InvoiceId, PricingCurrency).
import { ALLOWED_SETS } from '../spec/allowed-values.js';
import { focusColumnSpecs } from '../spec/columns.js';
import { FOCUS_ORDER } from './columns.js';
import type { Draft } from './draft.js';

/**
 * 1.3 participating entities: ServiceProviderName replaces the deprecated ProviderName with the same meaning
 * [MIG]; HostProviderName "MUST equal ServiceProviderName in all other cases" when the source names no host;
 * ProviderName / PublisherName stay (deprecated, still Mandatory in 1.3).
 */
export function deriveProviderNames(draft: Draft): void {
  const addedSpn = !draft.has('ServiceProviderName');
  draft.fill(
    'ServiceProviderName',
    'ProviderName',
    'FOCUS 1.3: replaces the deprecated ProviderName, same meaning',
  );
  if (!draft.has('HostProviderName')) {
    draft.fill(
      'HostProviderName',
      'ServiceProviderName',
      'FOCUS 1.3: equals ServiceProviderName unless a host provider is selected or exposed; the source names none',
    );
  }
  draft.fill('ProviderName', 'ServiceProviderName', 'deprecated in 1.3 but still Mandatory: same value');
  if (!draft.has('PublisherName')) {
    draft.fill(
      'PublisherName',
      'ServiceProviderName',
      'deprecated in 1.3 but still Mandatory: its primary use [MIG]',
    );
  }
  if (addedSpn && draft.has('PublisherName') && draft.has('ProviderName')) {
    const differ = draft.rows.filter(
      (r) => r.PublisherName !== null && r.PublisherName !== r.ProviderName,
    ).length;
    if (differ > 0) {
      draft.notes.push(
        `PublisherName differs from ProviderName on ${differ} rows; not used for ServiceProviderName / ` +
          'HostProviderName: first-party publisher names and marketplace sellers cannot be told apart here',
      );
    }
  }
}

/** ServiceSubcategory (1.1, MUST NOT be null) = "Other (<ServiceCategory>)", an allowed value of every category. */
export function deriveServiceSubcategory(draft: Draft): void {
  if (!draft.has('ServiceCategory')) return;
  if (!draft.has('ServiceSubcategory')) draft.addColumn('ServiceSubcategory', () => null);
  const allowed = ALLOWED_SETS.get('ServiceSubcategory')!;
  for (const r of draft.rows) {
    const sub = `Other (${String(r.ServiceCategory)})`;
    if (r.ServiceSubcategory === null && typeof r.ServiceCategory === 'string' && allowed.has(sub)) {
      r.ServiceSubcategory = sub;
      draft.tally.add(
        "ServiceSubcategory derived as 'Other (<ServiceCategory>)' (no finer mapping in the source)",
      );
    }
  }
}

/** [MS] x_InvoiceId / x_PricingCurrency; PricingCurrency MUST NOT be null (1.3 errata #9): only when every row has one. */
export function adoptMicrosoftColumns(draft: Draft): void {
  if (!draft.has('InvoiceId') && draft.has('x_InvoiceId')) {
    draft.fill('InvoiceId', 'x_InvoiceId', "Microsoft's FOCUS 1.0 export; its 1.2 export has InvoiceId");
  }
  if (
    !draft.has('PricingCurrency') &&
    draft.has('x_PricingCurrency') &&
    draft.rows.every((r) => r.x_PricingCurrency !== null)
  ) {
    draft.fill(
      'PricingCurrency',
      'x_PricingCurrency',
      "Microsoft's FOCUS 1.0 export; its 1.2 export has PricingCurrency",
    );
  }
}

/** Mandatory columns still missing are added as NULL (ContractedCost too: money is never invented). */
export function addMissingMandatory(draft: Draft): void {
  const missing = FOCUS_ORDER.filter((c) => focusColumnSpecs[c]?.feature === 'Mandatory' && !draft.has(c));
  for (const c of missing) draft.addColumn(c, () => null);
  if (missing.length > 0) {
    draft.notes.push(`Mandatory columns missing in the source, added as NULL: ${missing.join(', ')}`);
  }
  const notAdded = FOCUS_ORDER.filter((c) => !draft.has(c));
  if (notAdded.length > 0) {
    draft.notes.push(
      `Not added (Conditional / Recommended, no source data; absent means not supported, NULL in ` +
        `cost_data_standard_1_3): ${notAdded.join(', ')}`,
    );
  }
}
