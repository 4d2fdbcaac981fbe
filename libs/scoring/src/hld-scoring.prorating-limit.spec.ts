import { HLD, scoreScale } from './index.js';

const scale = HLD.scales[0]!;
const answers = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`HLD_${i + 1}`, c]));

describe('HLD: sum 0–24, higher is worse, one missing item prorated', () => {
  it('is marked higher-is-worse', () => {
    expect(scale.higherIsBetter).toBe(false);
  });

  it('minimum 0 and maximum 6 × 4 = 24', () => {
    expect(scoreScale(HLD, scale, answers([0, 0, 0, 0, 0, 0])).score).toBe(0);
    expect(scoreScale(HLD, scale, answers([4, 4, 4, 4, 4, 4])).score).toBe(24);
  });

  it('mixed 3,1,4,2,0,2 = 12', () => {
    expect(scoreScale(HLD, scale, answers([3, 1, 4, 2, 0, 2])).score).toBe(12);
  });

  it('one missing: 3,1,4,2,_,2 → mean 12/5 = 2.4 × 6 = 14.4', () => {
    expect(scoreScale(HLD, scale, answers([3, 1, 4, 2, null, 2]))).toMatchObject({ score: 14.4, missingItems: 1 });
  });

  it('two missing: no score', () => {
    expect(scoreScale(HLD, scale, answers([3, null, 4, 2, null, 2])).score).toBeNull();
  });
});
