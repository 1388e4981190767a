export * from './app-error.js';
export * from './zod-details.js';
