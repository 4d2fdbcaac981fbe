// The time-point summary (eligible, responded, response rate, baseline-only, pairedN, α, pooled,
// funnel) is withheld as BELOW_K when fewer than k clients are eligible or paired at that time
// point; each time point is judged on its own. k = 10.
import { buildOutcomeReport } from './build-outcome-report.js';
import type { FollowUpTimePoint } from './report-request.js';
import { input, marginOf, rec } from './report-fixture.spec-helper.js';

const paired = (n: number, timePoint: FollowUpTimePoint) =>
  Array.from({ length: n }, (_, i) => rec({ timePoint, baseline: 10 + (i % 4), followUp: 14 + (i % 3) }));
const baselineOnly = (n: number, timePoint: FollowUpTimePoint) =>
  Array.from({ length: n }, () => rec({ timePoint, baseline: 12, followUp: null }));

describe('time-point summary withheld below k', () => {
  const report = buildOutcomeReport(input({
    timePoints: ['MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12'],
    records: [
      ...paired(10, 'MONTH_1'), // exactly k paired: shown
      ...paired(9, 'MONTH_3'), ...baselineOnly(5, 'MONTH_3'), // 14 eligible but 9 paired: withheld
      ...paired(3, 'MONTH_6'), ...baselineOnly(4, 'MONTH_6'), // 7 eligible: withheld
      // MONTH_12: nobody yet
    ],
  }));
  const [m1, m3, m6, m12] = report.timePoints;

  it('MONTH_1 with exactly k = 10 paired is shown', () => {
    expect(m1!.withheld).toBeNull();
    expect([m1!.eligible, m1!.responded, m1!.baselineOnly, m1!.pairedN, m1!.responseRate]).toEqual([10, 10, 0, 10, 1]);
    expect(marginOf(report.cells, 'MONTH_1').n).toBe(10);
  });

  it.each([['MONTH_3', 1], ['MONTH_6', 2], ['MONTH_12', 3]] as const)('%s is withheld: every figure null, no funnel', (_tp, i) => {
    const t = [m1, m3, m6, m12][i]!;
    expect(t.withheld).toBe('BELOW_K');
    expect([t.eligible, t.responded, t.responseRate, t.baselineOnly, t.pairedN, t.cronbachAlphaBaseline, t.cronbachAlphaFollowUp,
      t.reliability, t.reliabilitySource, t.pooled, t.funnelCenter, t.funnelSigma]).toEqual(Array(12).fill(null));
    expect(t.funnel).toEqual([]);
  });

  it('the cells agree: the margins with 0 < n < k are PRIMARY suppressed without figures', () => {
    for (const tp of ['MONTH_3', 'MONTH_6'] as const) {
      const m = marginOf(report.cells, tp);
      expect([m.suppressed, m.suppression, m.n, m.statistics]).toEqual([true, 'PRIMARY', null, null]);
    }
  });

  it('a margin of nobody is published as 0, like an empty group (zeros are not suppressed)', () => {
    const m = marginOf(report.cells, 'MONTH_12');
    expect([m.suppressed, m.suppression, m.n]).toEqual([false, null, 0]);
    expect(m.statistics!.meanChange).toBeNull();
  });
});
