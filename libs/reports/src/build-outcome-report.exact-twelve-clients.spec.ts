// Exact catalogue report (no grouping) on 12 paired clients from 2 clinics, RSES (0–30, higher is
// better, MCID 3, published reliability 0.88), MONTH_3, k = 10. Every expected value was computed
// independently with SciPy 1.17 / NumPy (script below), never taken from the code:
//
//   b = [12,15,10,20,14,9,18,11,16,13,17,8]; f = [18,17,19,19,20,15,22,11,23,16,25,13]; d = f - b
//   d.mean(), d.std(ddof=1); m ± stats.t.ppf(0.975, 11) * sd / sqrt(12); stats.ttest_rel(f, b)
//   np.quantile(b, [.25,.5,.75])  (type 7); stats.wilcoxon(d, zero_method='wilcox', correction=True, method='approx')
//   dz = m / sd; g = dz * (1 - 3 / (4 * 11 - 1)); SEdiff = sd(b) * sqrt(2) * sqrt(1 - 0.88)
//   DerSimonian–Laird by its textbook formulas on the two clinics' changes.
//
// By hand: d = 6, 2, 9, −1, 6, 6, 4, 0, 7, 3, 8, 5 (Σ = 55, mean 55/12). Wilcoxon: the 0 is dropped,
// 11 non-zero |d| ranked with ties (three 6s share rank 8), only −1 has a negative sign → V = 66 − 1 = 65;
// σ² = 11·12·23/24 − (3³ − 3)/48 = 126, z = (65 − 33 − 0.5)/√126 → p = 0.0050122871.
// Beside the 12 pairs: 2 baseline-only eligible, 1 follow-up without baseline, 1 not yet eligible
// (window open, no follow-up) and a duplicate of client 1 (one contribution per client and time point).
import { buildOutcomeReport } from './build-outcome-report.js';
import { expectClose } from '../../statistics/src/spec-helpers.js';
import { RSES, input, marginOf, rec } from './report-fixture.spec-helper.js';

const BASE = [12, 15, 10, 20, 14, 9, 18, 11, 16, 13, 17, 8];
const FOLLOW = [18, 17, 19, 19, 20, 15, 22, 11, 23, 16, 25, 13];

const records = [
  ...BASE.map((b, i) => rec({ subject: `c${i + 1}`, clinic: i < 7 ? 'Clinic 01' : 'Clinic 02', baseline: b, followUp: FOLLOW[i]! })),
  rec({ subject: 'bo1', baseline: 14, followUp: null }),
  rec({ subject: 'bo2', clinic: 'Clinic 02', baseline: 16, followUp: null }),
  rec({ subject: 'fu-only', baseline: null, followUp: 20 }),
  rec({ subject: 'not-yet', baseline: 12, followUp: null, eligible: false }),
  rec({ subject: 'c1', baseline: 0, followUp: 30 }), // the same client again: dropped
];

