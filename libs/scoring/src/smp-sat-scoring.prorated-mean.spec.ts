import { scoreScale, SMP_SAT } from './index.js';

const scale = SMP_SAT.scales[0]!;
const answers = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`SMP_SAT_${i + 1}`, c]));

describe('SMP_SAT: mean of answered items × 25', () => {
  it('minimum 0, maximum 4 × 25 = 100', () => {
    expect(scoreScale(SMP_SAT, scale, answers(Array(9).fill(0))).score).toBe(0);
    expect(scoreScale(SMP_SAT, scale, answers(Array(9).fill(4))).score).toBe(100);
  });

  it('mixed 4,3,3,2,4,1,3,3,4: sum 27 / 9 = 3 × 25 = 75', () => {
    expect(scoreScale(SMP_SAT, scale, answers([4, 3, 3, 2, 4, 1, 3, 3, 4])).score).toBe(75);
  });

  it('two missing: mean of the seven answered 3,3,2,4,1,3,3 = 19/7 × 25 = 67.857142… → 67.8571', () => {
    const s = scoreScale(SMP_SAT, scale, answers([null, 3, 3, 2, 4, 1, 3, 3, null]));
    expect(s).toMatchObject({ score: 67.8571, answeredItems: 7, missingItems: 2 });
    expect(s.note).toMatch(/prorated/);
  });

  it('three missing: no score (at most two allowed)', () => {
    expect(scoreScale(SMP_SAT, scale, answers([null, null, null, 2, 4, 1, 3, 3, 4])).score).toBeNull();
  });

  it('8 items 2 and one 3: 19/9 × 25 = 52.7777… → 52.7778', () => {
    expect(scoreScale(SMP_SAT, scale, answers([2, 2, 2, 2, 2, 2, 2, 2, 3])).score).toBe(52.7778);
  });
});
