// NotNull, DataType, DecimalFormat, DateTimeFormat: each present column against its spec entry.
import { show, type Emit, type FocusRow } from './row.js';
import { focusColumnSpecs, SHOULD_NOT_NULL } from '../spec/columns.js';

/** Unconditional not-null columns, String type, NumericFormat and DateTimeFormat. */
export function checkTypes(row: FocusRow, emit: Emit): void {
  for (const [c, spec] of Object.entries(focusColumnSpecs)) {
    if (!row.has(c)) continue;
    const v = row.values[c];
    if (v === null) {
      if (spec.notNull) emit('NotNull', c, `${c} MUST NOT be null`);
      else if (SHOULD_NOT_NULL.includes(c)) emit('NotNull', c, `${c} SHOULD NOT be null`, 'SHOULD');
      continue;
    }
    if (spec.type === 'String' && typeof v !== 'string') {
      emit('DataType', c, `${c} MUST be of type String, got ${typeof v}`);
    } else if (spec.type === 'Decimal' && !row.decimal(c)) {
      emit('DecimalFormat', c, `${show(v)} does not conform to NumericFormat`);
    } else if (spec.type === 'DateTime' && row.millis(c) === undefined) {
      emit('DateTimeFormat', c, `${show(v)} is not a UTC ISO 8601 moment (YYYY-MM-DDTHH:mm:ssZ)`);
    }
  }
}
