import { type Reasons, StatisticsInputError, assertFiniteArray } from './reasons.js';

/** Arithmetic mean; null for an empty sample. */
export function mean(values: readonly number[]): number | null {
  assertFiniteArray(values, 'values');
  return meanOf(values);
}

/** Sample standard deviation (denominator n − 1); null for n < 2. */
export function sampleSd(values: readonly number[]): number | null {
  assertFiniteArray(values, 'values');
  return values.length < 2 ? null : Math.sqrt(sampleVarianceOf(values));
}

/** Sample variance (denominator n − 1); null for n < 2. */
export function sampleVariance(values: readonly number[]): number | null {
  assertFiniteArray(values, 'values');
  return values.length < 2 ? null : sampleVarianceOf(values);
}

/**
 * Quantile with linear interpolation between order statistics: R's `quantile(type = 7)` and
 * PostgreSQL's `percentile_cont`. Null for an empty sample.
 */
export function quantile(values: readonly number[], p: number): number | null {
  assertFiniteArray(values, 'values');
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new StatisticsInputError(`quantile probability must be in [0, 1], got ${String(p)}`);
  }
  if (values.length === 0) return null;
  return quantileOfSorted(sortAscending(values), p);
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
export function summarize(values: readonly number[]): DescriptiveSummary {
  assertFiniteArray(values, 'values');
  const n = values.length;
  if (n === 0) {
    return {
      n, mean: null, sd: null, median: null, q1: null, q3: null, iqr: null,
      reasons: { mean: 'EMPTY', sd: 'EMPTY', median: 'EMPTY', q1: 'EMPTY', q3: 'EMPTY', iqr: 'EMPTY' },
    };
  }
  const sorted = sortAscending(values);
  const q1 = quantileOfSorted(sorted, 0.25);
  const q3 = quantileOfSorted(sorted, 0.75);
  const summary: DescriptiveSummary = {
    n,
    mean: meanOf(values),
    sd: n < 2 ? null : Math.sqrt(sampleVarianceOf(values)),
    median: quantileOfSorted(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    reasons: {},
  };
  if (n < 2) summary.reasons.sd = 'N_LT_2';
  return summary;
}

// ---- internal helpers (inputs already validated) ----

export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Type-7 quantile of a sorted, non-empty sample, computed as R does ((1 − h)·lo + h·hi). */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  const index = (sorted.length - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const xLo = sorted[lo]!;
  const xHi = sorted[hi]!;
  const h = index - lo;
  // R skips the interpolation when both neighbours are equal, so equal values come back exactly.
  if (h === 0 || xHi === xLo) return xLo;
  return (1 - h) * xLo + h * xHi;
}

function allEqual(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Mean with one correction pass (sum/n can be off by a few ulps); exact when all values are equal. */
export function meanOf(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  if (allEqual(values)) return values[0]!;
  let sum = 0;
  for (const v of values) sum += v;
  let m = sum / n;
  let residual = 0;
  for (const v of values) residual += v - m;
  m += residual / n;
  return m;
}

/**
 * Sample variance by the corrected two-pass algorithm (no cancellation from Σx² − n·mean²);
 * exactly 0 when all values are equal, so "SD = 0" tests are reliable. Requires n ≥ 2.
 */
export function sampleVarianceOf(values: readonly number[]): number {
  const n = values.length;
  if (allEqual(values)) return 0;
  const m = meanOf(values)!;
  let ss = 0;
  let s = 0;
  for (const v of values) {
    const dev = v - m;
    ss += dev * dev;
    s += dev;
  }
  return Math.max(0, (ss - (s * s) / n) / (n - 1));
}
