// Higher-is-worse scale (HLD-like), 12 clients, scores in steps of 0.25; d = baseline − follow-up,
// 12 distinct |d| -> exact signed-rank p (R: wilcox.test exact).
import { pairedChange } from './paired-change.js';
import { type PairedFixture, expectMatchesR } from './paired-fixture.spec-helper.js';
import { expectNullContract, loadFixture } from './spec-helpers.js';

const fx = loadFixture<PairedFixture>('paired.higher-is-worse-exact.json');

describe('paired change on a higher-is-worse scale', () => {
  const result = pairedChange(fx.input.pairs, fx.input);

  it('matches R with the sign turned (positive = better)', () => expectMatchesR(result, fx));

  it('a falling score is an improvement', () => {
    expect(fx.input.higherIsBetter).toBe(false);
    expect(result.followUp.mean!).toBeLessThan(result.baseline.mean!);
    expect(result.meanChange!).toBeGreaterThan(0);
    expect(result.wilcoxon.method).toBe('EXACT');
  });

  it('turning the sign mirrors the result of the same data read as higher-is-better', () => {
    const mirrored = pairedChange(fx.input.pairs, { ...fx.input, higherIsBetter: true });
    expect(mirrored.meanChange).toBe(-result.meanChange!);
    expect(mirrored.tStatistic).toBe(-result.tStatistic!);
    expect(mirrored.ciLower).toBeCloseTo(-result.ciUpper!, 12);
    expect(mirrored.tPValue).toBe(result.tPValue);
    expect(mirrored.wilcoxon.pValue).toBe(result.wilcoxon.pValue);
    // V + V' = n(n+1)/2 when nothing is zero
    expect(mirrored.wilcoxon.statistic! + result.wilcoxon.statistic!).toBe((12 * 13) / 2);
  });

  it('keeps the null contract', () => expectNullContract(result));
});
