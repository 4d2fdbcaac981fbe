import { randomBytes, randomInt } from 'node:crypto';
import { AnonymisationError } from './anonymisation.errors.js';

// Exact sampling primitives from the OS CSPRNG. Everything is an integer or a ratio of integers:
// floating-point samplers leak through the gaps in their output (Mironov 2012, "On significance of
// the least significant bits for differential privacy").

/** A non-negative rational num/den with den > 0. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

const RANDOM_INT_LIMIT = 2n ** 48n; // crypto.randomInt needs max − min < 2⁴⁸

/** Uniform integer in [0, n). */
export function randomBelow(n: bigint): bigint {
  if (n <= 0n) throw new AnonymisationError('INVALID_NOISE_PARAMETER', 'Upper bound must be positive');
  if (n < RANDOM_INT_LIMIT) return BigInt(randomInt(Number(n)));
  const bits = n.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const excess = BigInt(bytes * 8 - bits);
  for (;;) {
    // Rejection sampling: draw `bits` random bits, retry if ≥ n (probability < 1/2).
    const candidate = BigInt(`0x${randomBytes(bytes).toString('hex')}`) >> excess;
    if (candidate < n) return candidate;
  }
}

/** Bernoulli(num/den), 0 ≤ num/den ≤ 1. */
export function bernoulli(num: bigint, den: bigint): boolean {
  return randomBelow(den) < num;
}

/**
 * Bernoulli(exp(−γ)) for rational γ ≥ 0 without computing exp: Canonne, Kamath & Steinke 2020,
 * "The Discrete Gaussian for Differential Privacy", Algorithm 1.
 */
export function bernoulliExpMinus(gamma: Rational): boolean {
  const { num, den } = gamma;
  if (num < 0n || den <= 0n) throw new AnonymisationError('INVALID_NOISE_PARAMETER', 'γ must be ≥ 0');
  if (num <= den) {
    // P(K odd) = Σ_j (−γ)^j / j! = e^−γ, where K is the first k with Bernoulli(γ/k) = 0.
    let k = 1n;
    while (bernoulli(num, den * k)) k++;
    return k % 2n === 1n;
  }
  // γ > 1: e^−γ = (e^−1)^⌊γ⌋ · e^−(γ−⌊γ⌋), each factor an independent coin.
  const whole = num / den;
  for (let i = 0n; i < whole; i++) if (!bernoulliExpMinus({ num: 1n, den: 1n })) return false;
  return bernoulliExpMinus({ num: num % den, den });
}
