// Column-level rules: ColumnPresence, ColumnNaming and ColumnOrder (FOCUS 1.3 specification §1, §2
// ColumnHandling, §3.3). Conditional columns are never required: whether a provider supports one is not visible
// in the data.
import { FOCUS_COLUMN_SET, FOCUS_COLUMNS, focusColumnSpecs, RECOMMENDED_ALWAYS } from '../spec/columns.js';
import type { Emit } from './row.js';

const FOCUS_COLUMNS_LOWER = new Map(FOCUS_COLUMNS.map((c) => [c.toLowerCase(), c]));

/** Mandatory (MUST) and unconditionally Recommended (SHOULD) columns are present. */
export function checkPresence(present: ReadonlySet<string>, emit: Emit): void {
  for (const [name, spec] of Object.entries(focusColumnSpecs)) {
    if (present.has(name)) continue;
    if (spec.feature === 'Mandatory') emit('ColumnPresence', name, `Mandatory column ${name} is missing`);
    else if (RECOMMENDED_ALWAYS.includes(name)) {
      emit('ColumnPresence', name, `Recommended column ${name} is missing`, 'SHOULD');
    }
  }
}

/** Custom columns start with x_ (MUST) and follow the FOCUS columns (SHOULD). */
export function checkNamingAndOrder(columns: readonly string[], emit: Emit): void {
  let firstCustom: string | undefined;
  let intermixed = false;
  for (const c of columns) {
    if (FOCUS_COLUMN_SET.has(c)) {
      if (firstCustom && !intermixed) {
        intermixed = true;
        emit('ColumnOrder', c, `FOCUS column ${c} comes after custom column ${firstCustom}`, 'SHOULD');
      }
      continue;
    }
    if (c.startsWith('x_')) {
      firstCustom ??= c;
      continue;
    }
    const near = FOCUS_COLUMNS_LOWER.get(c.toLowerCase());
    emit(
      'ColumnNaming',
      c,
      `${c} is not a FOCUS 1.3 column and lacks the x_ prefix${near ? ` (did you mean ${near}?)` : ''}`,
    );
  }
}
