import { type CountedSample, asCounted, countedOf, meanOfCounted, quantileOfCounted, sizeOf, varianceOfCounted } from './counted-sample.js';
import { type Reasons, StatisticsInputError } from './reasons.js';

/** Arithmetic mean; null for an empty sample. */
export function mean(values: readonly number[]): number | null {
  return meanOfCounted(countedOf(values));
}

/** Sample standard deviation (denominator n − 1); null for n < 2. */
export function sampleSd(values: readonly number[]): number | null {
  const v = sampleVariance(values);
  return v === null ? null : Math.sqrt(v);
}

/** Sample variance (denominator n − 1); null for n < 2. */
export function sampleVariance(values: readonly number[]): number | null {
  const s = countedOf(values);
  return sizeOf(s) < 2 ? null : varianceOfCounted(s);
}

/**
 * Quantile with linear interpolation between order statistics: R's `quantile(type = 7)` and
 * PostgreSQL's `percentile_cont`. Null for an empty sample.
 */
export function quantile(values: readonly number[], p: number): number | null {
  const s = countedOf(values);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new StatisticsInputError(`quantile probability must be in [0, 1], got ${String(p)}`);
  }
  return sizeOf(s) === 0 ? null : quantileOfCounted(s, p);
}

/** Median (type-7 quantile at 0.5); null for an empty sample. */
export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

export interface DescriptiveSummary {
  n: number;
  mean: number | null;
  /** sample SD, denominator n − 1 */
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  /** q3 − q1 */
  iqr: number | null;
  reasons: Reasons<'mean' | 'sd' | 'median' | 'q1' | 'q3' | 'iqr'>;
}

/** n, mean, SD, median, quartiles and IQR of one sample. */
export function summarize(values: readonly number[] | CountedSample): DescriptiveSummary {
  const s = asCounted(values);
  const n = sizeOf(s);
  if (n === 0) {
    return {
      n, mean: null, sd: null, median: null, q1: null, q3: null, iqr: null,
      reasons: { mean: 'EMPTY', sd: 'EMPTY', median: 'EMPTY', q1: 'EMPTY', q3: 'EMPTY', iqr: 'EMPTY' },
    };
  }
  const q1 = quantileOfCounted(s, 0.25);
  const q3 = quantileOfCounted(s, 0.75);
  const summary: DescriptiveSummary = {
    n,
    mean: meanOfCounted(s),
    sd: n < 2 ? null : Math.sqrt(varianceOfCounted(s)),
    median: quantileOfCounted(s, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    reasons: {},
  };
  if (n < 2) summary.reasons.sd = 'N_LT_2';
  return summary;
}
