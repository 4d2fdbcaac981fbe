import { scoreInstrument, SMP_SAT } from './index.js';

// SMP_SAT (project's own): nine items 0–4, score = mean of the answered items × 25, computed as
// sum × 25 / answered and rounded to 4 decimals; at most 2 of 9 items may be missing.
const sat = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`SMP_SAT_${i + 1}`, c]));
const score = (codes: (number | null)[]) => scoreInstrument(SMP_SAT, sat(codes))[0]!;

describe('SMP_SAT: mean of the answered items × 25', () => {
  it('minimum: all "very dissatisfied" → 0', () => {
    // 0 / 9 × 25 = 0
    expect(score([0, 0, 0, 0, 0, 0, 0, 0, 0]).score).toBe(0);
  });

  it('maximum: all "very satisfied" → 100', () => {
    // 36 / 9 × 25 = 4 × 25 = 100
    expect(score([4, 4, 4, 4, 4, 4, 4, 4, 4]).score).toBe(100);
  });

  it('mixed 4,3,3,2,4,1,3,3,4 → 75', () => {
    // sum 27; 27 × 25 / 9 = 675 / 9 = 75
    expect(score([4, 3, 3, 2, 4, 1, 3, 3, 4])).toEqual({ scaleKey: 'SMP_SAT_SCORE', score: 75, answeredItems: 9, missingItems: 0, note: null });
  });

  it('repeating fraction: 2,2,2,2,2,2,2,2,3 → 52.7778', () => {
    // sum 19; 19 × 25 / 9 = 475 / 9 = 52.777… → 52.7778
    expect(score([2, 2, 2, 2, 2, 2, 2, 2, 3]).score).toBe(52.7778);
  });

  it('one missing: mean of the eight answered, exact → 71.875', () => {
    // 4+3+3+2+4+1+3+3 = 23; 23 × 25 / 8 = 575 / 8 = 71.875
    expect(score([4, 3, 3, 2, 4, 1, 3, 3, null])).toMatchObject({ score: 71.875, answeredItems: 8, missingItems: 1 });
  });

  it('two missing (the limit): mean of the seven answered → 67.8571, noted as prorated', () => {
    // 3+3+2+4+1+3+3 = 19; 19 × 25 / 7 = 475 / 7 = 67.857142… → 67.8571
    const s = score([null, 3, 3, 2, 4, 1, 3, 3, null]);
    expect(s).toMatchObject({ score: 67.8571, answeredItems: 7, missingItems: 2 });
    expect(s.note).toMatch(/prorated/);
  });

  it('three missing: no score; the items are optional, so the submission itself is accepted', () => {
    expect(score([null, null, null, 2, 4, 1, 3, 3, 4])).toMatchObject({ score: null, answeredItems: 6, missingItems: 3 });
    expect(score([null, null, null, null, null, null, null, null, null])).toMatchObject({ score: null, answeredItems: 0 });
  });

  it('"would recommend" has its own 5-point likelihood scale with the same codes', () => {
    const recommend = SMP_SAT.items[8]!;
    expect(recommend.options.map((o) => [o.code, o.label['en']])).toEqual([
      [0, 'Very unlikely'],
      [1, 'Unlikely'],
      [2, 'Not sure'],
      [3, 'Likely'],
      [4, 'Very likely'],
    ]);
  });

  it('declares 0–100, higher is better, up to 2 missing, no reliability or MCID yet', () => {
    expect(SMP_SAT.items).toHaveLength(9);
    expect(SMP_SAT.items.every((i) => !i.required && !i.reverse)).toBe(true);
    expect(SMP_SAT.scales[0]).toMatchObject({ method: 'MEAN_SCALED', multiplier: 25, min: 0, max: 100, higherIsBetter: true, missing: { kind: 'PRORATE', maxMissing: 2 }, mcid: null, reliability: null });
  });
});
