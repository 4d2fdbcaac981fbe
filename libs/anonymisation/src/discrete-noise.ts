import { AnonymisationError } from './anonymisation.errors.js';
import { type Rational, bernoulli, bernoulliExpMinus, randomBelow } from './exact-random.js';

// Integer-valued noise for differential privacy (SECURITY.md #26), after Canonne, Kamath & Steinke
// 2020, "The Discrete Gaussian for Differential Privacy" (NeurIPS), Algorithms 2 and 3. Exact: only
// integer arithmetic on CSPRNG output, no Math.random and no float inverse CDF (Mironov 2012).

/**
 * Discrete Laplace (two-sided geometric) with scale b = num/den:
 * P(X = x) = (1 − e^{−1/b}) / (1 + e^{−1/b}) · e^{−|x|/b}. For ε-DP with sensitivity Δ use b = Δ/ε.
 */
export function sampleDiscreteLaplace(scale: Rational): number {
  // CKS Algorithm 2 with t = scale.num, s = scale.den (their output scale is t/s).
  const t = scale.num;
  const s = scale.den;
  if (t <= 0n || s <= 0n) throw new AnonymisationError('INVALID_NOISE_PARAMETER', 'Scale must be positive');
  for (;;) {
    const u = randomBelow(t);
    if (!bernoulliExpMinus({ num: u, den: t })) continue;
    let v = 0n;
    while (bernoulliExpMinus({ num: 1n, den: 1n })) v++;
    const y = (u + t * v) / s; // X = U + tV is geometric with ratio e^{−1/t}; ⌊X/s⌋ has ratio e^{−s/t}
    const negative = bernoulli(1n, 2n);
    if (negative && y === 0n) continue; // otherwise 0 would be counted twice
    return toSafeNumber(negative ? -y : y);
  }
}

/**
 * Discrete Gaussian N_Z(0, σ²) with rational σ² (CKS Algorithm 3): P(X = x) ∝ e^{−x²/(2σ²)}.
 * Gives ρ-zCDP with ρ = Δ²/(2σ²) (CKS Theorem 14); converting that to an ε budget is up to the caller.
 */
export function sampleDiscreteGaussian(sigma2: Rational): number {
  const { num, den } = sigma2;
  if (num <= 0n || den <= 0n) throw new AnonymisationError('INVALID_NOISE_PARAMETER', 'σ² must be positive');
  const t = isqrt(num * den) / den + 1n; // ⌊σ⌋ + 1
  for (;;) {
    const y = BigInt(sampleDiscreteLaplace({ num: t, den: 1n }));
    const a = (y < 0n ? -y : y) * t * den - num; // (|Y| − σ²/t)² / (2σ²) = a² / (2·num·den·t²)
    if (bernoulliExpMinus({ num: a * a, den: 2n * num * den * t * t })) return toSafeNumber(y);
  }
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

function toSafeNumber(x: bigint): number {
  if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AnonymisationError('INVALID_NOISE_PARAMETER', 'Noise out of range');
  }
  return Number(x);
}
