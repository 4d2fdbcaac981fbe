// Scores carry up to 4 decimals; binary subtraction does not give the decimal difference:
// 2.3 − 1.1 = 1.1999999999999997, 1.9 − 0.7 = 1.2, 5.3 − 4.1 = 1.2000000000000002,
// 11.6 − 10.4 = 1.1999999999999993.
// Changes are rounded to DIFFERENCE_DECIMALS (9) so equal changes are equal.
import { DIFFERENCE_DECIMALS, pairedChange, pairedDifferences } from './paired-change.js';

describe('decimal scores', () => {
  const pairs = [
    { baseline: 1.1, followUp: 2.3 },
    { baseline: 0.7, followUp: 1.9 },
    { baseline: 4.1, followUp: 5.3 },
    { baseline: 10.4, followUp: 11.6 },
  ];

  it('the raw JavaScript differences really differ', () => {
    expect(new Set(pairs.map((p) => p.followUp - p.baseline)).size).toBe(4);
    expect(DIFFERENCE_DECIMALS).toBe(9);
  });

  it('equal decimal changes become one value: SD 0, one tie group, MCID 1.2 reached by all', () => {
    expect(pairedDifferences(pairs, true)).toEqual([1.2, 1.2, 1.2, 1.2]);
    const r = pairedChange(pairs, { higherIsBetter: true, mcid: 1.2, reliability: null });
    expect(r.sdChange).toBe(0);
    expect(r.reasons.tStatistic).toBe('ZERO_VARIANCE');
    expect(r.wilcoxon.ties).toBe(true);
    expect(r.wilcoxon.statistic).toBe(10); // all four tied at rank 2.5
    expect(r.mcid.proportionReached).toBe(1);
  });

  it('a zero change is not hidden by noise: 0.3 − (0.1 + 0.2) counts as 0, never as −0', () => {
    const d = pairedDifferences([{ baseline: 0.1 + 0.2, followUp: 0.3 }, { baseline: 2, followUp: 2 }], false);
    expect(d.map((x) => Object.is(x, 0))).toEqual([true, true]);
    const r = pairedChange([{ baseline: 0.1 + 0.2, followUp: 0.3 }, { baseline: 1, followUp: 2 }], {
      higherIsBetter: true, mcid: null, reliability: null,
    });
    expect([r.wilcoxon.nZero, r.wilcoxon.nNonZero]).toEqual([1, 1]);
  });
});
