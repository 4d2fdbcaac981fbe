import { roundScore, SCORE_DECIMALS, scoreInstrument, SMP_SAT } from './index.js';

const sat = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`SMP_SAT_${i + 1}`, c]));

describe('scores are one fraction rounded once to 4 decimals', () => {
  it('rounds to 4 decimals, half away from zero, without −0', () => {
    expect(SCORE_DECIMALS).toBe(4);
    expect(roundScore(475, 7)).toBe(67.8571); // 67.857142…
    expect(roundScore(2, 3)).toBe(0.6667); // 0.666…
    expect(roundScore(1, 32)).toBe(0.0313); // 0.03125, exact half
    expect(roundScore(-1, 32)).toBe(-0.0313);
    expect(Object.is(roundScore(-1, 1e9), 0)).toBe(true); // −0.000000001 → 0, not −0
    expect(roundScore(24)).toBe(24);
  });

  it('SMP_SAT values that are exact in decimal come out exact, not with binary noise', () => {
    // 1,1,1,1,1,1,1,_,_: 7 × 25 / 7 = 25 ; 0,0,0,0,0,0,1,_,_: 1 × 25 / 7 = 3.5714… → 3.5714
    expect(scoreInstrument(SMP_SAT, sat([1, 1, 1, 1, 1, 1, 1, null, null]))[0]!.score).toBe(25);
    expect(scoreInstrument(SMP_SAT, sat([0, 0, 0, 0, 0, 0, 1, null, null]))[0]!.score).toBe(3.5714);
    // (3/7) × 25 would be 10.714285714285714; 3 × 25 / 7 = 75 / 7 = 10.714285… → 10.7143
    expect(scoreInstrument(SMP_SAT, sat([1, 1, 1, 0, 0, 0, 0, null, null]))[0]!.score).toBe(10.7143);
    // 1 × 25 / 8 = 3.125 exactly (8 answered)
    expect(scoreInstrument(SMP_SAT, sat([1, 0, 0, 0, 0, 0, 0, 0, null]))[0]!.score).toBe(3.125);
    // 11 × 25 / 9 = 275 / 9 = 30.555… → 30.5556
    expect(scoreInstrument(SMP_SAT, sat([2, 2, 2, 1, 1, 1, 1, 1, 0]))[0]!.score).toBe(30.5556);
  });

  it('every possible SMP_SAT score has at most 4 decimals', () => {
    // Exhaustive over answered counts 7–9 and sums 0..4n: the printed value never has more than 4 decimals.
    for (const n of [7, 8, 9]) {
      for (let sum = 0; sum <= 4 * n; sum++) {
        const codes: (number | null)[] = Array.from({ length: 9 }, (_, i) => (i < n ? Math.min(4, Math.max(0, sum - 4 * i)) : null));
        const s = scoreInstrument(SMP_SAT, sat(codes))[0]!.score!;
        expect(String(s)).toMatch(/^\d+(\.\d{1,4})?$/);
      }
    }
  });
});