describe('exact report, 12 clients, no grouping, k = 10', () => {
  const report = buildOutcomeReport(input({ records, k: 10 }));
  const margin = marginOf(report.cells, 'MONTH_3');
  const s = margin.statistics!;

  it('has one cell, the margin, shown with n = 12 and no noise or ε', () => {
    expect(report.mode).toBe('EXACT');
    expect(report.cells).toHaveLength(1);
    expect([margin.groups, margin.suppressed, margin.suppression, margin.n, margin.noisy]).toEqual([[], false, null, 12, null]);
    expect([report.suppressedCells, report.epsilonSpent]).toEqual([0, 0]);
    expect(s.n).toBe(12);
  });

  it('mean change, SD, Student-t 95 % CI, t and p match SciPy', () => {
    expectClose(s.meanChange, 55 / 12, 1e-12, 'mean change');
    expectClose(s.sdChange, 3.0883456393154556, 1e-12, 'SD(d)');
    expect(s.df).toBe(11);
    expectClose(s.ciLower, 2.621092130112528, 1e-10, 'CI lower');
    expectClose(s.ciUpper, 6.545574536554138, 1e-10, 'CI upper');
    expectClose(s.tStatistic, 5.140982991215304, 1e-10, 't');
    expectClose(s.tPValue, 0.0003227408596837965, 1e-8, 'p');
  });

  it('baseline and follow-up mean, SD and type-7 quartiles match NumPy', () => {
    expectClose(s.baseline.mean, 163 / 12, 1e-12, 'baseline mean');
    expectClose(s.baseline.sd, 3.7527767497325675, 1e-12, 'baseline SD');
    expect([s.baseline.q1, s.baseline.median, s.baseline.q3]).toEqual([10.75, 13.5, 16.25]);
    expectClose(s.followUp.mean, 218 / 12, 1e-12, 'follow-up mean');
    expectClose(s.followUp.sd, 4.086192567289223, 1e-12, 'follow-up SD');
    expect([s.followUp.q1, s.followUp.median, s.followUp.q3]).toEqual([15.75, 18.5, 20.5]);
    expect([s.change.q1, s.change.median, s.change.q3]).toEqual([2.75, 5.5, 6.25]);
  });

  it('Wilcoxon V = 65 with the tie- and continuity-corrected normal approximation (p as SciPy)', () => {
    expect(s.wilcoxon.statistic).toBe(65);
    expect(s.wilcoxon.method).toBe('NORMAL_APPROX');
    expectClose(s.wilcoxon.pValue, 0.005012287145488675, 1e-8, 'Wilcoxon p');
  });

  it('dz, Hedges g, reliable change (r = 0.88 published) and MCID', () => {
    expectClose(s.cohenDz, 1.4840739569387214, 1e-12, 'dz');
    expectClose(s.hedgesG, 1.3805339134313688, 1e-12, 'g');
    expect(s.reliableChange.reliability).toBe(0.88);
    expectClose(s.reliableChange.seDiff, 1.8384776310850237, 1e-12, 'SEdiff');
    // d / SEdiff > 1.96 for d ≥ 4 (4 / 1.838 = 2.18); 3 / 1.838 = 1.63 is not reliable.
    expect([s.reliableChange.nImproved, s.reliableChange.nUnchanged, s.reliableChange.nDeteriorated]).toEqual([8, 4, 0]);
    // d ≥ 3: 9 of 12.
    expect(s.mcid.proportionReached).toBe(0.75);
  });

  it('time-point summary counts baseline-only and not-eligible records, the cells do not', () => {
    const t = report.timePoints[0]!;
    expect(t.withheld).toBeNull();
    // eligible: 12 paired + 2 baseline-only + 1 follow-up-only = 15 (not-yet is not eligible). The
    // 2 baseline-only and 2 non-responders are groups of 0 < n < k, so the rate block is withheld;
    // pairedN (the margin's n) stays.
    expect([t.eligible, t.responded, t.baselineOnly, t.responseRate, t.pairedN]).toEqual([null, null, null, null, 12]);
    expect([t.reliability, t.reliabilitySource]).toEqual([0.88, 'PUBLISHED']);
  });

  it('no funnel point at k = 10: both clinics (7 and 5 clients) are below k', () => {
    expect(report.timePoints[0]!.funnel).toEqual([]);
    expect(JSON.stringify(report.timePoints[0]!.funnel)).not.toMatch(/Clinic/);
  });
});

describe('the same data at k = 5: both clinics reach k and get funnel points', () => {
  const t = buildOutcomeReport(input({ records, k: 5 })).timePoints[0]!;

  it('DerSimonian–Laird pooled mean change over the 2 clinics (τ² = 0: Q < df)', () => {
    expect(t.pooled!.clinicsPooled).toBe(2);
    expectClose(t.pooled!.estimate, 4.583545700049446, 1e-10, 'pooled');
    expectClose(t.pooled!.se, 0.9346897739705395, 1e-10, 'pooled SE');
    expect(t.pooled!.tau2).toBe(0);
    expectClose(t.pooled!.q, 0.00022821497850975458, 1e-9, 'Q');
    expectClose(t.funnelCenter, 4.583545700049446, 1e-10, 'center');
    expectClose(t.funnelSigma, 3.2390474790327746, 1e-12, 'pooled within-clinic SD');
  });

  it('one point per clinic: n, mean change 32/7 and 23/5, 95 % and 99.8 % limits', () => {
    expect(t.funnel.map((p) => [p.clinicKey, p.n])).toEqual([['Clinic 01', 7], ['Clinic 02', 5]]);
    const [a, b] = t.funnel;
    expectClose(a!.meanChange, 32 / 7, 1e-12, 'clinic 1 mean');
    expectClose(b!.meanChange, 23 / 5, 1e-12, 'clinic 2 mean');
    expectClose(a!.lower95, 2.1840698398012526, 1e-10, 'c1 lower95');
    expectClose(a!.upper95, 6.983021560297639, 1e-10, 'c1 upper95');
    expectClose(a!.lower998, 0.8003446414091564, 1e-10, 'c1 lower998');
    expectClose(b!.upper998, 9.059889559734021, 1e-10, 'c2 upper998');
    expect([a!.outside95, b!.outside95]).toEqual([false, false]);
  });
});
