import { AnonymisationError } from './anonymisation.errors.js';
import { noisyCount, noisyMean, noisySum } from './dp-mechanisms.js';
import { parseEpsilon } from './epsilon.js';

const eps = parseEpsilon;

describe('DP mechanisms', () => {
  it('noisyCount: integer, ≥ 0, scale 1/ε, unbiased away from 0', () => {
    const runs = Array.from({ length: 5_000 }, () => noisyCount(200, eps(1)));
    expect(runs.every((r) => Number.isSafeInteger(r.value) && r.value >= 0)).toBe(true);
    expect(runs[0]!.noiseScale).toBe(1);
    expect(runs[0]!.epsilon).toBe(1000);
    const mean = runs.reduce((s, r) => s + r.value, 0) / runs.length;
    expect(Math.abs(mean - 200)).toBeLessThan(0.15); // sd of the mean ≈ 1.7/√5000 ≈ 0.024
    expect(noisyCount(0, eps('0.1')).value).toBeGreaterThanOrEqual(0);
  });

  it('noisySum: clamps each value before summing and reports Δ = max(|lower|, |upper|)', () => {
    // Values far outside [0, 100] would move an unclamped sum by thousands.
    const values = [-5000, 50, 100_000];
    const runs = Array.from({ length: 2_000 }, () => noisySum(values, 0, 100, eps(2)));
    expect(runs[0]!.sensitivity).toBe(100);
    expect(runs[0]!.noiseScale).toBe(50);
    const mean = runs.reduce((s, r) => s + r.value, 0) / runs.length;
    expect(Math.abs(mean - 150)).toBeLessThan(8); // 0 + 50 + 100; sd of the mean ≈ 71/√2000 ≈ 1.6
  });

  it('noisySum: works on a 2-decimal grid and returns values on it', () => {
    const r = noisySum([1.25, 2.5, 3.75], 0, 5, eps(1));
    expect(Math.round(r.value * 100)).toBeCloseTo(r.value * 100, 6);
    expect(r.sensitivity).toBe(5);
    expect(() => noisySum([1], 0, 4.005, eps(1))).toThrow(AnonymisationError);
    expect(() => noisySum([Number.NaN], 0, 4, eps(1))).toThrow(AnonymisationError);
    expect(noisySum([3, 4], 0, 7, eps(1), { decimals: 0 }).sensitivity).toBe(7);
  });

  it('noisyMean: stays in [lower, upper], is near the true mean for large n, clamps outliers', () => {
    const values = [...new Array<number>(500).fill(60), ...new Array<number>(500).fill(80), 10_000];
    const runs = Array.from({ length: 500 }, () => noisyMean(values, 0, 100, eps(1)));
    expect(runs.every((r) => r.mean >= 0 && r.mean <= 100 && r.count >= 0)).toBe(true);
    const mean = runs.reduce((s, r) => s + r.mean, 0) / runs.length;
    expect(Math.abs(mean - 70.03)).toBeLessThan(0.5);
  });

  it('noisyMean: an empty or tiny group still yields a clamped answer', () => {
    for (let i = 0; i < 200; i++) {
      const r = noisyMean([], 1, 7, eps('0.1'));
      expect(r.mean).toBeGreaterThanOrEqual(1);
      expect(r.mean).toBeLessThanOrEqual(7);
    }
  });

  it('refuses bad bounds and bad ε', () => {
    expect(() => noisySum([1], 5, 1, eps(1))).toThrow(/lower/);
    expect(() => noisyCount(3, eps(0))).toThrow(AnonymisationError);
    expect(() => noisyCount(-1, eps(1))).toThrow(AnonymisationError);
  });
});
