/**
 * Upgrades FOCUS Cost and Usage rows of version 1.0, 1.1 or 1.2 to FOCUS 1.3 (and normalises 1.3 rows) as
 * `cost_data_standard_1_3` stores them: the FOCUS 1.3 column IDs, Decimal columns as exact decimal strings,
 * Date/Time columns as UTC `YYYY-MM-DDTHH:mm:ssZ` strings, JSON columns as parsed objects, NULL as null,
 * non-FOCUS columns `x_`-prefixed after the FOCUS columns. Pure: no I/O, the input rows are not modified.
 *
 * Sources, cited in the phase files under `upgrade/`: [CL] FOCUS_Spec CHANGELOG.md (v1.0-preview to v1.2:
 * column additions, renames, removals, value renames); [SPEC] the FOCUS 1.3 specification (its rules, its
 * changes from 1.2 and the 1.3 errata); [MIG] FOCUS_Spec appendix "Version Migration Guidance"; [MS]
 * microsoft/finops-toolkit Cost Management export schemas (focuscost_1.0.json, focuscost_1.2.json); [OCI] OCI
 * FOCUS report columns (oci-landing-zones/oci-landing-zone-operating-entities, finopsuser.sql).
 *
 * The transformations are driven by the columns present, so a mislabelled file (e.g. an OCI report calling
 * itself 1.0 but using 1.0-preview names) is still upgraded; the version only gates the two value rules that
 * 1.1 introduced. Money is never invented: cost and unit-price values are copied (their text normalised
 * exactly), nothing is computed into a cost column.
 */
import { planColumns, sourceColumnsOf } from './upgrade/columns.js';
import {
  addMissingMandatory,
  adoptMicrosoftColumns,
  deriveProviderNames,
  deriveServiceSubcategory,
} from './upgrade/derived.js';
import { Draft, type Row } from './upgrade/draft.js';
import { applyVersion11ValueRules, upgradeChargeSubcategory } from './upgrade/legacy.js';
import { normaliseValues } from './upgrade/values.js';
import { detectFocusVersion, parseFocusVersion, type FocusVersion } from './upgrade/version.js';

export {
  detectFocusVersion,
  focusVersions,
  parseFocusVersion,
  type FocusVersion,
} from './upgrade/version.js';

export interface UpgradeOptions {
  /** Version of the source rows; default: `detectFocusVersion` of their columns. */
  version?: FocusVersion;
  /**
   * Prefix given to non-FOCUS columns that lack `x_` (ColumnHandling: custom columns MUST be prefixed with a
   * consistent `x_`). Default `x_`; must itself start with `x_`, e.g. `x_oci_` (a column already starting with
   * the part after `x_`, such as `oci_CompartmentId`, then only gets `x_`).
   */
  providerColumnsPrefix?: string;
}

export interface UpgradeResult {
  rows: Record<string, unknown>[];
  /** The source version (declared by the caller or detected). */
  version: FocusVersion;
  /** One line per transformation applied (with counts), plus what was deliberately not derived. */
  notes: string[];
  /** Every non-FOCUS column: `kept: Id → x_Id`, `kept: x_Foo`, or `dropped: Foo (reason)`. */
  extraColumns: string[];
}

/** Upgrades FOCUS 1.0 / 1.1 / 1.2 Cost and Usage rows (or normalises 1.3 rows) to FOCUS 1.3. */
export function upgradeFocusRows(rows: readonly Row[], options: UpgradeOptions = {}): UpgradeResult {
  const declared = options.version === undefined ? undefined : parseFocusVersion(options.version);
  const prefix = options.providerColumnsPrefix ?? 'x_';
  if (!/^x_[A-Za-z0-9_]*$/.test(prefix)) {
    throw new Error(`providerColumnsPrefix ${JSON.stringify(prefix)} must start with 'x_' (ColumnHandling)`);
  }
  const sourceColumns = sourceColumnsOf(rows);
  const detected = detectFocusVersion(sourceColumns);
  const version = declared ?? detected.version;
  const { plan, notes, extraColumns } = planColumns(sourceColumns, prefix);
  const draft = new Draft(rows, plan, [
    declared
      ? `Source version ${declared} (declared by the caller; columns suggest ${detected.version}: ${detected.evidence})`
      : `Source version ${version} (detected: ${detected.evidence})`,
    ...notes,
  ]);

  normaliseValues(draft);
  upgradeChargeSubcategory(draft);
  if (version === '1.0') applyVersion11ValueRules(draft);
  deriveProviderNames(draft);
  deriveServiceSubcategory(draft);
  adoptMicrosoftColumns(draft);
  addMissingMandatory(draft);
  return {
    rows: draft.orderedRows(),
    version,
    notes: [...draft.notes, ...draft.tally.lines()],
    extraColumns,
  };
}
