import { findRecoverableCells } from './recoverability.js';
import { oneWayTable, twoWayTable } from './report-table.js';
import { suppressCells } from './suppression.js';

const reasons = (result: ReturnType<typeof suppressCells>) =>
  Object.fromEntries(result.cells.map((c) => [JSON.stringify(c.key), c.reason]));

describe('complementary suppression', () => {
  it('1-D: a lone suppressed group is joined by the smallest published group', () => {
    const table = oneWayTable([['A', 4], ['B', 25], ['C', 12], ['D', 60]]);
    const result = suppressCells(table, 10);
    expect(reasons(result)).toEqual({
      '["A"]': 'PRIMARY',
      '["B"]': null,
      '["C"]': 'COMPLEMENTARY',
      '["D"]': null,
      '[null]': null,
    });
    expect(findRecoverableCells(table, result.suppressed.map((c) => c.key))).toEqual([]);
  });

  it('1-D residual rule: two small groups whose sum is still below k get a third', () => {
    // Published total − published groups = 2 would pin both hidden groups to 1 (each is ≥ 1).
    const result = suppressCells(oneWayTable([['A', 1], ['B', 1], ['C', 30], ['D', 50]]), 10);
    expect(reasons(result)).toMatchObject({ '["A"]': 'PRIMARY', '["B"]': 'PRIMARY', '["C"]': 'COMPLEMENTARY' });
    expect(result.suppressed).toHaveLength(3);
  });

  it('1-D: the zero group is not chosen as the complement (it would add no protection)', () => {
    const result = suppressCells(oneWayTable([['A', 3], ['B', 0], ['C', 20], ['D', 30]]), 10);
    expect(reasons(result)).toMatchObject({ '["A"]': 'PRIMARY', '["B"]': null, '["C"]': 'COMPLEMENTARY' });
  });

  it('2-D: a small interior cell costs a rectangle of four, and no margin is then solvable', () => {
    const table = twoWayTable(['r1', 'r2', 'r3'], ['c1', 'c2', 'c3'], [
      [3, 20, 40],
      [25, 30, 35],
      [50, 60, 70],
    ]);
    const result = suppressCells(table, 10);
    const hidden = result.suppressed.map((c) => JSON.stringify(c.key)).sort();
    expect(hidden).toEqual(['["r1","c1"]', '["r1","c2"]', '["r2","c1"]', '["r2","c2"]']);
    expect(findRecoverableCells(table, result.suppressed.map((c) => c.key))).toEqual([]);
  });

  it('2-D: a suppressed row total pulls in another row total (grand total = Σ row totals)', () => {
    const table = twoWayTable(['r1', 'r2', 'r3'], ['c1', 'c2'], [
      [2, 3],
      [20, 30],
      [40, 50],
    ]);
    const result = suppressCells(table, 10);
    expect(reasons(result)).toMatchObject({ '["r1",null]': 'PRIMARY', '["r2",null]': 'COMPLEMENTARY' });
    expect(findRecoverableCells(table, result.suppressed.map((c) => c.key))).toEqual([]);
  });

  it('2-D: catches a cell solvable across rows and columns although every row has ≥ 2 hidden', () => {
    // Two 2×2 blocks of small cells joined by r1/c3: every row and column has 0 or ≥ 2 hidden cells
    // and every residual is ≥ k, yet r1/c3 is a bridge: (r1 + r2 totals) − (c1 + c2 totals) solves it.
    const table = twoWayTable(['r1', 'r2', 'r3', 'r4'], ['c1', 'c2', 'c3', 'c4'], [
      [9, 9, 9, 80],
      [9, 9, 70, 90],
      [60, 50, 9, 9],
      [40, 30, 9, 9],
    ]);
    const primary = suppressCells(table, 10).cells.filter((c) => c.reason === 'PRIMARY').map((c) => c.key);
    expect(findRecoverableCells(table, primary)).toEqual([['r1', 'c3']]);
    const result = suppressCells(table, 10);
    expect(findRecoverableCells(table, result.suppressed.map((c) => c.key))).toEqual([]);
    expect(result.suppressed.filter((c) => c.reason === 'COMPLEMENTARY').length).toBeGreaterThan(0);
  });
});
