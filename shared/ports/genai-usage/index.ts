export * from './anthropic.js';
export * from './errors.js';
export * from './openai.js';
export type * from './port.js';
