import { sampleVarianceOf } from './descriptive.js';
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
 * Cronbach's α. Rows are respondents with every item answered (the caller drops incomplete
 * ones), columns are items already reverse-scored where needed.
 */
export function cronbachAlpha(itemMatrix: readonly (readonly number[])[]): CronbachAlphaResult {
  if (!Array.isArray(itemMatrix)) throw new StatisticsInputError('itemMatrix must be an array of rows');
  const n = itemMatrix.length;
  const k = n === 0 ? 0 : itemMatrix[0]!.length;
  itemMatrix.forEach((row, i) => {
    assertFiniteArray(row, `itemMatrix[${i}]`);
    if (row.length !== k) throw new StatisticsInputError(`itemMatrix[${i}] has ${row.length} items, row 0 has ${k}`);
  });
  if (k < 2) return { k, n, alpha: null, reasons: { alpha: 'FEWER_THAN_2_ITEMS' } };
  if (n < 2) return { k, n, alpha: null, reasons: { alpha: 'FEWER_THAN_2_RESPONDENTS' } };
  const totals = itemMatrix.map((row) => row.reduce((a: number, b: number) => a + b, 0));
  const totalVariance = sampleVarianceOf(totals);
  if (totalVariance === 0) return { k, n, alpha: null, reasons: { alpha: 'ZERO_TOTAL_VARIANCE' } };
  let itemVarianceSum = 0;
  for (let j = 0; j < k; j++) itemVarianceSum += sampleVarianceOf(itemMatrix.map((row) => row[j]!));
  return { k, n, alpha: (k / (k - 1)) * (1 - itemVarianceSum / totalVariance), reasons: {} };
}
