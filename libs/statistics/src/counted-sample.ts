import { StatisticsInputError, assertFiniteArray } from './reasons.js';

/**
 * A sample as its distinct values (strictly ascending) and how often each occurs. Every statistic
 * of PRODUCT.md depends on a sample only through this (order plays no part), so a kept aggregate
 * that stores it answers a report in time that follows the number of distinct scores, not of
 * clients; and merging two samples is exact (integer counts).
 */
export interface CountedSample {
  readonly values: readonly number[];
  readonly counts: readonly number[];
}

export const EMPTY_SAMPLE: CountedSample = Object.freeze({ values: Object.freeze([]), counts: Object.freeze([]) });

/** The counted form of raw values (validated: finite numbers). −0 counts as 0. */
export function countedOf(values: readonly number[]): CountedSample {
  assertFiniteArray(values, 'values');
  const byValue = new Map<number, number>();
  for (const v of values) byValue.set(v + 0, (byValue.get(v + 0) ?? 0) + 1);
  return fromMap(byValue);
}

/** A counted sample from a value → count map (the accumulator's form). */
export function fromMap(byValue: ReadonlyMap<number, number>): CountedSample {
  const values = [...byValue.keys()].sort((a, b) => a - b);
  return frozen(values, values.map((v) => byValue.get(v)!));
}

/** Samples made here are frozen: statistics never change their inputs, and frozen ones are checked once. */
function frozen(values: number[], counts: number[]): CountedSample {
  return Object.freeze({ values: Object.freeze(values), counts: Object.freeze(counts) });
}

/**
 * Samples known valid: frozen ones only (a frozen sample cannot change after its check), so a
 * report that passes the same kept sample through several statistics validates it once.
 */
const checked = new WeakSet<CountedSample>();
const isFrozenSample = (s: CountedSample) => Object.isFrozen(s) && Object.isFrozen(s.values) && Object.isFrozen(s.counts);

/** Validates a counted sample read from storage or given by a caller; returns it unchanged. */
export function checkCounted(s: CountedSample, what = 'sample'): CountedSample {
  if (s !== null && typeof s === 'object' && checked.has(s)) return s;
  if (s === null || typeof s !== 'object' || !Array.isArray(s.values) || !Array.isArray(s.counts) || s.values.length !== s.counts.length) {
    throw new StatisticsInputError(`${what} must have values and counts of the same length`);
  }
  assertFiniteArray(s.values, `${what}.values`);
  for (let i = 0; i < s.values.length; i++) {
    const c = s.counts[i];
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 1) throw new StatisticsInputError(`${what}.counts[${i}] must be a positive integer, got ${String(c)}`);
    if (i > 0 && !(s.values[i]! > s.values[i - 1]!)) throw new StatisticsInputError(`${what}.values must be strictly ascending`);
  }
  if (isFrozenSample(s)) checked.add(s);
  return s;
}

/** A raw array is counted (and validated); a counted sample is validated. */
export function asCounted(x: readonly number[] | CountedSample, what = 'values'): CountedSample {
  return Array.isArray(x) ? countedOf(x as readonly number[]) : checkCounted(x as CountedSample, what);
}

/** Exact union of samples (counts add), by merging their ascending values; one sample is itself. */
export function mergeCounted(samples: Iterable<CountedSample>): CountedSample {
  let merged: CountedSample | null = null;
  for (const s of samples) merged = merged === null ? s : mergeTwo(merged, s);
  return merged ?? EMPTY_SAMPLE;
}

function mergeTwo(a: CountedSample, b: CountedSample): CountedSample {
  if (a.values.length === 0) return b;
  if (b.values.length === 0) return a;
  const values: number[] = [];
  const counts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = i < a.values.length ? a.values[i]! : Infinity;
    const y = j < b.values.length ? b.values[j]! : Infinity;
    if (j >= b.values.length || x < y) {
      values.push(x);
      counts.push(a.counts[i++]!);
    } else if (i >= a.values.length || y < x) {
      values.push(y);
      counts.push(b.counts[j++]!);
    } else {
      values.push(x);
      counts.push(a.counts[i++]! + b.counts[j++]!);
    }
  }
  return frozen(values, counts);
}

