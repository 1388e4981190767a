// One element of ContractApplied or AllocatedMethodDetails: required keys and value types. ContractApplied ids
// may be spelled `…Id` (errata) or `…ID` (1.3 text); JSON decimals may be numbers or strings.
import { isJsonDecimal } from '../formats/numeric.js';
import type { Emit, FocusRow } from './row.js';

/** ContractAppliedSchema (the five keys, errata #5) and ContractAppliedElements of one element. */
export function contractElement(o: Record<string, unknown>, n: number, row: FocusRow, emit: Emit): void {
  const c = 'ContractApplied';
  const at = `Elements[${n}]`;
  const pick = (a: string, b: string) => (a in o ? o[a] : o[b]);
  for (const [a, b] of [
    ['ContractId', 'ContractID'],
    ['ContractCommitmentId', 'ContractCommitmentID'],
  ] as const) {
    if (!(a in o) && !(b in o)) emit('ContractAppliedSchema', c, `${at} MUST contain "${a}"`);
    else if (typeof pick(a, b) !== 'string' || (pick(a, b) as string).trim() === '') {
      emit('ContractAppliedElements', c, `${at}.${a} MUST be a non-empty String`);
    }
  }
  for (const k of [
    'ContractCommitmentAppliedCost',
    'ContractCommitmentAppliedQuantity',
    'ContractCommitmentAppliedUnit',
  ]) {
    if (!(k in o)) emit('ContractAppliedSchema', c, `${at} MUST contain "${k}"`);
  }
  const cost = o.ContractCommitmentAppliedCost ?? null;
  const quantity = o.ContractCommitmentAppliedQuantity ?? null;
  const unit = o.ContractCommitmentAppliedUnit ?? null;
  if (cost !== null && !isJsonDecimal(cost)) {
    emit('ContractAppliedElements', c, `${at}.ContractCommitmentAppliedCost MUST be a decimal`);
  }
  if (quantity !== null && !isJsonDecimal(quantity)) {
    emit('ContractAppliedElements', c, `${at}.ContractCommitmentAppliedQuantity MUST be a decimal`);
  }
  if (cost === null && quantity === null) {
    emit('ContractAppliedElements', c, `${at}: AppliedCost and AppliedQuantity MUST NOT both be null`);
  }
  if ((unit === null) !== (quantity === null)) {
    emit(
      'ContractAppliedElements',
      c,
      `${at}: AppliedUnit MUST be null exactly when AppliedQuantity is null`,
    );
  }
  if (unit !== null && typeof unit !== 'string') {
    emit('ContractAppliedElements', c, `${at}.ContractCommitmentAppliedUnit MUST be a String`);
  }
  const commitmentId = pick('ContractCommitmentId', 'ContractCommitmentID');
  const r = row.values;
  if (r.ChargeCategory === 'Purchase' && r.ResourceId !== undefined && commitmentId !== r.ResourceId) {
    emit(
      'ContractAppliedElements',
      c,
      `${at}.ContractCommitmentId MUST equal ResourceId when ChargeCategory is Purchase`,
    );
  }
}

/** AllocatedMethodDetailsSchema of one element: a decimal AllocatedRatio; UsageUnit with UsageQuantity. */
export function allocationElement(o: Record<string, unknown>, n: number, emit: Emit): void {
  const c = 'AllocatedMethodDetails';
  const at = `Elements[${n}]`;
  if (!('AllocatedRatio' in o)) {
    emit('AllocatedMethodDetailsSchema', c, `${at} MUST contain "AllocatedRatio"`);
  } else if (!isJsonDecimal(o.AllocatedRatio)) {
    emit('AllocatedMethodDetailsSchema', c, `${at}.AllocatedRatio MUST be a decimal`);
  }
  if ('UsageQuantity' in o) {
    if (!('UsageUnit' in o)) {
      emit('AllocatedMethodDetailsSchema', c, `${at} MUST contain "UsageUnit" with "UsageQuantity"`);
    }
    if (!isJsonDecimal(o.UsageQuantity)) {
      emit('AllocatedMethodDetailsSchema', c, `${at}.UsageQuantity MUST be a decimal`);
    }
  }
}
