// n ≥ 50 non-zero differences: normal approximation (R's default exact = n < 50).
import { P_TOL, expectRelClose } from './spec-helpers.js';
import { WILCOXON_EXACT_MAX_N, wilcoxonSignedRank } from './wilcoxon.js';
import { wilcoxonCases } from './wilcoxon.fixture.spec-helper.js';

const large = wilcoxonCases.filter((c) => c.expected.nNonZero >= 50);

describe('Wilcoxon with n ≥ 50 against R', () => {
  it('covers an untied n = 50 and a tied n = 120 with zeros', () => {
    expect(large.map((c) => [c.expected.nNonZero === 50, c.expected.ties, c.expected.nZero > 0])).toEqual([
      [true, false, false],
      [false, true, true],
    ]);
    expect(WILCOXON_EXACT_MAX_N).toBe(49);
  });

  it.each(large.map((c) => [c.note, c] as const))('%s', (_note, c) => {
    const r = wilcoxonSignedRank(c.differences);
    expect([r.nNonZero, r.nZero, r.ties, r.statistic, r.method])
      .toEqual([c.expected.nNonZero, c.expected.nZero, c.expected.ties, c.expected.statistic, 'NORMAL_APPROX']);
    expectRelClose(r.pValue, c.expected.pValue, P_TOL, 'pValue');
  });
});
