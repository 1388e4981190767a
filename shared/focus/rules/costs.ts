// ListCostRelation, ContractedCostRelation and UnitPriceNonNegative. Costs are compared exactly (decimal.js at
// 1000 significant digits, no tolerance by default, as the official validator); `costScale` and
// `costTolerance` describe a known precision limit of a source or store instead of ignoring the rule.
import { Exact } from '../../money/decimal.js';
import { toDecimal, type Dec } from '../formats/numeric.js';
import { show, type Emit, type FocusRow, type RowCheck } from './row.js';

export interface CostPrecision {
  /** The scale the costs were stored at: the cost equals the product rounded half away from zero. */
  costScale?: number;
  /** The largest absolute difference (a decimal string) between the cost and the (rounded) product. */
  costTolerance?: string;
}

/** Why a cost does not match its unit price × quantity (the product, as the options see it), or undefined. */
type CostRelation = (cost: Dec, product: Dec) => string | undefined;

/** The cost relation under the given precision; throws RangeError for an invalid option. */
function costRelation({ costScale, costTolerance }: CostPrecision): CostRelation {
  if (costScale !== undefined && (!Number.isInteger(costScale) || costScale < 0)) {
    throw new RangeError(`costScale must be a non-negative integer, got ${costScale}`);
  }
  const tolerance = costTolerance === undefined ? undefined : toDecimal(costTolerance);
  if (costTolerance !== undefined && (!tolerance || tolerance.isNegative())) {
    throw new RangeError(`costTolerance must be a non-negative decimal string, got ${show(costTolerance)}`);
  }
  return (cost, product) => {
    const expected =
      costScale === undefined ? product : product.toDecimalPlaces(costScale, Exact.ROUND_HALF_UP);
    if (tolerance ? cost.minus(expected).abs().lte(tolerance) : cost.equals(expected)) return undefined;
    const notes = [
      ...(costScale === undefined ? [] : [`rounded to ${costScale} decimals: ${expected.toString()}`]),
      ...(tolerance ? [`tolerance ${tolerance.toString()}`] : []),
    ];
    return `${product.toString()}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };
}

/** ListCost = ListUnitPrice × PricingQuantity and ContractedCost = ContractedUnitPrice × PricingQuantity. */
export function costRelationsCheck(precision: CostPrecision): RowCheck {
  const relation = costRelation(precision);
  return function checkCostRelations(row: FocusRow, emit: Emit): void {
    const qty = row.decimal('PricingQuantity');
    for (const [rule, cost, price] of [
      ['ListCostRelation', 'ListCost', 'ListUnitPrice'],
      ['ContractedCostRelation', 'ContractedCost', 'ContractedUnitPrice'],
    ] as const) {
      const c = row.decimal(cost);
      const p = row.decimal(price);
      const problem = c && p && qty ? relation(c, p.times(qty)) : undefined;
      if (problem) emit(rule, cost, `${cost} ${c!.toString()} ≠ ${price} × PricingQuantity = ${problem}`);
    }
  };
}

export const UNIT_PRICES = [
  'ListUnitPrice',
  'ContractedUnitPrice',
  'PricingCurrencyListUnitPrice',
  'PricingCurrencyContractedUnitPrice',
];

/** Unit prices are non-negative. */
export function checkUnitPriceSigns(row: FocusRow, emit: Emit): void {
  for (const c of UNIT_PRICES) {
    const d = row.decimal(c);
    if (d?.isNegative() && !d.isZero()) emit('UnitPriceNonNegative', c, `${c} MUST be non-negative`);
  }
}
