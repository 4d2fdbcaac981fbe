// Every client scored the same at follow-up as at baseline: d = (0, 0, 0, 0).
// SD(d) = 0 -> t, p, CI, dz, g null (ZERO_VARIANCE); Wilcoxon drops all zeros -> V = 0, p null.
import { oneSampleT, pairedChange } from './paired-change.js';
import { expectNullContract } from './spec-helpers.js';

describe('all differences zero', () => {
  const pairs = [10, 14, 9, 20].map((x) => ({ baseline: x, followUp: x }));
  const r = pairedChange(pairs, { higherIsBetter: true, mcid: 2, reliability: 0.8 });

  it('mean change 0 and SD 0 are reported; t, p, CI, dz and g are null (ZERO_VARIANCE)', () => {
    expect([r.meanChange, r.sdChange, r.df]).toEqual([0, 0, 3]);
    expect([r.ciLower, r.ciUpper, r.tStatistic, r.tPValue, r.cohenDz, r.hedgesG]).toEqual([null, null, null, null, null, null]);
    expect(r.reasons).toEqual({
      ciLower: 'ZERO_VARIANCE', ciUpper: 'ZERO_VARIANCE', tStatistic: 'ZERO_VARIANCE',
      tPValue: 'ZERO_VARIANCE', cohenDz: 'ZERO_VARIANCE', hedgesG: 'ZERO_VARIANCE',
    });
  });

  it('Wilcoxon: V = 0 (as R reports), p null (NO_NONZERO_DIFFERENCES)', () => {
    expect(r.wilcoxon).toEqual({
      nNonZero: 0, nZero: 4, ties: false, statistic: 0, pValue: null, method: null,
      reasons: { pValue: 'NO_NONZERO_DIFFERENCES', method: 'NO_NONZERO_DIFFERENCES' },
    });
  });

  it('reliable change: everybody unchanged (baseline SD > 0); nobody reaches the MCID', () => {
    expect(r.reliableChange.nUnchanged).toBe(4);
    expect(r.reliableChange.proportionUnchanged).toBe(1);
    expect(r.mcid.proportionReached).toBe(0);
  });

  it('keeps the null contract', () => expectNullContract(r));
});

describe('all differences equal but not zero (all ties)', () => {
  // d = (2, 2, 2, 2): mean 2, SD 0 -> t undefined; Wilcoxon all tied -> normal approximation
  // (values checked in wilcoxon.ties-normal-approx.spec.ts).
  const r = oneSampleT([2, 2, 2, 2]);
  it('SD exactly 0 and t null', () => {
    expect([r.mean, r.sd, r.tStatistic, r.reasons.tStatistic]).toEqual([2, 0, null, 'ZERO_VARIANCE']);
  });
});
