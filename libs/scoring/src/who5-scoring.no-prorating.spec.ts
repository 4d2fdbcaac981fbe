import { scoreInstrument, scoreScale, ScoringError, WHO5 } from './index.js';

// WHO-5: five items 0–5, raw sum 0–25 × 4 = 0–100 (Topp et al. 2015). Answers for WHO5_1 … WHO5_5.
const who5 = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`WHO5_${i + 1}`, c]));
const percent = (codes: number[]) => scoreInstrument(WHO5, who5(codes))[0]!.score;

describe('WHO-5: raw sum × 4, no prorating', () => {
  it('minimum: all "at no time" → 0', () => {
    // (0 + 0 + 0 + 0 + 0) × 4 = 0
    expect(percent([0, 0, 0, 0, 0])).toBe(0);
  });

  it('maximum: all "all of the time" → 100', () => {
    // (5 × 5) × 4 = 100
    expect(percent([5, 5, 5, 5, 5])).toBe(100);
  });

  it('mixed 3,2,4,1,3 → 52, just above the ≤ 50 poor-wellbeing cut-off', () => {
    // (3 + 2 + 4 + 1 + 3) × 4 = 13 × 4 = 52
    expect(percent([3, 2, 4, 1, 3])).toBe(52);
  });

  it('mixed 1,2,1,2,1 → 28, the likely-depression cut-off', () => {
    // (1 + 2 + 1 + 2 + 1) × 4 = 7 × 4 = 28
    expect(percent([1, 2, 1, 2, 1])).toBe(28);
  });

  it('one missing item gives no score (prorating would have given (5+5+5+4) / 4 × 5 × 4 = 95)', () => {
    expect(scoreScale(WHO5, WHO5.scales[0]!, who5([5, 5, 5, 4, null]))).toMatchObject({ score: null, answeredItems: 4, missingItems: 1 });
    expect(() => scoreInstrument(WHO5, who5([5, 5, 5, 4, null]))).toThrow(ScoringError);
  });

  it('declares 0–100, higher is better, no missing items, MCID 10 points, α .84', () => {
    expect(WHO5.scales).toHaveLength(1);
    expect(WHO5.scales[0]).toMatchObject({ key: 'WHO5_PERCENT', method: 'SUM_SCALED', multiplier: 4, min: 0, max: 100, higherIsBetter: true, missing: { kind: 'NONE_ALLOWED' }, mcid: 10, reliability: 0.84 });
  });
});
