export * from './cache.js';
export * from './cost-views.js';
export * from './service.js';
export * from './slice.js';
export * from './version.js';
export * from './views.js';
export * from './freshness.js';
