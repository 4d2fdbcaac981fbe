export * from './embedded-postgres.js';
export * from './snake-naming.strategy.js';
