/**
 * FOCUS 1.3 Cost and Usage conformance checker for rows of `cost_data_standard_1_3` (any flow: GenAI, cloud,
 * SaaS), after the FOCUS 1.3 specification (FOCUS_Spec@ba7ad35 with the 1.3 errata). The README beside this
 * file maps rule ids to spec sections, explains the choices and lists what is deliberately not checked; the
 * spec data lives in `spec/`, the value formats in `formats/`, one function per rule group in `rules/`.
 *
 * Input: rows as the warehouse port returns them (NUMERIC as decimal strings, numbers or bigints; TIMESTAMP as
 * UTC ISO 8601 strings or Dates; JSON as text or parsed objects; NULL as null, a missing key too). A row rule
 * about a column runs only when the column is in `columns`: an absent Conditional column means "not supported".
 */
import { formatFocusViolation, type FocusViolation } from './violation.js';
import {
  applyNullHandling,
  checkNamingAndOrder,
  checkPresence,
  CrossRowState,
  FocusRow,
  rowChecks,
  type Emit,
} from './rules/index.js';
import { FOCUS_COLUMNS } from './spec/columns.js';

export { focusAllowedValues } from './spec/allowed-values.js';
export { focusColumnSpecs, type ColumnSpec } from './spec/columns.js';
export { focusRules, type FocusLevel, type FocusRuleId } from './spec/rules.js';
export { focusUnitProblem } from './formats/unit.js';
export { formatFocusViolation, type FocusViolation } from './violation.js';

export interface FocusCheckOptions {
  /** Column names of the table or result; default: the keys of the first row. */
  columns?: readonly string[];
  /** Report only MUST-level findings. */
  mustOnly?: boolean;
  /** Rule ids to skip. */
  ignore?: readonly string[];
  /**
   * ListCost / ContractedCost = unit price × PricingQuantity: the scale (decimals) the costs were stored at.
   * The cost then equals the product rounded half away from zero to that many decimals (both warehouses round
   * a wider decimal so when storing it), e.g. 18 for the embedded warehouse's DECIMAL(38,18). Default: the
   * exact product.
   */
  costScale?: number;
  /**
   * The same relations: the largest absolute difference (a decimal string, in the cost's currency) between the
   * cost and the (rounded) product, for a source that rounds its costs while its unit prices are exact or
   * derived: e.g. '0.0000005', half of GCP's 1e-6 rounding of cost. Default: 0.
   */
  costTolerance?: string;
}

/** Checks rows of a FOCUS 1.3 Cost and Usage table; returns every finding (empty = conformant). */
export function checkFocusRows(
  rows: readonly Record<string, unknown>[],
  options: FocusCheckOptions = {},
): FocusViolation[] {
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  if (rows.length === 0 && !options.columns) return [];
  const ignore = new Set(options.ignore ?? []);
  const out: FocusViolation[] = [];
  const checks = rowChecks(options);
  const emitAt =
    (row: number | undefined): Emit =>
    (rule, column, message, level = 'MUST') => {
      if (ignore.has(rule) || (options.mustOnly && level === 'SHOULD')) return;
      out.push(row === undefined ? { rule, column, message, level } : { rule, column, row, message, level });
    };

  const present = new Set(columns);
  checkPresence(present, emitAt(undefined));
  checkNamingAndOrder(columns, emitAt(undefined));
  const focusPresent = FOCUS_COLUMNS.filter((c) => present.has(c));
  const cross = new CrossRowState();
  rows.forEach((raw, i) => {
    const emit = emitAt(i);
    const row = new FocusRow(applyNullHandling(raw, focusPresent, emit), present);
    for (const check of checks) check(row, emit);
    cross.add(row, i, emit);
  });
  return out;
}

/** Throws an Error listing (up to 20 of) the findings of `checkFocusRows`. */
export function assertFocusConformant(
  rows: readonly Record<string, unknown>[],
  options: FocusCheckOptions = {},
): void {
  const found = checkFocusRows(rows, options);
  if (found.length === 0) return;
  const shown = found.slice(0, 20).map((v) => `  ${formatFocusViolation(v)}`);
  if (found.length > 20) shown.push(`  … and ${found.length - 20} more`);
  throw new Error(`${found.length} FOCUS 1.3 conformance violation(s):\n${shown.join('\n')}`);
}
