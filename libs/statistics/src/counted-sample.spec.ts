import { checkCounted, countedOf, meanOfCounted, mergeCounted, quantileOfCounted, sizeOf, varianceOfCounted } from './counted-sample.js';
import { StatisticsInputError } from './reasons.js';
import { summarize } from './descriptive.js';
import { wilcoxonSignedRank } from './wilcoxon.js';

describe('counted samples', () => {
  it('count raw values (−0 as 0) in ascending order', () => {
    expect(countedOf([3, -0, 1, 3, 0, 3])).toEqual({ values: [0, 1, 3], counts: [2, 1, 3] });
  });

  it('merge exactly: the merge of two parts is the count of all values', () => {
    const a = [1, 2, 2, 5, 7.25];
    const b = [2, 5, 5, -3, 7.25];
    expect(mergeCounted([countedOf(a), countedOf(b)])).toEqual(countedOf([...a, ...b]));
    expect(sizeOf(mergeCounted([countedOf(a), countedOf(b)]))).toBe(10);
  });

  it('merge any number of parts, overlapping or disjoint, empty ones included; one part is itself', () => {
    const parts = [[4, 1, 1, -2.5], [], [1, 9, 4, 4], [-7], [9, 9, 0.5]];
    expect(mergeCounted(parts.map(countedOf))).toEqual(countedOf(parts.flat()));
    expect(mergeCounted([])).toEqual({ values: [], counts: [] });
    const one = countedOf([3, 3, 1]);
    expect(mergeCounted([one])).toBe(one);
    expect(Object.isFrozen(mergeCounted([one, countedOf([2])]).values)).toBe(true);
  });

  it('validate a frozen sample once, and a sample that can still change on every check', () => {
    const open = { values: [1, 2], counts: [1, 1] };
    expect(checkCounted(open)).toBe(open);
    open.values[1] = 0; // no longer ascending: the next check must see it
    expect(() => checkCounted(open)).toThrow(StatisticsInputError);
    const kept = countedOf([5, 6]);
    expect(Object.isFrozen(kept) && Object.isFrozen(kept.values) && Object.isFrozen(kept.counts)).toBe(true);
    expect(checkCounted(kept)).toBe(kept);
  });

  it('give R type-7 quantiles across tied order statistics (R: quantile(c(1,1,2,3,3,3,10), p))', () => {
    const s = countedOf([1, 1, 2, 3, 3, 3, 10]);
    expect(quantileOfCounted(s, 0.25)).toBe(1.5);
    expect(quantileOfCounted(s, 0.5)).toBe(3);
    expect(quantileOfCounted(s, 0.9)).toBeCloseTo(5.8, 14);
    expect(quantileOfCounted(s, 0)).toBe(1);
    expect(quantileOfCounted(s, 1)).toBe(10);
  });

  it('give the variance of the raw values, exactly 0 when all are equal (R: var(c(2,4,4,4,5,5,7,9)) = 32/7)', () => {
    expect(varianceOfCounted(countedOf([2, 4, 4, 4, 5, 5, 7, 9]))).toBeCloseTo(32 / 7, 14);
    expect(varianceOfCounted(countedOf([0.1, 0.1, 0.1]))).toBe(0);
  });

  it('answer the statistics of a counted sample as of the raw one (summary, Wilcoxon with ties)', () => {
    const raw = [-2, -1, 0, 0, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4];
    const counted = countedOf(raw);
    expect(summarize(counted)).toEqual(summarize(raw));
    // By hand: |d| ties 1×4 (ranks 1–4, 2.5 each), 2×2 (5.5), 3×2 (7.5), 4×4 (10.5); V = 3·2.5 +
    // 5.5 + 2·7.5 + 4·10.5 = 70; σ² = 12·13·25/24 − (60 + 6 + 6 + 60)/48 = 159.75;
    // z = (70 − 39 − 0.5)/√159.75, two-sided p = erfc(z/√2).
    const w = wilcoxonSignedRank(counted);
    expect(w).toEqual(wilcoxonSignedRank(raw));
    expect(w.statistic).toBe(70);
    expect(w.pValue).toBeCloseTo(0.0158165, 6);
    expect(w.nZero).toBe(2);
    expect(w.ties).toBe(true);
  });

  it('refuse samples that are not counts of distinct ascending values', () => {
    for (const bad of [
      { values: [1, 2], counts: [1] },
      { values: [2, 1], counts: [1, 1] },
      { values: [1, 1], counts: [1, 1] },
      { values: [1], counts: [0] },
      { values: [1], counts: [1.5] },
      { values: [Number.NaN], counts: [1] },
    ]) expect(() => checkCounted(bad)).toThrow(StatisticsInputError);
  });
});

describe('kept moments of frozen samples', () => {
  it('gives a frozen sample the same size, mean and variance as a fresh computation, bit for bit, on every call', () => {
    const raw = [3.25, -1.5, 7, 7, 0.1, 0.1, 0.1, 12.75, -4];
    const kept = countedOf(raw);
    const fresh = () => ({ values: [...kept.values], counts: [...kept.counts] }); // mutable: never kept
    for (let i = 0; i < 3; i++) {
      expect(sizeOf(kept)).toBe(sizeOf(fresh()));
      expect(Object.is(meanOfCounted(kept), meanOfCounted(fresh()))).toBe(true);
      expect(Object.is(varianceOfCounted(kept), varianceOfCounted(fresh()))).toBe(true);
    }
    expect(sizeOf(kept)).toBe(9);
  });

  it('computes a mutable sample anew after it changes', () => {
    const s = { values: [1, 2], counts: [1, 1] };
    expect([sizeOf(s), meanOfCounted(s), varianceOfCounted(s)]).toEqual([2, 1.5, 0.5]);
    s.values[1] = 5;
    s.counts[0] = 3;
    expect([sizeOf(s), meanOfCounted(s), varianceOfCounted(s)]).toEqual([4, 2, 4]);
  });
});
