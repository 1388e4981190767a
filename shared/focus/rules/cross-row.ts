// Rules across rows: SkuPriceIdParent (one SkuId per SkuPriceId), ServiceNameCategory (one ServiceCategory per
// ServiceName; one ServiceSubcategory SHOULD) and the "one unit per CommitmentDiscountId" half of
// CommitmentDiscountUnitPairing.
import type { FocusLevel, FocusRuleId } from '../spec/rules.js';
import { show, type Emit, type FocusRow } from './row.js';

/** Remembers, per rule, the first value of a dependent column for each key, and reports a different one. */
export class CrossRowState {
  private readonly maps = new Map<string, Map<string, { value: unknown; row: number }>>();

  add(r: FocusRow, row: number, emit: Emit): void {
    this.same('SkuPriceIdParent', 'SkuPriceId', 'SkuId', r, row, emit);
    this.same('ServiceNameCategory', 'ServiceName', 'ServiceCategory', r, row, emit);
    this.same('ServiceNameCategory', 'ServiceName', 'ServiceSubcategory', r, row, emit, 'SHOULD');
    this.same(
      'CommitmentDiscountUnitPairing',
      'CommitmentDiscountId',
      'CommitmentDiscountUnit',
      r,
      row,
      emit,
    );
  }

  private same(
    rule: FocusRuleId,
    key: string,
    dependent: string,
    r: FocusRow,
    row: number,
    emit: Emit,
    level?: FocusLevel,
  ): void {
    const k = r.values[key];
    const v = r.values[dependent];
    if (typeof k !== 'string' || v === undefined || v === null) return; // nulls: nullability rules
    const mapKey = `${rule}:${dependent}`;
    let seen = this.maps.get(mapKey);
    if (!seen) this.maps.set(mapKey, (seen = new Map()));
    const first = seen.get(k);
    if (!first) seen.set(k, { value: v, row });
    else if (first.value !== v) {
      emit(
        rule,
        dependent,
        `${key} '${k}' has ${dependent} ${show(v)} here but ${show(first.value)} in row ${first.row}`,
        level,
      );
    }
  }
}
