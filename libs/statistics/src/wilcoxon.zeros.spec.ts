// Zero differences are dropped before ranking. PRODUCT.md: exact when < 50 non-zero differences
// remain and none are tied. R's wilcox.test(d) would fall back to the normal approximation as soon
// as a zero exists; the fixture's reference is R's wilcox.test(d[d != 0], exact = TRUE).
import { P_TOL, expectRelClose } from './spec-helpers.js';
import { wilcoxonSignedRank } from './wilcoxon.js';
import { wilcoxonCases } from './wilcoxon.fixture.spec-helper.js';

describe('zero differences', () => {
  const c = wilcoxonCases.find((x) => x.expected.nZero > 0 && !x.expected.ties)!;

  it('are dropped, and the rest is tested exactly (spec), as R does on d[d != 0]', () => {
    const r = wilcoxonSignedRank(c.differences);
    expect([r.nNonZero, r.nZero, r.statistic, r.method]).toEqual([c.expected.nNonZero, c.expected.nZero, c.expected.statistic, 'EXACT']);
    expectRelClose(r.pValue, c.expected.pValue, P_TOL, 'pValue');
  });

  it('by hand: (0, 1.5, −0.25, 0, 3, 2, −1, 4, 0) -> ranks of |1.5, 0.25, 3, 2, 1, 4| = 3, 1, 5, 4, 2, 6; V = 3 + 5 + 4 + 6 = 18', () => {
    expect(wilcoxonSignedRank([0, 1.5, -0.25, 0, 3, 2, -1, 4, 0]).statistic).toBe(18);
  });

  it('all zero: V = 0, p null with NO_NONZERO_DIFFERENCES', () => {
    expect(wilcoxonSignedRank([0, 0, 0])).toEqual({
      nNonZero: 0, nZero: 3, ties: false, statistic: 0, pValue: null, method: null,
      reasons: { pValue: 'NO_NONZERO_DIFFERENCES', method: 'NO_NONZERO_DIFFERENCES' },
    });
  });
});
