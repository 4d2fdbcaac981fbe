import { scoreInstrument, scoreScale, WHO5 } from './index.js';

const answers = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`WHO5_${i + 1}`, c]));

describe('WHO-5: raw sum × 4, no prorating', () => {
  it('minimum 0 and maximum 25 × 4 = 100', () => {
    expect(scoreInstrument(WHO5, answers([0, 0, 0, 0, 0]))[0]!.score).toBe(0);
    expect(scoreInstrument(WHO5, answers([5, 5, 5, 5, 5]))[0]!.score).toBe(100);
  });

  it('mixed 3,2,4,1,3: raw 13 × 4 = 52 (above the ≤ 50 poor-wellbeing cut-off)', () => {
    expect(scoreInstrument(WHO5, answers([3, 2, 4, 1, 3]))[0]!.score).toBe(52);
  });

  it('7 raw points × 4 = 28: the likely-depression cut-off', () => {
    expect(scoreInstrument(WHO5, answers([1, 2, 1, 2, 1]))[0]!.score).toBe(28);
  });

  it('one missing item gives no score, whatever the others', () => {
    expect(scoreScale(WHO5, WHO5.scales[0]!, answers([5, 5, 5, 5, null]))).toMatchObject({ score: null, missingItems: 1 });
  });

  it('has a German version with the same item codes', () => {
    expect(WHO5.languages).toContain('de');
    expect(WHO5.items.every((i) => i.text['de'] && i.options.every((o) => o.label['de']))).toBe(true);
  });
});
