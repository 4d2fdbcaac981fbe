// Noisy means are post-processed into the scale's range: baseline and follow-up means in
// [min, max] = [0, 30], the mean change in [−30, 30]. With every client at an edge, the unclamped
// noisy mean falls outside about half the time, so over 200 runs the clamp must bind (a value
// exactly at the edge) and nothing may cross it. ε = 3 over 1 time point: 1 per statistic, noise on
// the mean of 50 clients of about ±1 point — large enough to cross, small enough that the noisy
// count (Laplace scale 2) never drops below k = 10.
import type { MilliEpsilon } from '../../anonymisation/src/index.js';
import { buildOutcomeReport } from './build-outcome-report.js';
import { RSES, input, rec } from './report-fixture.spec-helper.js';

const RUNS = 200;
const mode = { kind: 'NOISY', epsilon: 3000 as MilliEpsilon } as const;

function runs(baseline: number, followUp: number) {
  const records = Array.from({ length: 50 }, () => rec({ baseline, followUp }));
  return Array.from({ length: RUNS }, () => buildOutcomeReport(input({ records, mode })).cells[0]!.noisy!);
}

describe('noisy means stay inside the scale range', () => {
  it('everyone at the top (30 → 30): baseline and follow-up means ≤ 30, some exactly 30; change in [−30, 30]', () => {
    const out = runs(30, 30);
    for (const c of out) {
      expect(c.baselineMean!).toBeGreaterThanOrEqual(RSES.min);
      expect(c.baselineMean!).toBeLessThanOrEqual(RSES.max);
      expect(c.followUpMean!).toBeLessThanOrEqual(RSES.max);
      expect(Math.abs(c.meanChange!)).toBeLessThanOrEqual(RSES.max - RSES.min);
    }
    expect(out.filter((c) => c.baselineMean === 30).length).toBeGreaterThan(0);
    expect(out.filter((c) => c.followUpMean === 30).length).toBeGreaterThan(0);
  });

  it('everyone at the bottom (0 → 0): means ≥ 0, some exactly 0', () => {
    const out = runs(0, 0);
    for (const c of out) {
      expect(c.baselineMean!).toBeGreaterThanOrEqual(0);
      expect(c.followUpMean!).toBeGreaterThanOrEqual(0);
    }
    expect(out.filter((c) => c.baselineMean === 0).length).toBeGreaterThan(0);
  });

  it('everyone gains the whole range (0 → 30): mean change ≤ 30, some exactly 30', () => {
    const out = runs(0, 30);
    for (const c of out) {
      expect(c.meanChange!).toBeLessThanOrEqual(30);
      expect(c.meanChange!).toBeGreaterThanOrEqual(-30);
    }
    expect(out.filter((c) => c.meanChange === 30).length).toBeGreaterThan(0);
  });

  it('everyone loses the whole range (30 → 0): mean change ≥ −30, some exactly −30', () => {
    const out = runs(30, 0);
    for (const c of out) expect(c.meanChange!).toBeGreaterThanOrEqual(-30);
    expect(out.filter((c) => c.meanChange === -30).length).toBeGreaterThan(0);
  });
});
