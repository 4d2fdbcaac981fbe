export * from './test-app.js';
export * from './registry-fixtures.js';
export * from './concurrency.js';
