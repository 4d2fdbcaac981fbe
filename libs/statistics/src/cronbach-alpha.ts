import { type Reasons, StatisticsInputError, assertFiniteArray } from './reasons.js';

export interface CronbachAlphaResult {
  /** number of items (columns) */
  k: number;
  /** number of respondents (rows) */
  n: number;
  /** k/(k − 1) · (1 − Σ var_i / var_total), sample variances; can be negative, never above 1 */
  alpha: number | null;
  reasons: Reasons<'alpha'>;
}

/**
 * What Cronbach's α needs of an item matrix, as sums that add across groups of respondents: n, and
 * per item Σx and Σx², and of the total T = Σ items, ΣT and ΣT². With integer item scores (every
 * instrument here) the sums are exact integers, so a kept aggregate equals a recomputation exactly.
 */
export interface ItemSums {
  n: number;
  itemSums: number[];
  itemSquareSums: number[];
  totalSum: number;
  totalSquareSum: number;
}

export function emptyItemSums(k: number): ItemSums {
  return { n: 0, itemSums: new Array<number>(k).fill(0), itemSquareSums: new Array<number>(k).fill(0), totalSum: 0, totalSquareSum: 0 };
}

/** Adds one respondent's complete item vector (length k) to the sums, in place. */
export function addItems(sums: ItemSums, row: readonly number[]): void {
  let total = 0;
  for (let j = 0; j < sums.itemSums.length; j++) {
    const x = row[j]!;
    sums.itemSums[j]! += x;
    sums.itemSquareSums[j]! += x * x;
    total += x;
  }
  sums.n++;
  sums.totalSum += total;
  sums.totalSquareSum += total * total;
}

/**
 * Cronbach's α. Rows are respondents with every item answered (the caller drops incomplete
 * ones), columns are items already reverse-scored where needed.
 */
export function cronbachAlpha(itemMatrix: readonly (readonly number[])[]): CronbachAlphaResult {
  if (!Array.isArray(itemMatrix)) throw new StatisticsInputError('itemMatrix must be an array of rows');
  const n = itemMatrix.length;
  const k = n === 0 ? 0 : itemMatrix[0]!.length;
  const sums = emptyItemSums(k);
  itemMatrix.forEach((row, i) => {
    assertFiniteArray(row, `itemMatrix[${i}]`);
    if (row.length !== k) throw new StatisticsInputError(`itemMatrix[${i}] has ${row.length} items, row 0 has ${k}`);
    addItems(sums, row);
  });
  return cronbachAlphaOfSums(sums);
}

/**
 * α from the sums: k/(k − 1) · (1 − Σᵢ(nΣxᵢ² − (Σxᵢ)²) / (nΣT² − (ΣT)²)); the factors n(n − 1) of
 * the sample variances cancel, so integer sums give α with one rounding per operation.
 */
export function cronbachAlphaOfSums(sums: ItemSums): CronbachAlphaResult {
  const { n } = sums;
  const k = sums.itemSums.length;
  if (k < 2) return { k, n, alpha: null, reasons: { alpha: 'FEWER_THAN_2_ITEMS' } };
  if (n < 2) return { k, n, alpha: null, reasons: { alpha: 'FEWER_THAN_2_RESPONDENTS' } };
  const totalScatter = n * sums.totalSquareSum - sums.totalSum * sums.totalSum;
  if (!(totalScatter > 0)) return { k, n, alpha: null, reasons: { alpha: 'ZERO_TOTAL_VARIANCE' } };
  let itemScatter = 0;
  for (let j = 0; j < k; j++) itemScatter += Math.max(0, n * sums.itemSquareSums[j]! - sums.itemSums[j]! * sums.itemSums[j]!);
  return { k, n, alpha: (k / (k - 1)) * (1 - itemScatter / totalScatter), reasons: {} };
}
