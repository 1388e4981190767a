/** GenAI pricing: a dated default price book, org overrides, model matching and exact usage costing. */
export * from './cost.js';
export * from './default-prices.js';
export * from './errors.js';
export * from './match.js';
export * from './price-book.js';
export type { Quantities } from './quantities.js';
export * from './types.js';
