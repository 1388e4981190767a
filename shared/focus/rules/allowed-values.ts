// AllowedValues and ServiceSubcategoryParent.
import { show, type Emit, type FocusRow } from './row.js';
import { ALLOWED_SETS, SUBCATEGORY_PARENT } from '../spec/allowed-values.js';

/** Closed-list columns hold an allowed value (case-sensitive); a subcategory belongs to the row's category. */
export function checkAllowedValues(row: FocusRow, emit: Emit): void {
  for (const [c, allowed] of ALLOWED_SETS) {
    const v = row.values[c];
    if (row.has(c) && v !== null && (typeof v !== 'string' || !allowed.has(v))) {
      emit('AllowedValues', c, `${show(v)} is not an allowed ${c} value`);
    }
  }
  const sub = row.str('ServiceSubcategory');
  const parent = sub === undefined ? undefined : SUBCATEGORY_PARENT.get(sub);
  const category = row.str('ServiceCategory');
  if (parent && category && ALLOWED_SETS.get('ServiceCategory')!.has(category) && parent !== category) {
    emit(
      'ServiceSubcategoryParent',
      'ServiceSubcategory',
      `'${sub}' belongs to '${parent}', not '${category}'`,
    );
  }
}
