// n = 2: baseline (10, 14), follow-up (13, 20) -> d = (3, 6).
// By hand: mean 4.5; SD = √(((3−4.5)² + (6−4.5)²)/1) = √4.5 = 2.1213203435596424;
// SE = √4.5/√2 = 1.5; t = 4.5/1.5 = 3; df = 1; p = 2·pt(−3, 1) = 2·(1/2 − atan(3)/π) = 0.20483276469913345;
// CI = 4.5 ∓ qt(0.975, 1)·1.5 = 4.5 ∓ 12.706204736174694·1.5; dz = 4.5/√4.5 = √4.5;
// J = 1 − 3/(4·1 − 1) = 0 -> g = 0. R values in paired.n-equals-2.json agree.
import { pairedChange } from './paired-change.js';
import { expectClose, expectNullContract, expectRelClose, loadFixture, P_TOL } from './spec-helpers.js';
import { type PairedFixture, expectMatchesR } from './paired-fixture.spec-helper.js';

const fx = loadFixture<PairedFixture>('paired.n-equals-2.json');

describe('paired change with n = 2', () => {
  const result = pairedChange(fx.input.pairs, fx.input);

  it('matches R (t.test, wilcox.test, quantile type 7)', () => {
    expectMatchesR(result, fx);
  });

  it('matches the hand arithmetic', () => {
    expectClose(result.meanChange, 4.5);
    expectClose(result.sdChange, Math.sqrt(4.5));
    expect(result.df).toBe(1);
    expectClose(result.tStatistic, 3);
    expectRelClose(result.tPValue, 2 * (0.5 - Math.atan(3) / Math.PI), P_TOL);
    expectClose(result.ciLower, 4.5 - 12.706204736174694 * 1.5);
    expectClose(result.ciUpper, 4.5 + 12.706204736174694 * 1.5);
    expectClose(result.cohenDz, Math.sqrt(4.5));
    expect(result.hedgesG).toBe(0);
  });

  it('Wilcoxon: ranks 1, 2 both positive -> V = 3, exact p = 2·(1/4) = 0.5', () => {
    expect(result.wilcoxon).toEqual({ nNonZero: 2, nZero: 0, ties: false, statistic: 3, pValue: 0.5, method: 'EXACT', reasons: {} });
  });

  it('keeps the null contract', () => expectNullContract(result));
});
