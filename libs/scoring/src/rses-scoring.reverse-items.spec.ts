import { RSES, scoreInstrument, scoreScale, ScoringError } from './index.js';

const all = (v: number) => Object.fromEntries(RSES.items.map((i) => [i.code, v]));
const score = (answers: Record<string, number | null>) => scoreInstrument(RSES, answers)[0]!;

describe('RSES: reverse items follow the wording (items 2, 5, 6, 8, 9 of Rosenberg’s order)', () => {
  it('flags exactly the negatively worded items', () => {
    expect(RSES.items.filter((i) => i.reverse).map((i) => i.code)).toEqual(['RSES_2', 'RSES_5', 'RSES_6', 'RSES_8', 'RSES_9']);
  });

  it('minimum: strongly disagree with the positive items, strongly agree with the negative ones → 0', () => {
    // positive items coded 0; negative items coded 3 → 3 − 3 = 0
    const answers = Object.fromEntries(RSES.items.map((i) => [i.code, i.reverse ? 3 : 0]));
    expect(score(answers).score).toBe(0);
  });

  it('maximum: the opposite → 5 × 3 + 5 × (3 − 0) = 30', () => {
    const answers = Object.fromEntries(RSES.items.map((i) => [i.code, i.reverse ? 0 : 3]));
    expect(score(answers).score).toBe(30);
  });

  it('all "agree" (2): 5 × 2 + 5 × (3 − 2) = 15', () => {
    expect(score(all(2)).score).toBe(15);
  });

  it('mixed answers 3,1,2,2,0,1,3,2,0,3: 3 + (3−1) + 2 + 2 + (3−0) + (3−1) + 3 + (3−2) + (3−0) + 3 = 24', () => {
    const codes = [3, 1, 2, 2, 0, 1, 3, 2, 0, 3];
    expect(score(Object.fromEntries(codes.map((c, i) => [`RSES_${i + 1}`, c]))).score).toBe(24);
  });

  it('one missing item: no score (no published missing-item rule; the registry requires all ten)', () => {
    const s = scoreScale(RSES, RSES.scales[0]!, { ...all(2), RSES_7: null });
    expect(s).toMatchObject({ score: null, answeredItems: 9, missingItems: 1 });
    expect(() => score({ ...all(2), RSES_7: null })).toThrow(ScoringError);
  });
});
