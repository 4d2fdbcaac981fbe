// n = 0 and n = 1: everything that needs a spread is null, with the reason.
import { pairedChange } from './paired-change.js';
import { expectNullContract } from './spec-helpers.js';

const opts = { higherIsBetter: true, mcid: 3, reliability: 0.85 };

describe('paired change on an empty sample (n = 0)', () => {
  const r = pairedChange([], opts);

  it('reports n = 0 and EMPTY for every statistic', () => {
    expect(r.n).toBe(0);
    expect([r.meanChange, r.sdChange, r.df, r.ciLower, r.ciUpper, r.tStatistic, r.tPValue, r.cohenDz, r.hedgesG])
      .toEqual([null, null, null, null, null, null, null, null, null]);
    expect(r.reasons).toEqual({
      meanChange: 'EMPTY', sdChange: 'EMPTY', df: 'EMPTY', ciLower: 'EMPTY', ciUpper: 'EMPTY',
      tStatistic: 'EMPTY', tPValue: 'EMPTY', cohenDz: 'EMPTY', hedgesG: 'EMPTY',
    });
    expect(r.baseline.reasons.mean).toBe('EMPTY');
    expect(r.wilcoxon).toEqual({
      nNonZero: 0, nZero: 0, ties: false, statistic: null, pValue: null, method: null,
      reasons: { statistic: 'EMPTY', pValue: 'EMPTY', method: 'EMPTY' },
    });
    expect(r.reliableChange.seDiff).toBeNull();
    expect(r.reliableChange.reasons.seDiff).toBe('EMPTY');
    expect(r.mcid).toEqual({ mcid: 3, nReached: 0, proportionReached: null, reasons: { proportionReached: 'EMPTY' } });
  });

  it('keeps the null contract', () => expectNullContract(r));
});

describe('paired change with one client (n = 1)', () => {
  // baseline 12, follow-up 17: d = 5
  const r = pairedChange([{ baseline: 12, followUp: 17 }], opts);

  it('has the mean change but no SD, t, CI, p or effect size (N_LT_2)', () => {
    expect(r.meanChange).toBe(5);
    expect(r.change.median).toBe(5);
    expect([r.sdChange, r.df, r.ciLower, r.ciUpper, r.tStatistic, r.tPValue, r.cohenDz, r.hedgesG])
      .toEqual([null, null, null, null, null, null, null, null]);
    expect(new Set(Object.values(r.reasons))).toEqual(new Set(['N_LT_2']));
  });

  it('Wilcoxon on one positive difference: V = 1, exact p = min(1, 2·1/2) = 1', () => {
    expect(r.wilcoxon.statistic).toBe(1);
    expect(r.wilcoxon.pValue).toBe(1);
    expect(r.wilcoxon.method).toBe('EXACT');
  });

  it('reliable change needs the baseline SD (N_LT_2); MCID share is 1/1', () => {
    expect(r.reliableChange.seDiff).toBeNull();
    expect(r.reliableChange.reasons.seDiff).toBe('N_LT_2');
    expect(r.mcid.proportionReached).toBe(1);
  });

  it('keeps the null contract', () => expectNullContract(r));
});
