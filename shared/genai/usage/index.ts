export * from './anthropic.js';
export * from './errors.js';
export * from './openai.js';
export type { UsageFetchOptions } from './request.js';
export type { Sleep } from './retry.js';
