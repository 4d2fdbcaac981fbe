import { sampleDiscreteGaussian } from './discrete-noise.js';
import { chiSquareTest } from './testing/chi-square.js';

// CKS 2020 Algorithm 3 against the exact pmf P(X = x) = e^{−x²/2σ²} / Σ_y e^{−y²/2σ²}.

const gaussianPmf = (sigma2: number) => {
  let z = 0;
  for (let y = -2000; y <= 2000; y++) z += Math.exp(-(y * y) / (2 * sigma2));
  return (x: number) => Math.exp(-(x * x) / (2 * sigma2)) / z;
};

describe('discrete Gaussian sampler', () => {
  it('matches the exact pmf for σ² = 9/2 (χ², p > 1e-6)', () => {
    const draws = Array.from({ length: 30_000 }, () => sampleDiscreteGaussian({ num: 9n, den: 2n }));
    expect(draws.every(Number.isSafeInteger)).toBe(true);
    expect(chiSquareTest(draws, gaussianPmf(4.5), 6).pValue).toBeGreaterThan(1e-6);
  });

  it('has variance ≈ σ² at a larger σ² = 400', () => {
    const n = 20_000;
    const draws = Array.from({ length: n }, () => sampleDiscreteGaussian({ num: 400n, den: 1n }));
    const variance = draws.reduce((s, x) => s + x * x, 0) / n;
    // Standard error of the variance ≈ σ²·√(2/n) = 4; allow 6 of them.
    expect(Math.abs(variance - 400)).toBeLessThan(24);
  });

  it('rejects σ² ≤ 0', () => {
    expect(() => sampleDiscreteGaussian({ num: 0n, den: 1n })).toThrow(/σ²/);
  });
});
