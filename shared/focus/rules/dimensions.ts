// CapacityReservationDimensions, IdNamePairs and AllocationDimensions: columns that describe an id are null
// exactly when the id is.
import { mustBeNull, mustNotBeNull, pairing, type Emit, type FocusRow } from './row.js';

/** CapacityReservationStatus null without an id, set for Usage with one. */
export function checkCapacityReservation(row: FocusRow, emit: Emit): void {
  if (!row.has('CapacityReservationId')) return;
  const rule = 'CapacityReservationDimensions';
  if (row.isNull('CapacityReservationId')) {
    mustBeNull(row, emit, rule, 'CapacityReservationStatus', 'CapacityReservationId is null');
  } else if (row.category === 'Usage') {
    const when = 'CapacityReservationId is not null and ChargeCategory is Usage';
    mustNotBeNull(row, emit, rule, 'CapacityReservationStatus', when);
  }
}

const ID_NAME_PAIRS: readonly (readonly [string, string])[] = [
  ['BillingAccountType', 'BillingAccountId'],
  ['SubAccountName', 'SubAccountId'],
  ['SubAccountType', 'SubAccountId'],
  ['RegionName', 'RegionId'],
  ['ResourceType', 'ResourceId'],
  ['AllocatedResourceName', 'AllocatedResourceId'],
];

/** Name and type columns null exactly when their id is; ResourceName null without a ResourceId. */
export function checkIdNamePairs(row: FocusRow, emit: Emit): void {
  for (const [dependent, id] of ID_NAME_PAIRS) pairing(row, emit, 'IdNamePairs', dependent, id);
  if (row.isNull('ResourceId')) mustBeNull(row, emit, 'IdNamePairs', 'ResourceName', 'ResourceId is null');
}

/** Allocated* null when the charge is not split-allocated; AllocatedMethodDetails SHOULD be set when it is. */
export function checkAllocation(row: FocusRow, emit: Emit): void {
  if (row.isNull('AllocatedMethodId')) {
    for (const c of ['AllocatedResourceId', 'AllocatedTags', 'AllocatedMethodDetails']) {
      mustBeNull(
        row,
        emit,
        'AllocationDimensions',
        c,
        'AllocatedMethodId is null (charge not split-allocated)',
      );
    }
  } else if (row.notNull('AllocatedMethodId')) {
    const when = 'AllocatedMethodId is not null';
    mustNotBeNull(row, emit, 'AllocationDimensions', 'AllocatedMethodDetails', when, 'SHOULD');
  }
}
