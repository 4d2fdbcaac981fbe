// Reference: R quantile(type = 7), mean, sd (quantiles.json, make-reference.R).
import { mean, median, quantile, sampleSd, sampleVariance, summarize } from './descriptive.js';
import { StatisticsInputError } from './reasons.js';
import { expectClose, expectNullContract, loadFixture } from './spec-helpers.js';

interface QCase { values: number[]; probs: number[]; quantiles: number[]; mean: number; sd?: number }
const fx = loadFixture<{ cases: QCase[] }>('quantiles.json');

describe('type-7 quantiles, mean and SD against R', () => {
  it.each(fx.cases.map((c) => [c.values.length, c] as const))('n = %i', (_n, c) => {
    c.probs.forEach((p, i) => expectClose(quantile(c.values, p), c.quantiles[i]!, 1e-9, `q(${p})`));
    expectClose(mean(c.values), c.mean, 1e-9, 'mean');
    if (c.sd !== undefined) expectClose(sampleSd(c.values), c.sd, 1e-9, 'sd');
    const s = summarize(c.values);
    expectClose(s.median, c.quantiles[c.probs.indexOf(0.5)]!, 1e-9, 'median');
    expectClose(s.q1, c.quantiles[c.probs.indexOf(0.25)]!, 1e-9, 'q1');
    expectClose(s.q3, c.quantiles[c.probs.indexOf(0.75)]!, 1e-9, 'q3');
    expectNullContract(s);
  });
});

describe('small samples', () => {
  it('n = 0: every statistic null with reason EMPTY', () => {
    const s = summarize([]);
    expect(s).toEqual({
      n: 0, mean: null, sd: null, median: null, q1: null, q3: null, iqr: null,
      reasons: { mean: 'EMPTY', sd: 'EMPTY', median: 'EMPTY', q1: 'EMPTY', q3: 'EMPTY', iqr: 'EMPTY' },
    });
    expect([mean([]), sampleSd([]), median([]), quantile([], 0.3)]).toEqual([null, null, null, null]);
  });

  it('n = 1: mean and quantiles are the value, SD null (N_LT_2)', () => {
    expect(summarize([7.5])).toEqual({
      n: 1, mean: 7.5, sd: null, median: 7.5, q1: 7.5, q3: 7.5, iqr: 0, reasons: { sd: 'N_LT_2' },
    });
  });

  it('n = 2 by hand: values 1, 4 -> mean 2.5, SD = √((1.5² + 1.5²)/1) = √4.5, q1 = 1 + 0.25·3 = 1.75', () => {
    const s = summarize([4, 1]);
    expectClose(s.sd, Math.sqrt(4.5));
    expect([s.mean, s.median, s.q1, s.q3, s.iqr]).toEqual([2.5, 2.5, 1.75, 3.25, 1.5]);
  });

  it('identical values give SD exactly 0 and the value back as mean (no rounding drift)', () => {
    const values = Array.from({ length: 7 }, () => 0.1 + 0.2);
    expect(sampleVariance(values)).toBe(0);
    expect(mean(values)).toBe(0.1 + 0.2);
  });

  it('large offsets do not cancel: SD of 1e9 + (1, 2, 3) is 1', () => {
    expectClose(sampleSd([1e9 + 1, 1e9 + 2, 1e9 + 3]), 1, 1e-12);
  });

  it('rejects NaN, Infinity and probabilities outside [0, 1]', () => {
    expect(() => mean([1, Number.NaN])).toThrow(StatisticsInputError);
    expect(() => summarize([1, Infinity])).toThrow(StatisticsInputError);
    expect(() => quantile([1, 2], 1.1)).toThrow(StatisticsInputError);
  });
});
