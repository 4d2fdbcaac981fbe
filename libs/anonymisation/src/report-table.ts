import { AnonymisationError } from './anonymisation.errors.js';

// A report table as the suppression code sees it: cells with a client count n, and the additive
// relations the report publishes ("this total is the sum of those cells"). Margins are cells too.
// A cell is keyed by its grouping values; `null` means "all values" (a margin), e.g. in a
// time point × clinic table ['MONTH_3', null] is the row total and [null, null] the grand total.
// Anything additive that the report shows per cell (sum, mean × n, percentage of a published total)
// obeys the same relations, so it must be shown or hidden together with the cell's count.

export type CellKey = readonly (string | null)[];

export interface TableCell {
  readonly key: CellKey;
  /** Number of distinct clients in the cell. */
  readonly n: number;
}

/** `total` = Σ `parts` (counts and every additive statistic). */
export interface MarginConstraint {
  readonly total: CellKey;
  readonly parts: readonly CellKey[];
}

export interface CountTable {
  readonly cells: readonly TableCell[];
  readonly constraints: readonly MarginConstraint[];
}

/** Stable string id of a key (for maps and sets). */
export const cellId = (key: CellKey): string => JSON.stringify(key);

/** Groups + their total, key [null]. Order of the groups is kept. */
export function oneWayTable(groups: Iterable<readonly [string, number]>): CountTable {
  const parts = [...groups].map(([value, n]): TableCell => ({ key: [value], n }));
  const total: TableCell = { key: [null], n: parts.reduce((s, c) => s + c.n, 0) };
  return { cells: [...parts, total], constraints: [{ total: total.key, parts: parts.map((c) => c.key) }] };
}

/** Rows × columns with row totals [r, null], column totals [null, c] and the grand total [null, null]. */
export function twoWayTable(
  rows: readonly string[],
  columns: readonly string[],
  counts: readonly (readonly number[])[],
): CountTable {
  if (counts.length !== rows.length || counts.some((row) => row.length !== columns.length)) {
    throw new AnonymisationError('INVALID_TABLE', 'Counts must be a rows × columns matrix');
  }
  const interior: TableCell[] = [];
  rows.forEach((r, i) => columns.forEach((c, j) => interior.push({ key: [r, c], n: counts[i]![j]! })));
  const rowTotals = rows.map((r, i): TableCell => ({ key: [r, null], n: counts[i]!.reduce((s, n) => s + n, 0) }));
  const colTotals = columns.map(
    (c, j): TableCell => ({ key: [null, c], n: counts.reduce((s, row) => s + row[j]!, 0) }),
  );
  const grand: TableCell = { key: [null, null], n: rowTotals.reduce((s, c) => s + c.n, 0) };
  const constraints: MarginConstraint[] = [
    ...rows.map((r) => ({ total: [r, null], parts: columns.map((c) => [r, c]) })),
    ...columns.map((c) => ({ total: [null, c], parts: rows.map((r) => [r, c]) })),
    { total: grand.key, parts: rowTotals.map((c) => c.key) },
    { total: grand.key, parts: colTotals.map((c) => c.key) },
  ];
  return { cells: [...interior, ...rowTotals, ...colTotals, grand], constraints };
}

/** Internal form: cells by index, constraints as index lists. Validates the table on the way. */
export interface IndexedTable {
  readonly ids: readonly string[];
  readonly n: readonly number[];
  readonly constraints: readonly { readonly total: number; readonly parts: readonly number[] }[];
  /** Constraint indices each cell takes part in. */
  readonly constraintsOf: readonly (readonly number[])[];
}

export function indexTable(table: CountTable): IndexedTable {
  const ids = table.cells.map((c) => cellId(c.key));
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new AnonymisationError('INVALID_TABLE', `Duplicate cell ${id}`);
    index.set(id, i);
  });
  const n = table.cells.map((c) => {
    if (!Number.isSafeInteger(c.n) || c.n < 0) {
      throw new AnonymisationError('INVALID_TABLE', `Cell ${cellId(c.key)} has an invalid count`);
    }
    return c.n;
  });
  const find = (key: CellKey): number => {
    const i = index.get(cellId(key));
    if (i === undefined) throw new AnonymisationError('INVALID_TABLE', `Unknown cell ${cellId(key)}`);
    return i;
  };
  const constraintsOf: number[][] = ids.map(() => []);
  const constraints = table.constraints.map((c, ci) => {
    const total = find(c.total);
    const parts = c.parts.map(find);
    if (parts.length === 0 || new Set([total, ...parts]).size !== parts.length + 1) {
      throw new AnonymisationError('INVALID_TABLE', `Constraint ${ci} needs distinct parts other than its total`);
    }
    if (parts.reduce((s, p) => s + n[p]!, 0) !== n[total]) {
      throw new AnonymisationError('INVALID_TABLE', `Constraint ${ci}: parts do not add up to the total`);
    }
    for (const i of [total, ...parts]) constraintsOf[i]!.push(ci);
    return { total, parts };
  });
  return { ids, n, constraints, constraintsOf };
}
