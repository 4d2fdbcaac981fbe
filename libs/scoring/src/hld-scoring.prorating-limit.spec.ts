import { HLD, scoreInstrument } from './index.js';

// HLD (project's own): six items 0–4, sum 0–24, higher = more distress; one missing item is
// prorated as sum × 6 / 5, two or more give no score. Answers for HLD_1 … HLD_6.
const hld = (codes: (number | null)[]) => Object.fromEntries(codes.map((c, i) => [`HLD_${i + 1}`, c]));
const score = (codes: (number | null)[]) => scoreInstrument(HLD, hld(codes))[0]!;

describe('HLD: sum 0–24, higher is worse, at most one missing item prorated', () => {
  it('minimum: all "not at all" → 0', () => {
    // 6 × 0 = 0
    expect(score([0, 0, 0, 0, 0, 0]).score).toBe(0);
  });

  it('maximum: all "extremely" → 24', () => {
    // 6 × 4 = 24
    expect(score([4, 4, 4, 4, 4, 4]).score).toBe(24);
  });

  it('mixed 3,1,4,2,0,2 → 12', () => {
    // 3 + 1 + 4 + 2 + 0 + 2 = 12
    expect(score([3, 1, 4, 2, 0, 2])).toEqual({ scaleKey: 'HLD_TOTAL', score: 12, answeredItems: 6, missingItems: 0, note: null });
  });

  it('one missing: 3,1,4,2,_,2 → 14.4', () => {
    // answered sum 12 over 5 items; 12 × 6 / 5 = 72 / 5 = 14.4
    const s = score([3, 1, 4, 2, null, 2]);
    expect(s).toMatchObject({ score: 14.4, answeredItems: 5, missingItems: 1 });
    expect(s.note).toMatch(/prorated/);
  });

  it('one missing at the top stays at the maximum: 4,4,4,4,4,_ → 24', () => {
    // 20 × 6 / 5 = 24
    expect(score([4, 4, 4, 4, 4, null]).score).toBe(24);
  });

  it('two missing (over the limit): no score, but the submission is accepted', () => {
    expect(score([3, null, 4, 2, null, 2])).toMatchObject({ score: null, answeredItems: 4, missingItems: 2 });
  });

  it('is marked higher-is-worse, PRORATE with maxMissing 1, items optional', () => {
    expect(HLD.scales[0]).toMatchObject({ key: 'HLD_TOTAL', method: 'SUM', min: 0, max: 24, higherIsBetter: false, missing: { kind: 'PRORATE', maxMissing: 1 }, mcid: null, reliability: null });
    expect(HLD.items.every((i) => !i.required && !i.reverse)).toBe(true);
  });
});
