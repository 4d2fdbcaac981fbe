// Tied |d| force R's normal approximation with tie and continuity correction, even for small n.
import { P_TOL, expectRelClose } from './spec-helpers.js';
import { wilcoxonSignedRank } from './wilcoxon.js';
import { wilcoxonCases } from './wilcoxon.fixture.spec-helper.js';

const tiedSmall = wilcoxonCases.filter((c) => c.expected.ties && c.differences.length < 50);

describe('tied small samples against R (normal approximation)', () => {
  it('the fixture has tied small-n cases', () => expect(tiedSmall.length).toBeGreaterThanOrEqual(3));

  it.each(tiedSmall.map((c) => [c.note, c] as const))('%s', (_note, c) => {
    const r = wilcoxonSignedRank(c.differences);
    expect([r.nNonZero, r.nZero, r.ties, r.statistic, r.method])
      .toEqual([c.expected.nNonZero, c.expected.nZero, true, c.expected.statistic, 'NORMAL_APPROX']);
    expectRelClose(r.pValue, c.expected.pValue, P_TOL, 'pValue');
    expect(c.expected.rMethod).toBe('Wilcoxon signed rank test with continuity correction');
  });
});

describe('by hand', () => {
  it('d = (2, 2, 2, 2): V = 4·2.5 = 10; σ² = 4·5·9/24 − (4³ − 4)/48 = 7.5 − 1.25 = 6.25; z = (10 − 5 − 0.5)/2.5 = 1.8', () => {
    const r = wilcoxonSignedRank([2, 2, 2, 2]);
    expect(r.statistic).toBe(10);
    // 2·Φ(−1.8), Φ(−1.8) = 0.035930319112925803 (R pnorm)
    expectRelClose(r.pValue, 2 * 0.035930319112925803, 1e-12);
  });

  it('average ranks of |d|: (3, −1, 3, 2, −3) ranks (4, 1, 4, 2, 4), so V = 4 + 4 + 2 = 10, with ties', () => {
    expect(wilcoxonSignedRank([3, -1, 3, 2, -3])).toMatchObject({ statistic: 10, ties: true, nNonZero: 5, nZero: 0 });
  });

  it('V exactly at its mean gives p = 1 (no continuity overshoot): d = (1, −1)', () => {
    // ranks 1.5, 1.5; V = 1.5 = n(n+1)/4 -> z = 0 -> p = 1
    expect(wilcoxonSignedRank([1, -1]).pValue).toBe(1);
  });
});
