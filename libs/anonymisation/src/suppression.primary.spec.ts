import { AnonymisationError } from './anonymisation.errors.js';
import { oneWayTable, twoWayTable } from './report-table.js';
import { isSuppressed, suppressCells } from './suppression.js';

describe('primary suppression', () => {
  it('suppresses 0 < n < k and publishes n ≥ k', () => {
    const result = suppressCells(oneWayTable([['A', 9], ['B', 10], ['C', 40], ['D', 45]]), 10);
    expect(result.cells.find((c) => c.key[0] === 'A')?.reason).toBe('PRIMARY');
    expect(isSuppressed(result, ['B'])).toBe(true); // complement, see the complementary spec
    expect(isSuppressed(result, ['C'])).toBe(false);
    expect(isSuppressed(result, ['D'])).toBe(false);
  });

  it('publishes zeros by default and suppresses them on request', () => {
    const table = oneWayTable([['A', 0], ['B', 20], ['C', 30]]);
    expect(suppressCells(table, 10).suppressed).toEqual([]);
    const strict = suppressCells(table, 10, { suppressZeros: true });
    expect(strict.cells.find((c) => c.key[0] === 'A')?.reason).toBe('PRIMARY');
    expect(strict.suppressed).toHaveLength(2);
  });

  it('suppresses everything when the total itself is below k', () => {
    const result = suppressCells(oneWayTable([['A', 3], ['B', 4]]), 10);
    expect(result.cells.map((c) => c.reason)).toEqual(['PRIMARY', 'PRIMARY', 'PRIMARY']);
  });

  it('handles a single-group table whose group equals the total', () => {
    expect(suppressCells(oneWayTable([['A', 7]]), 5).suppressed).toEqual([]);
    expect(suppressCells(oneWayTable([['A', 4]]), 5).cells.map((c) => c.reason)).toEqual(['PRIMARY', 'PRIMARY']);
    expect(suppressCells(oneWayTable([['A', 0]]), 5).suppressed).toEqual([]);
  });

  it('suppresses margins below k in 2-D tables', () => {
    const result = suppressCells(twoWayTable(['r1', 'r2'], ['c1', 'c2'], [[2, 3], [30, 40]]), 10);
    expect(result.cells.find((c) => c.key[0] === 'r1' && c.key[1] === null)?.reason).toBe('PRIMARY');
  });

  it('refuses k below 5 or not an integer', () => {
    const table = oneWayTable([['A', 1]]);
    expect(() => suppressCells(table, 4)).toThrow(AnonymisationError);
    expect(() => suppressCells(table, 7.5)).toThrow(AnonymisationError);
  });

  it('rejects inconsistent tables', () => {
    expect(() =>
      suppressCells({ cells: [{ key: ['A'], n: 3 }, { key: [null], n: 4 }], constraints: [{ total: [null], parts: [['A']] }] }, 5),
    ).toThrow(/do not add up/);
    expect(() => suppressCells(oneWayTable([['A', -1]]), 5)).toThrow(/invalid count/);
  });
});
