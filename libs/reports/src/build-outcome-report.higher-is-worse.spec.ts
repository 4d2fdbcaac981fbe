// A higher-is-worse scale (an HLD-like distress score, 0–30) turns the sign: the report's change is
// baseline − follow-up, so a drop in distress is a positive (better) change. The data mirror the RSES
// set of build-outcome-report.exact-twelve-clients.spec.ts: distress = 30 − RSES score, so the raw
// follow-up − baseline is −d and the reported change must be +d (mean 55/12, same CI, t and V as
// computed there with SciPy), while the baseline and follow-up levels are the mirrored ones.
import { buildOutcomeReport } from './build-outcome-report.js';
import type { ScaleInfo } from './report-request.js';
import { expectClose } from '../../statistics/src/spec-helpers.js';
import { input, marginOf, rec } from './report-fixture.spec-helper.js';

const DISTRESS: ScaleInfo = { key: 'HLD_TOTAL', min: 0, max: 30, higherIsBetter: false, mcid: 3, publishedReliability: 0.88 };
const RSES_BASE = [12, 15, 10, 20, 14, 9, 18, 11, 16, 13, 17, 8];
const RSES_FOLLOW = [18, 17, 19, 19, 20, 15, 22, 11, 23, 16, 25, 13];
const records = RSES_BASE.map((b, i) => rec({ baseline: 30 - b, followUp: 30 - RSES_FOLLOW[i]! }));

describe('higher-is-worse scale: positive change means less distress', () => {
  const s = marginOf(buildOutcomeReport(input({ records, scale: DISTRESS })).cells, 'MONTH_3').statistics!;

  it('raw follow-up − baseline averages −55/12; the report says +55/12', () => {
    const raw = records.reduce((sum, r) => sum + (r.followUp! - r.baseline!), 0) / records.length;
    expect(raw).toBeCloseTo(-55 / 12, 12);
    expect(s.higherIsBetter).toBe(false);
    expectClose(s.meanChange, 55 / 12, 1e-12, 'mean change');
    expect(s.change.median).toBe(5.5);
  });

  it('CI, t and Wilcoxon V are those of the improvement-oriented changes (SciPy values)', () => {
    expectClose(s.ciLower, 2.621092130112528, 1e-10, 'CI lower');
    expectClose(s.ciUpper, 6.545574536554138, 1e-10, 'CI upper');
    expectClose(s.tStatistic, 5.140982991215304, 1e-10, 't');
    expect(s.wilcoxon.statistic).toBe(65); // ranks of the positive (better) changes
    expectClose(s.cohenDz, 1.4840739569387214, 1e-12, 'dz > 0');
  });

  it('levels are not flipped: baseline mean 30 − 163/12, follow-up mean 30 − 218/12', () => {
    expectClose(s.baseline.mean, 30 - 163 / 12, 1e-12, 'baseline');
    expectClose(s.followUp.mean, 30 - 218 / 12, 1e-12, 'follow-up');
    expect(s.followUp.mean!).toBeLessThan(s.baseline.mean!);
  });

  it('the same numbers read as higher-is-better give the opposite sign (the flag is what turns it)', () => {
    const flipped = marginOf(buildOutcomeReport(input({ records, scale: { ...DISTRESS, higherIsBetter: true } })).cells, 'MONTH_3').statistics!;
    expectClose(flipped.meanChange, -55 / 12, 1e-12, 'unflipped');
    expect(flipped.wilcoxon.statistic).toBe(1); // only the one worsening client's rank
  });

  it('reliable change and MCID count improvements in the better direction: 8 improved, 9 of 12 reach 3', () => {
    expect([s.reliableChange.nImproved, s.reliableChange.nDeteriorated]).toEqual([8, 0]);
    expect(s.mcid.proportionReached).toBe(0.75);
  });
});
