import { RSES, scoreInstrument, scoreScale, ScoringError } from './index.js';

// RSES in Rosenberg's (1965) order, coded strongly disagree 0 … strongly agree 3; items 2, 5, 6, 8, 9
// are negatively worded and count 0 + 3 − code. Answers are listed for RSES_1 … RSES_10.
const rses = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`RSES_${i + 1}`, c]));
const total = (codes: number[]) => scoreInstrument(RSES, rses(codes))[0]!;

describe('RSES: reverse items follow the wording (items 2, 5, 6, 8, 9 of Rosenberg’s order)', () => {
  it('flags exactly the negatively worded items', () => {
    expect(RSES.items.filter((i) => i.reverse).map((i) => i.text['en'])).toEqual([
      'At times I think I am no good at all.',
      'I feel I do not have much to be proud of.',
      'I certainly feel useless at times.',
      'I wish I could have more respect for myself.',
      'All in all, I am inclined to feel that I am a failure.',
    ]);
    expect(RSES.items.filter((i) => i.reverse).map((i) => i.code)).toEqual(['RSES_2', 'RSES_5', 'RSES_6', 'RSES_8', 'RSES_9']);
  });

  it('minimum: strongly disagree (0) with the positive items, strongly agree (3) with the negative ones → 0', () => {
    // 5 × 0 + 5 × (3 − 3) = 0
    expect(total([0, 3, 0, 0, 3, 3, 0, 3, 3, 0])).toEqual({ scaleKey: 'RSES_TOTAL', score: 0, answeredItems: 10, missingItems: 0, note: null });
  });

  it('maximum: the opposite → 30', () => {
    // 5 × 3 + 5 × (3 − 0) = 30
    expect(total([3, 0, 3, 3, 0, 0, 3, 0, 0, 3]).score).toBe(30);
  });

  it('all "agree" (2) is 15, not 20: agreeing with a negative item lowers the score', () => {
    // 5 × 2 + 5 × (3 − 2) = 10 + 5 = 15
    expect(total([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]).score).toBe(15);
  });

  it('mixed 3,1,2,2,0,1,3,2,0,3 → 24 (reversing by position 3, 5, 8, 9, 10 would give 18)', () => {
    // 3 + (3−1) + 2 + 2 + (3−0) + (3−1) + 3 + (3−2) + (3−0) + 3 = 3+2+2+2+3+2+3+1+3+3 = 24
    // wrong order: 3 + 1 + (3−2) + 2 + (3−0) + 1 + 3 + (3−2) + (3−0) + (3−3) = 18
    expect(total([3, 1, 2, 2, 0, 1, 3, 2, 0, 3]).score).toBe(24);
  });

  it('one missing item: no score (no prorating, registry rule) and a final submission is refused', () => {
    const nine = rses([2, 2, 2, 2, 2, 2, null, 2, 2, 2]);
    expect(scoreScale(RSES, RSES.scales[0]!, nine)).toMatchObject({ score: null, answeredItems: 9, missingItems: 1 });
    expect(() => scoreInstrument(RSES, nine)).toThrow(ScoringError);
  });

  it('declares 0–30, higher is better, none missing, α .88 (Gray-Little 1997), no MCID', () => {
    expect(RSES.scales[0]).toMatchObject({ key: 'RSES_TOTAL', method: 'SUM', min: 0, max: 30, higherIsBetter: true, missing: { kind: 'NONE_ALLOWED' }, reliability: 0.88, mcid: null });
    expect(RSES.items.every((i) => i.required)).toBe(true);
  });
});
