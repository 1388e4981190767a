/** Result types of costing a usage row: priced lines and total, or unpriced with the usage. */
import type { RateContext } from './rates.js';
import type { PriceKey, UsageRow } from './types.js';

/** One priced bucket: quantity × unit price (per 1M for tokens, per unit otherwise), as exact decimals. */
export interface CostLine {
  token_type: PriceKey;
  unit: 'token' | 'image' | 'character' | 'second' | 'request';
  quantity: string;
  unit_price_per_1m?: string;
  unit_price?: string;
  cost: string;
  /** Set when the entry had no own price for this key and the price of `rate_from` was used. */
  rate_from?: PriceKey;
}

/** Whether the long-context tier priced the row ('undetermined': aggregated row, standard rates used). */
export type LongContextStatus = 'not_applicable' | 'applied' | 'not_applied' | 'undetermined';

/** A priced usage row. */
export interface PricedCost {
  status: 'priced';
  provider: string;
  model: string;
  date: string;
  price_id: string;
  matched_by: 'exact' | 'family' | 'alias';
  matched_model: string;
  /** Set when a regional (data-zone / geo) price matched. */
  matched_region?: string;
  currency: string;
  service_tier: RateContext['tier'];
  batch: boolean;
  long_context: LongContextStatus;
  lines: CostLine[];
  total: string;
}

/** A usage row without a price: listed with its usage, never costed at zero. */
export interface UnpricedCost {
  status: 'unpriced';
  provider: string;
  model: string;
  date: string;
  /** `no_price`: no entry covers the model on that day; `missing_rate`: the entry lacks a needed price. */
  reason: 'no_price' | 'missing_rate';
  missing?: string[];
  price_id?: string;
  usage: UsageRow;
}

export type CostResult = PricedCost | UnpricedCost;
