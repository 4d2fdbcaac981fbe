import { AnonymisationError } from './anonymisation.errors.js';
import { type CellKey, type CountTable, type IndexedTable, cellId, indexTable } from './report-table.js';

// Recoverability audit (SECURITY.md #22; the idea of rmoriedata `cellsupp` / τ-Argus audits).
// Published cells are constants; suppressed cells are unknowns x. Every constraint gives one linear
// equation A_U·x = b. A suppressed value is uniquely determined iff its unit vector e_i lies in the row
// space of A_U, i.e. after exact Gauss–Jordan elimination column i is a pivot whose row has no other
// non-zero entry. Integer (BigInt) row operations keep it exact; floats could miss a dependency.
// It covers equalities only; bounds (n ≥ 0, n < k) are handled by the residual rule in suppression.ts.

/** Indices (into `table.ids`) of suppressed cells whose value the published constraints determine. */
export function recoverableIndices(table: IndexedTable, suppressed: ReadonlySet<number>): number[] {
  const unknowns = [...suppressed].sort((a, b) => a - b);
  if (unknowns.length === 0) return [];
  const column = new Map(unknowns.map((cell, j) => [cell, j]));
  const rows: bigint[][] = [];
  for (const c of table.constraints) {
    const row = new Array<bigint>(unknowns.length).fill(0n);
    let any = false;
    const add = (cell: number, coefficient: bigint): void => {
      const j = column.get(cell);
      if (j !== undefined) {
        row[j]! += coefficient;
        any = true;
      }
    };
    add(c.total, 1n);
    for (const p of c.parts) add(p, -1n);
    if (any) rows.push(row);
  }

  const pivotRowOfColumn = new Map<number, number>();
  let r = 0;
  for (let col = 0; col < unknowns.length && r < rows.length; col++) {
    const p = rows.findIndex((row, i) => i >= r && row[col] !== 0n);
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    const pivot = rows[r]!;
    for (let i = 0; i < rows.length; i++) {
      const b = rows[i]![col]!;
      if (i === r || b === 0n) continue;
      const a = pivot[col]!;
      rows[i] = normalise(rows[i]!.map((v, j) => v * a - pivot[j]! * b));
    }
    pivotRowOfColumn.set(col, r);
    r++;
  }

  const determined: number[] = [];
  for (const [col, row] of pivotRowOfColumn) {
    if (rows[row]!.every((v, j) => j === col || v === 0n)) determined.push(unknowns[col]!);
  }
  return determined.sort((a, b) => a - b);
}

/** Keys of suppressed cells that an attacker can compute exactly from what is published. */
export function findRecoverableCells(table: CountTable, suppressed: Iterable<CellKey>): CellKey[] {
  const indexed = indexTable(table);
  const position = new Map(indexed.ids.map((id, i) => [id, i]));
  const set = new Set<number>();
  for (const key of suppressed) {
    const i = position.get(cellId(key));
    if (i === undefined) throw new AnonymisationError('INVALID_TABLE', `Unknown cell ${cellId(key)}`);
    set.add(i);
  }
  return recoverableIndices(indexed, set).map((i) => table.cells[i]!.key);
}

function normalise(row: bigint[]): bigint[] {
  let g = 0n;
  for (const v of row) g = gcd(g, v < 0n ? -v : v);
  return g > 1n ? row.map((v) => v / g) : row;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
