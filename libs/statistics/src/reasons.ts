/**
 * How undefined statistics are reported (one rule for the whole library):
 *
 * - every statistic that can be undefined is typed `number | null` (never NaN or ±Infinity);
 * - the object that owns the field carries `reasons`, a map from the field name to a
 *   `NullReason`; it has an entry for exactly the fields that are null, and no others.
 *
 * Invalid input (NaN, ±Infinity, negative variances, ragged matrices, options out of range) is a
 * caller bug, not an undefined statistic: it throws `StatisticsInputError`.
 */
export type NullReason =
  /** no observations at all (n = 0) */
  | 'EMPTY'
  /** needs at least two observations (sample SD, t, CI, effect sizes, pooled SD) */
  | 'N_LT_2'
  /** SD of the changes is 0: t, its p, the CI and dz/g are not defined */
  | 'ZERO_VARIANCE'
  /** Wilcoxon: every difference is zero, so none is left to rank */
  | 'NO_NONZERO_DIFFERENCES'
  /** the scale has no MCID */
  | 'MCID_NOT_GIVEN'
  /** the caller gave no reliability for reliable change */
  | 'RELIABILITY_NOT_GIVEN'
  /** SEdiff = 0 (baseline SD 0 or reliability 1): |d| / SEdiff is not defined */
  | 'ZERO_SE_DIFF'
  /** Cronbach's alpha with fewer than two items */
  | 'FEWER_THAN_2_ITEMS'
  /** Cronbach's alpha with fewer than two respondents */
  | 'FEWER_THAN_2_RESPONDENTS'
  /** Cronbach's alpha with total-score variance 0 */
  | 'ZERO_TOTAL_VARIANCE'
  /** meta-analysis with no study (clinic) left */
  | 'NO_STUDIES'
  /** meta-analysis with one study: tau², I² and the heterogeneity test are not estimable */
  | 'SINGLE_STUDY';

/** `reasons` map of an object whose fields K may be null. */
export type Reasons<K extends string> = Partial<Record<K, NullReason>>;

export class StatisticsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatisticsInputError';
  }
}

export function assertFiniteArray(values: readonly number[], what: string): void {
  if (!Array.isArray(values)) throw new StatisticsInputError(`${what} must be an array`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatisticsInputError(`${what}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
}

export function assertFinite(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StatisticsInputError(`${what} must be a finite number, got ${String(value)}`);
  }
}
