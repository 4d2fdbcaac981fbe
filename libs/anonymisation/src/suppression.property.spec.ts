import fc from 'fast-check';
import { findRecoverableCells } from './recoverability.js';
import { type CountTable, oneWayTable, twoWayTable } from './report-table.js';
import { suppressCells } from './suppression.js';

// SECURITY.md #22: over random tables, after suppression nothing small is published and no suppressed
// value can be solved from the published constraints.

const count = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }));
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

const oneWay: fc.Arbitrary<CountTable> = fc
  .array(count, { minLength: 1, maxLength: 6 })
  .map((ns) => oneWayTable(ns.map((n, i) => [`g${i}`, n] as const)));

const twoWay: fc.Arbitrary<CountTable> = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, cols }) =>
    fc
      .array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })
      .map((counts) => twoWayTable(names('r', rows), names('c', cols), counts)),
  );

function checkSafe(table: CountTable, k: number, suppressZeros: boolean): void {
  const result = suppressCells(table, k, { suppressZeros });
  for (const cell of result.cells) {
    if (cell.reason === null) {
      expect(cell.n === 0 ? !suppressZeros : cell.n >= k).toBe(true);
    }
  }
  expect(findRecoverableCells(table, result.suppressed.map((c) => c.key))).toEqual([]);
  // Residual rule: where a total is published, what its hidden parts hold together is 0 or ≥ k.
  const hidden = new Set(result.suppressed.map((c) => JSON.stringify(c.key)));
  const n = new Map(table.cells.map((c) => [JSON.stringify(c.key), c.n]));
  for (const c of table.constraints) {
    if (hidden.has(JSON.stringify(c.total))) continue;
    const parts = c.parts.map((p) => JSON.stringify(p)).filter((p) => hidden.has(p));
    const residual = parts.reduce((s, p) => s + n.get(p)!, 0);
    expect(parts.length === 0 || (parts.length >= 2 && residual >= k)).toBe(true);
  }
}

describe('suppression property', () => {
  const params = fc.record({ k: fc.integer({ min: 5, max: 12 }), suppressZeros: fc.boolean() });

  it('1-D tables: nothing below k published, nothing recoverable', () => {
    fc.assert(fc.property(oneWay, params, (t, p) => checkSafe(t, p.k, p.suppressZeros)), { numRuns: 1000 });
  });

  it('2-D tables: nothing below k published, nothing recoverable', () => {
    fc.assert(fc.property(twoWay, params, (t, p) => checkSafe(t, p.k, p.suppressZeros)), { numRuns: 1000 });
  });
});
