// Statistical check of the noisy report on a fixed big sample: 2,000 paired RSES clients, baseline
// 10 + (i mod 11), follow-up baseline + (i mod 7) − 1 (all inside 0–30, far from the edges, so the
// clamp never binds). ε = 0.3 over 1 time point: 0.1 per mean, split 0.05 / 0.05 between the noisy
// count and the noisy centred sum (dp-mechanisms.ts, on a grid of hundredths).
//
// Error of one run, to first order: mean − μ ≈ Z / (2n) − (μ − mid) · W / n (in grid units), with
// Z ~ discrete Laplace of scale width/0.05 on the centred sum and W ~ discrete Laplace of scale
// 1/0.05 = 20 on the count; Var(discrete Laplace, scale b) = 2q / (1 − q)², q = e^(−1/b). Both have
// mean 0, so the noisy mean is unbiased up to the ratio's second-order term (μ − mid) · Var(W) / n²
// ≈ 4e-6 points here. Over R = 600 runs the average's SD is σ / √R; the tolerance is 5 of those
// (two-sided normal tail 5.7e-7 per assertion; R = 600 puts the CLT well in force for these
// Laplace sums). The run-to-run SD must match σ within ±25 % (≈ 5 SDs of a sample SD with
// Laplace-like kurtosis 6 at R = 600), which proves the noise is there and has the claimed scale.
import type { MilliEpsilon } from '../../anonymisation/src/index.js';
import { buildOutcomeReport } from './build-outcome-report.js';
import { RSES, input, rec } from './report-fixture.spec-helper.js';

const N = 2000;
const R = 600;
const UNIT = 100; // grid of hundredths
const HALF_EPS = 0.05;

const baseline = Array.from({ length: N }, (_, i) => 10 + (i % 11));
const followUp = baseline.map((b, i) => b + (i % 7) - 1);
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
const laplaceVar = (b: number) => {
  const q = Math.exp(-1 / b);
  return (2 * q) / (1 - q) ** 2;
};

/** SD (points) of one run's noisy mean on [lower, upper] for a true mean mu. */
function runSd(lower: number, upper: number, mu: number): number {
  const width = (upper - lower) * UNIT;
  const mid = ((lower + upper) / 2) * UNIT;
  const varZ = laplaceVar(width / HALF_EPS);
  const varW = laplaceVar(1 / HALF_EPS);
  const varGrid = varZ / (4 * N * N) + ((mu * UNIT - mid) ** 2 * varW) / (N * N);
  return Math.sqrt(varGrid) / UNIT;
}

describe('noisy means are unbiased, with noise of the calibrated size', () => {
  const records = baseline.map((b, i) => rec({ baseline: b, followUp: followUp[i]! }));
  const truth = {
    baselineMean: mean(baseline),
    followUpMean: mean(followUp),
    meanChange: mean(followUp.map((f, i) => f - baseline[i]!)),
  };
  const sigma = {
    baselineMean: runSd(RSES.min, RSES.max, truth.baselineMean),
    followUpMean: runSd(RSES.min, RSES.max, truth.followUpMean),
    meanChange: runSd(-(RSES.max - RSES.min), RSES.max - RSES.min, truth.meanChange),
  };
  const mode = { kind: 'NOISY', epsilon: 300 as MilliEpsilon } as const;
  const out = Array.from({ length: R }, () => buildOutcomeReport(input({ records, mode })).cells[0]!.noisy!);

  it('the truth and the per-run noise are what the comment says', () => {
    expect(truth.meanChange).toBeGreaterThan(1.9);
    expect(truth.meanChange).toBeLessThan(2.1);
    // e.g. the change: √(2·120000² / (4·2000²)) / 100 ≈ 0.42 points per run
    expect(sigma.meanChange).toBeGreaterThan(0.4);
    expect(sigma.meanChange).toBeLessThan(0.45);
  });

  it.each(['baselineMean', 'followUpMean', 'meanChange'] as const)('%s: |average of R runs − truth| ≤ 5 σ/√R', (key) => {
    const values = out.map((c) => c[key]!);
    const tolerance = (5 * sigma[key]) / Math.sqrt(R);
    expect(Math.abs(mean(values) - truth[key])).toBeLessThanOrEqual(tolerance);
  });

  it.each(['baselineMean', 'followUpMean', 'meanChange'] as const)('%s: run-to-run SD within ±25 %% of the calibrated σ', (key) => {
    const ratio = sd(out.map((c) => c[key]!)) / sigma[key];
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  });

  it('the noisy n is an integer, unbiased for 2,000 (SD √Var(W) ≈ 28 per run)', () => {
    const ns = out.map((c) => c.n);
    for (const n of ns) expect(Number.isInteger(n)).toBe(true);
    const sdW = Math.sqrt(laplaceVar(1 / HALF_EPS));
    expect(Math.abs(mean(ns) - N)).toBeLessThanOrEqual((5 * sdW) / Math.sqrt(R));
  });
});
