// What every rule sees: one row after NullHandling, the columns present, and a way to report a finding.
import { toUtcMillis } from '../formats/date-time.js';
import { toDecimal, type Dec } from '../formats/numeric.js';
import { ALLOWED_SETS } from '../spec/allowed-values.js';
import { focusColumnSpecs } from '../spec/columns.js';
import type { FocusLevel, FocusRuleId } from '../spec/rules.js';

/** Reports one finding about `column` of the current row (or of the column list). */
export type Emit = (rule: FocusRuleId, column: string, message: string, level?: FocusLevel) => void;

/** A row rule: reports what is wrong with one row. */
export type RowCheck = (row: FocusRow, emit: Emit) => void;

/** A cell value for messages (JSON.stringify throws on bigint). */
export function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * A row after NullHandling ('' and placeholders are null; absent columns undefined), read through the columns
 * present: a rule about a column only applies when the column is in the table.
 */
export class FocusRow {
  private readonly decimals = new Map<string, Dec | undefined>();
  private readonly moments = new Map<string, number | undefined>();

  constructor(
    readonly values: Readonly<Record<string, unknown>>,
    private readonly present: ReadonlySet<string>,
  ) {}

  has(c: string): boolean {
    return this.present.has(c);
  }
  isNull(c: string): boolean {
    return this.has(c) && this.values[c] === null;
  }
  notNull(c: string): boolean {
    return this.has(c) && this.values[c] !== null;
  }
  /** The value when it is a string. */
  str(c: string): string | undefined {
    const v = this.values[c];
    return typeof v === 'string' ? v : undefined;
  }

  /** The value of a present Decimal column when it follows NumericFormat. */
  decimal(c: string): Dec | undefined {
    if (!this.decimals.has(c)) {
      const valid = this.notNull(c) && focusColumnSpecs[c]?.type === 'Decimal';
      this.decimals.set(c, valid ? toDecimal(this.values[c]) : undefined);
    }
    return this.decimals.get(c);
  }

  /** The epoch ms of a present Date/Time column when it follows DateTimeFormat. */
  millis(c: string): number | undefined {
    if (!this.moments.has(c)) {
      const valid = this.notNull(c) && focusColumnSpecs[c]?.type === 'DateTime';
      this.moments.set(c, valid ? toUtcMillis(this.values[c]) : undefined);
    }
    return this.moments.get(c);
  }

  /**
   * ChargeCategory when it is an allowed value. An invalid one is reported by AllowedValues, and the rules that
   * depend on the category then skip the row instead of cascading.
   */
  get category(): string | undefined {
    const c = this.str('ChargeCategory');
    return c && ALLOWED_SETS.get('ChargeCategory')!.has(c) ? c : undefined;
  }
  get correction(): boolean {
    return this.values.ChargeClass === 'Correction';
  }
  get usageOrPurchase(): boolean {
    return this.category === 'Usage' || this.category === 'Purchase';
  }
  /** Usage or Purchase and not a correction: the charges that must carry their SKU and pricing columns. */
  get usageOrPurchaseNonCorrection(): boolean {
    return this.usageOrPurchase && !this.correction;
  }
}

/** The condition text of `usageOrPurchaseNonCorrection`. */
export const UP = 'ChargeCategory is Usage or Purchase and ChargeClass is not Correction';

export function mustBeNull(row: FocusRow, emit: Emit, rule: FocusRuleId, c: string, when: string): void {
  if (row.notNull(c)) emit(rule, c, `${c} MUST be null when ${when}`);
}

export function mustNotBeNull(
  row: FocusRow,
  emit: Emit,
  rule: FocusRuleId,
  c: string,
  when: string,
  level: FocusLevel = 'MUST',
): void {
  if (row.isNull(c)) emit(rule, c, `${c} ${level} NOT be null when ${when}`, level);
}

/** `dependent` is null exactly when `partner` is null (both columns present). */
export function pairing(
  row: FocusRow,
  emit: Emit,
  rule: FocusRuleId,
  dependent: string,
  partner: string,
): void {
  if (!row.has(dependent) || !row.has(partner)) return;
  if (row.isNull(partner)) mustBeNull(row, emit, rule, dependent, `${partner} is null`);
  if (row.notNull(partner)) mustNotBeNull(row, emit, rule, dependent, `${partner} is not null`);
}
