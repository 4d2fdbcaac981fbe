// Exact signed-rank p (no ties, < 50 non-zero differences) against R's wilcox.test(exact = TRUE).
import { P_TOL, expectNullContract, expectRelClose } from './spec-helpers.js';
import { exactSignedRankP, wilcoxonSignedRank } from './wilcoxon.js';
import { wilcoxonCases } from './wilcoxon.fixture.spec-helper.js';

const exactCases = wilcoxonCases.filter((c) => c.expected.method === 'EXACT');

describe('exact Wilcoxon signed-rank against R', () => {
  it('the fixture has exact cases, one of them at n = 49', () => {
    expect(exactCases.length).toBeGreaterThanOrEqual(5);
    expect(exactCases.some((c) => c.expected.nNonZero === 49)).toBe(true);
  });

  it.each(exactCases.map((c) => [c.note, c] as const))('%s', (_note, c) => {
    const r = wilcoxonSignedRank(c.differences);
    expect([r.nNonZero, r.nZero, r.ties, r.statistic, r.method])
      .toEqual([c.expected.nNonZero, c.expected.nZero, false, c.expected.statistic, 'EXACT']);
    expectRelClose(r.pValue, c.expected.pValue, P_TOL, 'pValue');
    expect(c.expected.rMethod).toBe('Wilcoxon signed rank exact test');
    expectNullContract(r);
  });
});

describe('exact null distribution by hand', () => {
  it('n = 3, d = (1, −2, 3): V = 1 + 3 = 4 > n(n+1)/4 = 3; sums ≥ 4 of subsets of {1,2,3}: {1,3},{2,3},{1,2,3} -> p = 2·3/8', () => {
    const r = wilcoxonSignedRank([1, -2, 3]);
    expect([r.statistic, r.pValue]).toEqual([4, 0.75]);
  });

  it('is symmetric and never exceeds 1: V = n(n+1)/4 gives p = 1 at n = 3 (V = 3)', () => {
    expect(exactSignedRankP(3, 3)).toBe(1);
    expect(exactSignedRankP(0, 10)).toBe(exactSignedRankP(55, 10));
    expect(exactSignedRankP(0, 10)).toBe(2 / 1024);
  });

  it('n = 49 extremes stay exact: V = 0 -> p = 2/2^49', () => {
    expect(exactSignedRankP(0, 49)).toBe(2 / 2 ** 49);
  });
});
