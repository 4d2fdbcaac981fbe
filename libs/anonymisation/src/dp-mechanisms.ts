import { AnonymisationError } from './anonymisation.errors.js';
import { sampleDiscreteLaplace } from './discrete-noise.js';
import { type MilliEpsilon, queryEpsilon } from './epsilon.js';
import type { Rational } from './exact-random.js';

// ε-DP releases with discrete Laplace noise of scale Δ/ε (SECURITY.md #26), neighbouring datasets =
// add or remove one person. Callers pass one value per person per cell (contribution bounding is
// theirs: deduplicate by client first). Scores are clamped to [lower, upper] and put on an integer grid
// of `decimals` places (2 → hundredths) so the noise stays integer; the grid is in the answer's units.
// Outputs are post-processed (clamping), which costs no privacy.

export interface DpOptions {
  /** Decimal places of the integer grid for scores (default 2: scores × 100). */
  readonly decimals?: number;
}

export interface NoisyCount {
  /** n + noise, clamped at 0. */
  readonly value: number;
  readonly epsilon: MilliEpsilon;
  /** Laplace scale Δ/ε in counts (Δ = 1); the noise standard deviation is about √2 × this. */
  readonly noiseScale: number;
}

export interface NoisySum {
  readonly value: number;
  readonly epsilon: MilliEpsilon;
  /** Δ = max(|lower|, |upper|): one person added or removed moves the sum by at most this. */
  readonly sensitivity: number;
  /** Laplace scale Δ/ε in score units. */
  readonly noiseScale: number;
}

export interface NoisyMean {
  /** Clamped to [lower, upper]. */
  readonly mean: number;
  /** The noisy count used as the denominator, clamped at 0 (the mean divides by max(1, count)). */
  readonly count: number;
  readonly epsilon: MilliEpsilon;
}

export function noisyCount(n: number, epsilon: MilliEpsilon): NoisyCount {
  if (!Number.isSafeInteger(n) || n < 0) throw new AnonymisationError('INVALID_BOUNDS', 'Count must be a non-negative integer');
  const eps = queryEpsilon(epsilon);
  const scale = divide({ num: 1n, den: 1n }, eps);
  return { value: Math.max(0, n + sampleDiscreteLaplace(scale)), epsilon, noiseScale: toNumber(scale) };
}

export function noisySum(
  values: readonly number[],
  lower: number,
  upper: number,
  epsilon: MilliEpsilon,
  options: DpOptions = {},
): NoisySum {
  const grid = makeGrid(lower, upper, options);
  const eps = queryEpsilon(epsilon);
  const sensitivity = Math.max(Math.abs(grid.lower), Math.abs(grid.upper));
  const total = values.reduce((s, v) => s + grid.snap(v), 0);
  if (sensitivity === 0) return { value: 0, epsilon, sensitivity: 0, noiseScale: 0 }; // every value is 0
  const scale = divide({ num: BigInt(sensitivity), den: 1n }, eps);
  return {
    value: (total + sampleDiscreteLaplace(scale)) / grid.unit,
    epsilon,
    sensitivity: sensitivity / grid.unit,
    noiseScale: toNumber(scale) / grid.unit,
  };
}

/**
 * ε is split evenly: ε/2 for the count, ε/2 for the sum (sequential composition). The sum is taken
 * of values centred on the middle of the range, 2v − (lower + upper), whose sensitivity is
 * upper − lower in doubled units: half the uncentred Δ for a 0-based scale (as Google DP's
 * BoundedMean does). mean = midpoint + noisy centred sum / (2 · max(1, noisy count)), then clamped.
 */
export function noisyMean(
  values: readonly number[],
  lower: number,
  upper: number,
  epsilon: MilliEpsilon,
  options: DpOptions = {},
): NoisyMean {
  const grid = makeGrid(lower, upper, options);
  const half = divide(queryEpsilon(epsilon), { num: 2n, den: 1n });
  const count = values.length + sampleDiscreteLaplace(divide({ num: 1n, den: 1n }, half));
  const width = grid.upper - grid.lower;
  const centred = values.reduce((s, v) => s + 2 * grid.snap(v) - grid.lower - grid.upper, 0);
  const noisyCentred = width === 0 ? 0 : centred + sampleDiscreteLaplace(divide({ num: BigInt(width), den: 1n }, half));
  const meanOnGrid = (grid.lower + grid.upper) / 2 + noisyCentred / (2 * Math.max(1, count));
  const mean = Math.min(grid.upper, Math.max(grid.lower, meanOnGrid)) / grid.unit;
  return { mean, count: Math.max(0, count), epsilon };
}

interface Grid {
  readonly unit: number;
  readonly lower: number;
  readonly upper: number;
  /** Clamp to the range, then round to the grid: one person moves a sum by at most Δ. */
  snap(value: number): number;
}

function makeGrid(lower: number, upper: number, options: DpOptions): Grid {
  const decimals = options.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw new AnonymisationError('INVALID_BOUNDS', 'decimals must be an integer in 0..6');
  }
  const unit = 10 ** decimals;
  const onGrid = (x: number): number => {
    const g = Math.round(x * unit);
    if (!Number.isFinite(x) || Math.abs(g - x * unit) > 1e-9 * Math.max(1, Math.abs(g)) || !Number.isSafeInteger(g)) {
      throw new AnonymisationError('INVALID_BOUNDS', `Bound ${x} is not on a ${decimals}-decimal grid`);
    }
    return g;
  };
  const lo = onGrid(lower);
  const hi = onGrid(upper);
  if (lo > hi) throw new AnonymisationError('INVALID_BOUNDS', 'lower must not exceed upper');
  return {
    unit,
    lower: lo,
    upper: hi,
    snap: (value) => {
      if (!Number.isFinite(value)) throw new AnonymisationError('INVALID_BOUNDS', 'Values must be finite numbers');
      return Math.min(hi, Math.max(lo, Math.round(value * unit)));
    },
  };
}

function divide(a: Rational, b: Rational): Rational {
  const num = a.num * b.den;
  const den = a.den * b.num;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function toNumber(r: Rational): number {
  return Number(r.num) / Number(r.den);
}
