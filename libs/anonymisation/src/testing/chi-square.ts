// Test helper: Pearson χ² goodness of fit of integer draws against a pmf, with sparse tails pooled.
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
}

/** Bins |x| ≤ limit one by one and pools each tail; `pmf` must sum to 1 over the integers. */
export function chiSquareTest(draws: readonly number[], pmf: (x: number) => number, limit: number): ChiSquareResult {
  const observed = new Map<number, number>();
  for (const x of draws) {
    const bin = Math.max(-limit - 1, Math.min(limit + 1, x));
    observed.set(bin, (observed.get(bin) ?? 0) + 1);
  }
  let inside = 0;
  for (let x = -limit; x <= limit; x++) inside += pmf(x);
  let lowerTail = 0;
  for (let x = -limit - 1; pmf(x) > 1e-300 && x > -limit - 100_000; x--) lowerTail += pmf(x);
  const upperTail = 1 - inside - lowerTail;
  let statistic = 0;
  for (let bin = -limit - 1; bin <= limit + 1; bin++) {
    const p = bin === -limit - 1 ? lowerTail : bin === limit + 1 ? upperTail : pmf(bin);
    const expected = p * draws.length;
    statistic += (((observed.get(bin) ?? 0) - expected) ** 2) / expected;
  }
  const degreesOfFreedom = 2 * limit + 2;
  return { statistic, degreesOfFreedom, pValue: 1 - chisquareCdf(statistic, degreesOfFreedom) };
}
