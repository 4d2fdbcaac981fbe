import { normalTwoSidedP } from './distributions.js';
import { type CountedSample, asCounted, sizeOf } from './counted-sample.js';
import type { Reasons } from './reasons.js';

/** Exact p only below this many non-zero differences (R's default `exact = n < 50`). */
export const WILCOXON_EXACT_MAX_N = 49;

export interface WilcoxonSignedRankResult {
  /** differences left after dropping zeros */
  nNonZero: number;
  /** zero differences dropped */
  nZero: number;
  /** whether any |d| among the non-zero differences are tied (average ranks were used) */
  ties: boolean;
  /** V = sum of the ranks of the positive differences (R's `wilcox.test` statistic) */
  statistic: number | null;
  /** two-sided p */
  pValue: number | null;
  method: 'EXACT' | 'NORMAL_APPROX' | null;
  reasons: Reasons<'statistic' | 'pValue' | 'method'>;
}

/**
 * Wilcoxon signed-rank test of H0: the differences are symmetric about 0, two-sided.
 * Zeros are dropped, |d| ranked with average ranks for ties (exact equality, as R with
 * digits.rank = Inf). p is exact (null distribution by dynamic programming) when fewer than 50
 * non-zero differences remain and none are tied; otherwise the normal approximation with tie
 * correction and continuity correction, as R's `wilcox.test(correct = TRUE)`.
 *
 * One deliberate difference from R: R also falls back to the normal approximation when zeros were
 * dropped; PRODUCT.md asks for the exact test on the remaining differences, which equals R's
 * `wilcox.test(d[d != 0])`.
 */
export function wilcoxonSignedRank(differences: readonly number[] | CountedSample): WilcoxonSignedRankResult {
  const d = asCounted(differences, 'differences');
  const total = sizeOf(d);
  // |d| → [positive, negative] counts; ranks go to tie groups of equal |d| in ascending order.
  const byAbs = new Map<number, [number, number]>();
  let nZero = 0;
  for (let i = 0; i < d.values.length; i++) {
    const v = d.values[i]!;
    const c = d.counts[i]!;
    if (v === 0) { nZero += c; continue; }
    const g = byAbs.get(Math.abs(v)) ?? [0, 0];
    g[v > 0 ? 0 : 1] += c;
    byAbs.set(Math.abs(v), g);
  }
  const n = total - nZero;
  if (total === 0) {
    return {
      nNonZero: 0, nZero: 0, ties: false, statistic: null, pValue: null, method: null,
      reasons: { statistic: 'EMPTY', pValue: 'EMPTY', method: 'EMPTY' },
    };
  }
  if (n === 0) {
    // V over an empty set of positive ranks is 0 (R reports V = 0, p = NaN).
    return {
      nNonZero: 0, nZero, ties: false, statistic: 0, pValue: null, method: null,
      reasons: { pValue: 'NO_NONZERO_DIFFERENCES', method: 'NO_NONZERO_DIFFERENCES' },
    };
  }

  // A tie group of t values spanning ranks r+1..r+t gets their mean, r + (t + 1) / 2, each.
  let v = 0;
  let below = 0;
  let ties = false;
  let tieTerm = 0;
  for (const abs of [...byAbs.keys()].sort((a, b) => a - b)) {
    const [positive, negative] = byAbs.get(abs)!;
    const t = positive + negative;
    v += positive * (below + (t + 1) / 2);
    below += t;
    if (t > 1) ties = true;
    tieTerm += t * t * t - t;
  }

  if (n <= WILCOXON_EXACT_MAX_N && !ties) {
    return { nNonZero: n, nZero, ties, statistic: v, pValue: exactSignedRankP(v, n), method: 'EXACT', reasons: {} };
  }

  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48); // > 0 for n ≥ 1
  const z0 = v - (n * (n + 1)) / 4;
  const z = (z0 - Math.sign(z0) * 0.5) / sigma;
  return { nNonZero: n, nZero, ties, statistic: v, pValue: normalTwoSidedP(z), method: 'NORMAL_APPROX', reasons: {} };
}

/**
 * Exact two-sided p of V for n untied, non-zero differences, as R computes it:
 * min(1, 2·P(V' ≥ V)) if V > n(n+1)/4, else min(1, 2·P(V' ≤ V)).
 * counts[s] = number of subsets of {1..n} with sum s; all counts < 2^49, so exact in doubles.
 */
export function exactSignedRankP(v: number, n: number): number {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    for (let s = (r * (r + 1)) / 2; s >= r; s--) counts[s]! += counts[s - r]!;
  }
  const total = 2 ** n;
  let tail = 0;
  if (v > max / 2) {
    for (let s = Math.ceil(v); s <= max; s++) tail += counts[s]!;
  } else {
    for (let s = 0; s <= Math.floor(v); s++) tail += counts[s]!;
  }
  return Math.min(1, (2 * tail) / total);
}
