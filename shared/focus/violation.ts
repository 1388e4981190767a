// One finding of the conformance checker.
import type { FocusLevel } from './spec/rules.js';

export interface FocusViolation {
  /** Rule id, one of the keys of `focusRules`. */
  rule: string;
  /** The column the finding is about (for JSON columns: the JSON column). */
  column: string;
  /** 0-based index into the checked rows; absent for column-level findings. */
  row?: number;
  message: string;
  level: FocusLevel;
}

/** `[Rule, SHOULD] Column (row n): message`. */
export function formatFocusViolation(v: FocusViolation): string {
  const where = v.row === undefined ? v.column : `${v.column} (row ${v.row})`;
  return `[${v.rule}${v.level === 'SHOULD' ? ', SHOULD' : ''}] ${where}: ${v.message}`;
}
