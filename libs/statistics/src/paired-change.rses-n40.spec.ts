// RSES-like integer sum scores, n = 40 (make-reference.R, set.seed 20240611): zero and tied
// differences, so the Wilcoxon p is R's normal approximation with tie and continuity correction.
import { pairedChange } from './paired-change.js';
import { type PairedFixture, expectMatchesR } from './paired-fixture.spec-helper.js';
import { expectNullContract, loadFixture } from './spec-helpers.js';

const fx = loadFixture<PairedFixture>('paired.rses-n40.json');

describe('paired change, RSES-like n = 40', () => {
  const result = pairedChange(fx.input.pairs, fx.input);

  it('matches R for every statistic', () => expectMatchesR(result, fx));

  it('has zeros and ties, hence the normal approximation', () => {
    expect(result.wilcoxon.nZero).toBeGreaterThan(0);
    expect(result.wilcoxon.ties).toBe(true);
    expect(result.wilcoxon.method).toBe('NORMAL_APPROX');
  });

  it('counts d equal to the MCID as reaching it (d ≥ MCID)', () => {
    const atMcid = fx.input.pairs.filter((p) => p.followUp - p.baseline === fx.input.mcid).length;
    expect(atMcid).toBeGreaterThan(0);
    const strictlyAbove = fx.input.pairs.filter((p) => p.followUp - p.baseline > fx.input.mcid).length;
    expect(result.mcid.nReached).toBe(strictlyAbove + atMcid);
  });

  it('reliable-change counts add up to n and proportions to 1', () => {
    const rc = result.reliableChange;
    expect(rc.nImproved! + rc.nUnchanged! + rc.nDeteriorated!).toBe(40);
    expect(rc.proportionImproved! + rc.proportionUnchanged! + rc.proportionDeteriorated!).toBeCloseTo(1, 12);
    expect(rc.reliability).toBe(0.88);
  });

  it('keeps the null contract', () => expectNullContract(result));
});
