export * from './test-app.js';
export * from './registry-fixtures.js';
