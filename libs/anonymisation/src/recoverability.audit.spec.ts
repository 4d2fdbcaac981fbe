import fc from 'fast-check';
import { findRecoverableCells } from './recoverability.js';
import { type CellKey, type CountTable, oneWayTable, twoWayTable } from './report-table.js';

const ids = (keys: CellKey[]) => keys.map((k) => JSON.stringify(k)).sort();

describe('recoverability audit', () => {
  it('1-D: one hidden group is the total minus the others; two are not determined', () => {
    const table = oneWayTable([['A', 3], ['B', 20], ['C', 30]]);
    expect(ids(findRecoverableCells(table, [['A']]))).toEqual(['["A"]']);
    expect(findRecoverableCells(table, [['A'], ['B']])).toEqual([]);
    expect(ids(findRecoverableCells(table, [[null]]))).toEqual(['[null]']);
  });

  it('2-D: a rectangle is safe, an L-shape is not', () => {
    const table = twoWayTable(['r1', 'r2'], ['c1', 'c2', 'c3'], [[3, 20, 30], [25, 30, 35]]);
    expect(findRecoverableCells(table, [['r1', 'c1'], ['r1', 'c2'], ['r2', 'c1'], ['r2', 'c2']])).toEqual([]);
    const lShape: CellKey[] = [['r1', 'c1'], ['r1', 'c2'], ['r2', 'c1']];
    expect(ids(findRecoverableCells(table, lShape))).toEqual(ids(lShape));
  });

  it('2-D: a hidden grand total is recoverable from the published row totals', () => {
    const table = twoWayTable(['r1', 'r2'], ['c1'], [[20], [30]]);
    expect(ids(findRecoverableCells(table, [[null, null]]))).toEqual(['[null,null]']);
  });

  it('a fully hidden table reveals nothing', () => {
    const table = twoWayTable(['r1', 'r2'], ['c1', 'c2'], [[1, 2], [3, 4]]);
    expect(findRecoverableCells(table, table.cells.map((c) => c.key))).toEqual([]);
  });

  it('agrees with an independent rank test (e_i in the row space ⇔ appending it keeps the rank)', () => {
    const arbitrary = fc
      .record({ rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 1, max: 4 }) })
      .chain(({ rows, cols }) =>
        fc.record({
          table: fc.constant(twoWayTable(names('r', rows), names('c', cols), zeros(rows, cols))),
          mask: fc.array(fc.boolean(), { minLength: (rows + 1) * (cols + 1), maxLength: (rows + 1) * (cols + 1) }),
        }),
      );
    fc.assert(
      fc.property(arbitrary, ({ table, mask }) => {
        const hidden = table.cells.filter((_, i) => mask[i]).map((c) => c.key);
        expect(ids(findRecoverableCells(table, hidden))).toEqual(ids(bruteForceRecoverable(table, hidden)));
      }),
      { numRuns: 300 },
    );
  });
});

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const zeros = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

/** Float rank with partial pivoting; fine for these small 0/±1 matrices. */
function rank(matrix: number[][]): number {
  const m = matrix.map((r) => [...r]);
  let rk = 0;
  for (let col = 0; col < (m[0]?.length ?? 0) && rk < m.length; col++) {
    let p = rk;
    for (let i = rk + 1; i < m.length; i++) if (Math.abs(m[i]![col]!) > Math.abs(m[p]![col]!)) p = i;
    if (Math.abs(m[p]![col]!) < 1e-9) continue;
    [m[rk], m[p]] = [m[p]!, m[rk]!];
    for (let i = 0; i < m.length; i++) {
      if (i === rk) continue;
      const f = m[i]![col]! / m[rk]![col]!;
      m[i] = m[i]!.map((v, j) => v - f * m[rk]![j]!);
    }
    rk++;
  }
  return rk;
}

function bruteForceRecoverable(table: CountTable, hidden: CellKey[]): CellKey[] {
  const col = new Map(hidden.map((k, j) => [JSON.stringify(k), j]));
  const a = table.constraints.map((c) => {
    const row = new Array<number>(hidden.length).fill(0);
    const j = col.get(JSON.stringify(c.total));
    if (j !== undefined) row[j]! += 1;
    for (const p of c.parts) {
      const q = col.get(JSON.stringify(p));
      if (q !== undefined) row[q]! -= 1;
    }
    return row;
  });
  const base = rank(a);
  return hidden.filter((_, j) => {
    const unit = new Array<number>(hidden.length).fill(0);
    unit[j] = 1;
    return rank([...a, unit]) === base;
  });
}
