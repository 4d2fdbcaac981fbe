import { sampleDiscreteLaplace } from './discrete-noise.js';
import { chiSquareTest } from './testing/chi-square.js';

// SECURITY.md #26: the sampler's output matches the exact discrete Laplace pmf
// P(X = x) = (1 − e^{−1/b}) / (1 + e^{−1/b}) · e^{−|x|/b} over 10⁵ draws. The threshold p > 1e-6 makes a
// false alarm a one-in-a-million event while a wrong scale (even by 5 %) fails reliably.

const DRAWS = 100_000;

const pmf = (b: number) => {
  const q = Math.exp(-1 / b);
  return (x: number) => ((1 - q) / (1 + q)) * q ** Math.abs(x);
};

describe('discrete Laplace sampler', () => {
  // b = 5/2 exercises a non-integer scale (t = 5, s = 2 in CKS Algorithm 2).
  const b = 2.5;
  let draws: number[] = [];
  beforeAll(() => {
    draws = Array.from({ length: DRAWS }, () => sampleDiscreteLaplace({ num: 5n, den: 2n }));
  });

  it('is integer-valued and centred on 0', () => {
    expect(draws.every(Number.isSafeInteger)).toBe(true);
    const q = Math.exp(-1 / b);
    const variance = (2 * q) / (1 - q) ** 2;
    const mean = draws.reduce((s, x) => s + x, 0) / DRAWS;
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(variance / DRAWS));
  });

  it('has the variance 2q/(1 − q)² of the exact pmf', () => {
    const q = Math.exp(-1 / b);
    const variance = (2 * q) / (1 - q) ** 2;
    const sample = draws.reduce((s, x) => s + x * x, 0) / DRAWS;
    // Var of the sample second moment = E[X⁴] − Var²; a loose 3 % band is > 5 standard errors here.
    expect(Math.abs(sample / variance - 1)).toBeLessThan(0.03);
  });

  it('passes a χ² goodness-of-fit test against the exact pmf (p > 1e-6)', () => {
    const result = chiSquareTest(draws, pmf(b), 15);
    expect(result.pValue).toBeGreaterThan(1e-6);
  });

  it('fails the same test against a 5 % larger scale (the test has power)', () => {
    expect(chiSquareTest(draws, pmf(b * 1.05), 15).pValue).toBeLessThan(1e-6);
  });

  it('matches the pmf at an integer scale too (b = 1)', () => {
    const small = Array.from({ length: 20_000 }, () => sampleDiscreteLaplace({ num: 1n, den: 1n }));
    expect(chiSquareTest(small, pmf(1), 6).pValue).toBeGreaterThan(1e-6);
  });
});
