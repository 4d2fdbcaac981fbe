import { assertMinCellSize } from './min-cell-size.js';
import { recoverableIndices } from './recoverability.js';
import { type CellKey, type CountTable, type IndexedTable, cellId, indexTable } from './report-table.js';

// Cell suppression for one report table (PRODUCT.md; SECURITY.md #21–22).
//
// Primary: 0 < n < k is suppressed. A published 0 is kept by default: it is what the table says
// about nobody, and hiding it would cost a complement in every sparse row. `suppressZeros` hides
// zeros too, for tables where "no client has X" is itself sensitive.
//
// Complementary, repeated to a fixed point (a fix in a row can break a column in 2-D):
//  1. every constraint has 0 or ≥ 2 suppressed cells (one unknown in an equation is solved by it);
//  2. residual rule: where a constraint's total is published, its suppressed parts together hold ≥ k
//     clients. The residual total − published parts is a derivable group of its own; below k it leaks
//     through the bounds an attacker knows (two suppressed cells with residual 2 are 1 and 1, since a
//     suppressed cell is ≥ 1 when zeros are published);
//  3. exact audit: no suppressed value lies in the row space of the constraints (recoverability.ts),
//     which catches combinations across rows and columns that rule 1 misses.
// Complements are the smallest published cell in the group (least information lost), positive
// counts before zeros (a suppressed 0 adds no protection), then the one that leaves fewer new single
// unknowns elsewhere, then table order, so the result is deterministic.
//
// Publish the pattern, never the reason: "PRIMARY" would tell a reader that 0 < n < k.

export type SuppressionReason = 'PRIMARY' | 'COMPLEMENTARY';

export interface SuppressionOptions {
  /** Suppress cells with n = 0 as primary too (default false: zeros are published). */
  readonly suppressZeros?: boolean;
}

export interface CellOutcome {
  readonly key: CellKey;
  readonly n: number;
  /** null: publish the cell; otherwise why it is hidden (for audit logs only). */
  readonly reason: SuppressionReason | null;
}

export interface SuppressionResult {
  readonly k: number;
  /** Every cell of the table, in table order. */
  readonly cells: readonly CellOutcome[];
  readonly suppressed: readonly CellOutcome[];
}

export function suppressCells(table: CountTable, k: number, options: SuppressionOptions = {}): SuppressionResult {
  assertMinCellSize(k);
  const t = indexTable(table);
  const reason = new Map<number, SuppressionReason>();
  t.n.forEach((n, i) => {
    if (n < k && (n > 0 || options.suppressZeros === true)) reason.set(i, 'PRIMARY');
  });

  const suppress = (i: number | undefined): boolean => {
    if (i === undefined || reason.has(i)) return false;
    reason.set(i, 'COMPLEMENTARY');
    return true;
  };

  for (;;) {
    let changed = false;
    t.constraints.forEach((c, ci) => {
      const members = [c.total, ...c.parts];
      const hidden = members.filter((i) => reason.has(i));
      if (hidden.length === 0) return;
      if (hidden.length === 1) {
        changed = suppress(pickComplement(members, t, reason, ci)) || changed;
        return;
      }
      if (!reason.has(c.total)) {
        const residual = c.parts.reduce((s, p) => s + (reason.has(p) ? t.n[p]! : 0), 0);
        if (residual < k) {
          const candidates = [c.total, ...c.parts.filter((p) => t.n[p]! > 0)];
          changed = suppress(pickComplement(candidates, t, reason, ci)) || changed;
        }
      }
    });
    if (changed) continue;

    const recoverable = recoverableIndices(t, new Set(reason.keys()));
    if (recoverable.length === 0) break;
    const target = recoverable[0]!;
    const near = t.constraintsOf[target]!.flatMap((ci) => [t.constraints[ci]!.total, ...t.constraints[ci]!.parts]);
    const pick = pickComplement(near, t, reason, -1) ?? pickComplement(t.ids.map((_, i) => i), t, reason, -1);
    if (!suppress(pick)) break; // nothing left to hide: only structural zeros can remain determined
  }

  const cells = table.cells.map((cell, i): CellOutcome => ({ key: cell.key, n: cell.n, reason: reason.get(i) ?? null }));
  return { k, cells, suppressed: cells.filter((c) => c.reason !== null) };
}

export function isSuppressed(result: SuppressionResult, key: CellKey): boolean {
  const id = cellId(key);
  return result.suppressed.some((c) => cellId(c.key) === id);
}

function pickComplement(
  candidates: readonly number[],
  t: IndexedTable,
  reason: ReadonlyMap<number, SuppressionReason>,
  currentConstraint: number,
): number | undefined {
  const open = [...new Set(candidates)].filter((i) => !reason.has(i));
  const newSingles = (i: number): number =>
    t.constraintsOf[i]!.filter(
      (ci) => ci !== currentConstraint && ![t.constraints[ci]!.total, ...t.constraints[ci]!.parts].some((m) => reason.has(m)),
    ).length;
  const rank = (i: number): number[] => [t.n[i] === 0 ? 1 : 0, t.n[i]!, newSingles(i), i];
  return open.sort((a, b) => compare(rank(a), rank(b)))[0];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