/**
 * Size, mean and variance of frozen samples, kept once computed: a kept aggregate's samples are
 * frozen and reused by every report of the month, and one report asks for the same clinic's
 * moments several times (pooling, pooled SD, funnel points), which was a quarter of a
 * HAIR_LOSS_TYPE report's own time at 100,000 clients. A frozen sample cannot change, so the kept
 * figures are the ones a new computation would give; mutable samples are computed every time.
 */
interface Moments {
  n?: number;
  mean?: number | null;
  variance?: number;
}
const moments = new WeakMap<CountedSample, Moments>();

/** `compute(s)`, kept for a frozen sample under `key`. */
function kept<K extends keyof Moments>(s: CountedSample, key: K, compute: (s: CountedSample) => Required<Moments>[K]): Required<Moments>[K] {
  let m = moments.get(s);
  if (m === undefined && isFrozenSample(s)) moments.set(s, (m = {}));
  if (m?.[key] !== undefined) return m[key] as Required<Moments>[K];
  const value = compute(s);
  if (m) m[key] = value;
  return value;
}

export function sizeOf(s: CountedSample): number {
  return kept(s, 'n', computeSize);
}

function computeSize(s: CountedSample): number {
  let n = 0;
  for (const c of s.counts) n += c;
  return n;
}

/** Observations satisfying `keep`, counted. */
export function countWhere(s: CountedSample, keep: (v: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < s.values.length; i++) if (keep(s.values[i]!)) n += s.counts[i]!;
  return n;
}

// ---- numerics (inputs already validated) ----

/** Mean with one correction pass (sum/n can be off by a few ulps); exact when all values are equal. */
export function meanOfCounted(s: CountedSample): number | null {
  return kept(s, 'mean', computeMean);
}

function computeMean(s: CountedSample): number | null {
  const n = sizeOf(s);
  if (n === 0) return null;
  if (s.values.length === 1) return s.values[0]!;
  let sum = 0;
  for (let i = 0; i < s.values.length; i++) sum += s.counts[i]! * s.values[i]!;
  let m = sum / n;
  let residual = 0;
  for (let i = 0; i < s.values.length; i++) residual += s.counts[i]! * (s.values[i]! - m);
  m += residual / n;
  return m;
}

/**
 * Sample variance by the corrected two-pass algorithm (no cancellation from Σx² − n·mean²);
 * exactly 0 when all values are equal, so "SD = 0" tests are reliable. Requires n ≥ 2.
 */
export function varianceOfCounted(s: CountedSample): number {
  if (s.values.length <= 1) return 0;
  return kept(s, 'variance', computeVariance);
}

function computeVariance(s: CountedSample): number {
  const n = sizeOf(s);
  const m = meanOfCounted(s)!;
  let ss = 0;
  let sum = 0;
  for (let i = 0; i < s.values.length; i++) {
    const dev = s.values[i]! - m;
    ss += s.counts[i]! * dev * dev;
    sum += s.counts[i]! * dev;
  }
  return Math.max(0, (ss - (sum * sum) / n) / (n - 1));
}

/** The k-th smallest observation (0-based) of a non-empty sample. */
export function orderStatistic(s: CountedSample, k: number): number {
  let seen = 0;
  for (let i = 0; i < s.values.length; i++) {
    seen += s.counts[i]!;
    if (k < seen) return s.values[i]!;
  }
  throw new StatisticsInputError(`order statistic ${k} of a sample of ${seen}`);
}

/** Type-7 quantile of a non-empty sample, computed as R does ((1 − h)·lo + h·hi). */
export function quantileOfCounted(s: CountedSample, p: number): number {
  const index = (sizeOf(s) - 1) * p;
  const lo = Math.floor(index);
  const xLo = orderStatistic(s, lo);
  const xHi = orderStatistic(s, Math.ceil(index));
  const h = index - lo;
  // R skips the interpolation when both neighbours are equal, so equal values come back exactly.
  if (h === 0 || xHi === xLo) return xLo;
  return (1 - h) * xLo + h * xHi;
}
