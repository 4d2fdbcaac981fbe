// Public surface of the anonymisation core. Internals (indexed tables, raw random primitives) stay private.
export * from './anonymisation.errors.js';
export * from './min-cell-size.js';
export * from './generalisation.js';
export * from './pseudonym.js';
export { type CellKey, type CountTable, type MarginConstraint, type TableCell, cellId, oneWayTable, twoWayTable } from './report-table.js';
export { findRecoverableCells } from './recoverability.js';
export * from './suppression.js';
export type { Rational } from './exact-random.js';
export * from './discrete-noise.js';
export * from './epsilon.js';
export * from './dp-mechanisms.js';
